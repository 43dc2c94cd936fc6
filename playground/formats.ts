// How times, durations and sizes are written on the page: the same on every element, readable from the back row.

// Milliseconds shown on purpose: the lessons compare times a few milliseconds apart.
const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});
const whole = new Intl.NumberFormat('en');

/** A moment as a clock time with milliseconds, e.g. 14:03:07.215. */
export function formatClock(ms: number): string {
  return clock.format(new Date(ms));
}

/** A moment for <time datetime>: ISO 8601 with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}

/** A duration: "4 ms", "1,250 ms", "3.2 s". */
export function formatDuration(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${whole.format(Math.round(ms))} ms`;
}

export function formatBytes(bytes: number): string {
  return `${whole.format(bytes)} B`;
}

export function formatCount(count: number): string {
  return whole.format(count);
}
