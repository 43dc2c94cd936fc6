// Preloaded into each server the bench starts (`node --import`): when the bench's end of stdin closes, even if the
// bench was killed, the server exits too.
process.stdin.once('end', () => process.exit(0));
process.stdin.resume();
