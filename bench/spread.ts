// A figure measured over several rounds: its median and its spread (lowest and highest), failed rounds left out.

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every round's value, in the order measured; NaN for a round that failed. */
  values: number[];
}

export function spread(values: number[]): Spread {
  const measured = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (measured.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, values };
  const middle = Math.floor(measured.length / 2);
  const median = measured.length % 2 === 1 ? measured[middle]! : (measured[middle - 1]! + measured[middle]!) / 2;
  return { median, min: measured[0]!, max: measured.at(-1)!, values };
}
