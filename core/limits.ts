// Limits the lesson and the validation messages both mention; change them here only.
export const NAME_MAX_LENGTH = 24;
export const ROOM_MAX_LENGTH = 32;
export const TEXT_MAX_LENGTH = 2000;
export const ROOM_PATTERN = /^[a-z0-9_-]+$/;
