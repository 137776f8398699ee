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

// Powers of ten a double holds exactly (10^0 … 10^22).
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, power) => 10 ** power)

/**
 * Rounds for presentation only: `digits` significant figures (a rate of 0.34496504867719546 prints as
 * 0.3449650), the value `Number(value.toPrecision(digits))` gives. A /compare row rounds ~25 figures
 * and toPrecision costs ~0.3 us (an exact decimal conversion and a parse), so the rounding is done
 * in arithmetic where that is provably the same double: the integer n nearest value × 10^k (10^k
 * exact) is unambiguous unless value × 10^k lies within 1e-6 of a half (its product is off by at most
 * ~1e-9), and n / 10^k is then the correctly rounded double of the decimal toPrecision writes, as the
 * parse of that decimal is. Near a half, when 10^k is not exact (k < 0 or > 22), or when n has not
 * `digits` digits (log10 off by one at a power of ten), toPrecision decides.
 */
export function significant(value: number, digits = 7): number {
  if (!Number.isFinite(value) || value === 0) return value
  const magnitude = Math.abs(value)
  const power = digits - 1 - Math.floor(Math.log10(magnitude))
  const scale = EXACT_POWERS_OF_TEN[power]
  if (scale !== undefined) {
    const scaled = magnitude * scale
    const nearest = Math.round(scaled)
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6 && nearest >= EXACT_POWERS_OF_TEN[digits - 1]! && nearest < EXACT_POWERS_OF_TEN[digits]!) {
      return value < 0 ? -nearest / scale : nearest / scale
    }
  }
  return Number(value.toPrecision(digits))
}
