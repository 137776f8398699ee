// Unit conventions shared by every formula: 1 GB = 1e9 bytes, TFLOPS = 1e12 FLOP/s, GB/s = 1e9 B/s.
export const BYTES_PER_GB = 1e9
export const FLOPS_PER_TFLOP = 1e12
export const MS_PER_HOUR = 3_600_000

export const toGB = (bytes: number) => bytes / BYTES_PER_GB

/** Rounds for presentation only (never inside a formula): keeps `digits` significant decimals. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value)) return value
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}
