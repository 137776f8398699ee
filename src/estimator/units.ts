// Unit conventions shared by every formula: 1 GB = 1e9 bytes, TFLOPS = 1e12 FLOP/s, GB/s = 1e9 B/s.
export const BYTES_PER_GB = 1e9
export const FLOPS_PER_TFLOP = 1e12
export const MS_PER_HOUR = 3_600_000
export const SECONDS_PER_DAY = 86_400
/** A month for monthly costs: 730 hours (8,760 / 12), 365 / 12 days. */
export const HOURS_PER_MONTH = 730
export const DAYS_PER_MONTH = 365 / 12

export const toGB = (bytes: number) => bytes / BYTES_PER_GB

/** 10 ** digits for the digits answers round to, worked out once (an answer rounds ~50 figures). */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, digits) => 10 ** digits)

/** Rounds for presentation only (never inside a formula): keeps `digits` significant decimals. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value)) return value
  const scale = POWERS_OF_TEN[digits] ?? 10 ** digits
  return Math.round(value * scale) / scale
}

/** Rounds for presentation only: `digits` significant figures (a rate of 0.34496504867719546 prints as 0.3449650). */
export function significant(value: number, digits = 7): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value
}
