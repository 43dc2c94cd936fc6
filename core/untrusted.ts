// A value a client sent, looked at without trusting it: never its own code (a toString), never walked deep.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How much of an untrusted string an error message quotes back. */
const QUOTED_MAX = 40;

/**
 * Names an untrusted value for an error message without ever running its code: a value sent by a
 * client may carry a `toString` that is not a function, or nest 100,000 arrays deep.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > QUOTED_MAX ? `"${value.slice(0, QUOTED_MAX)}…"` : `"${value}"`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return typeof value;
}
