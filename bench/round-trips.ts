// The probe's round trips of one phase, and the figures the table shows.

export interface RoundTrips {
  sent: number;
  /** Every answer's round trip in ms, refusals included. */
  answeredMs: number[];
  /** Answered with { ok: false }. */
  refused: number;
  /** No answer within the probe's timeout. */
  unanswered: number;
  firstRefusal?: string;
}

export interface RoundTripSummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** Refused or unanswered. */
  failed: number;
}

export function noRoundTrips(): RoundTrips {
  return { sent: 0, answeredMs: [], refused: 0, unanswered: 0 };
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(ascending: readonly number[], fraction: number): number {
  if (ascending.length === 0) return Number.NaN;
  return ascending[Math.max(0, Math.ceil(fraction * ascending.length) - 1)]!;
}

/** An unanswered round trip counts as infinitely slow: a probe that never came back must not improve the p99. */
export function summarize(trips: RoundTrips): RoundTripSummary {
  const ascending = [...trips.answeredMs, ...Array<number>(trips.unanswered).fill(Infinity)].sort((a, b) => a - b);
  return {
    count: trips.sent,
    p50: percentile(ascending, 0.5),
    p99: percentile(ascending, 0.99),
    max: ascending.at(-1) ?? Number.NaN,
    failed: trips.refused + trips.unanswered,
  };
}
