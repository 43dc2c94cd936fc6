// The lab's two namespaces: the chat's, where every card connects, and another one whose sockets no emit of / reaches.
// A file of their own so that the page's first load names them without the rest of the emit rules.

export const MAIN_NAMESPACE = '/';
export const OTHER_NAMESPACE = '/other';
