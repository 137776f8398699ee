// Queueing formulas the serving model uses, each a textbook result in its own small function.

/** Standard normal quantiles of the percentiles the service reports. */
export const Z_SCORE = { p50: 0, p90: 1.2815515655446004, p99: 2.3263478740408408 } as const
export type Percentile = keyof typeof Z_SCORE
export const PERCENTILE_SHARE: Record<Percentile, number> = { p50: 0.5, p90: 0.9, p99: 0.99 }

/**
 * P(Z > z) for a standard normal Z, from the complementary error function by Abramowitz and Stegun's
 * rational approximation 7.1.26 (absolute error below 1.5e-7).
 */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x)
  return z >= 0 ? erfc / 2 : 1 - erfc / 2
}

/** Past this mean a Poisson count is close enough to normal that poissonQuantile leaves it to the normal approximation. */
const POISSON_QUANTILE_MEAN_LIMIT = 50

/**
 * The quantile at `share` of a Poisson count X of mean `mean`, made continuous in the mean: the
 * smallest k with P(X ≤ k) ≥ share, less the part of P(X = k) beyond the share (the cumulative share
 * read linearly between counts), so that it ramps from one count to the next as the mean grows
 * instead of stepping (a figure built on it would otherwise leap between neighbouring loads).
 * Undefined past a mean of 50 (the normal approximation serves there).
 */
export function poissonQuantile(mean: number, share: number): number | undefined {
  if (!(mean >= 0) || mean > POISSON_QUANTILE_MEAN_LIMIT) return undefined
  let count = 0
  let term = Math.exp(-mean)
  let cumulative = term
  let below = 0
  while (cumulative < share && count < 10 * POISSON_QUANTILE_MEAN_LIMIT) {
    count++
    below = cumulative
    term *= mean / count
    cumulative += term
  }
  return count === 0 ? 0 : count - 1 + (share - below) / term
}

/**
 * Variance of the count of other sequences decoding beside a request, `others` on average: a Poisson
 * count for open arrivals; in a closed loop of `otherClients` other clients, each decoding or not, a
 * binomial count over them (none beyond them: a closed loop holding every client decoding has none).
 */
export function occupancyVariance(others: number, otherClients: number | undefined): number {
  if (otherClients === undefined) return Math.max(0, others)
  return otherClients > 0 ? Math.max(0, others * (1 - others / otherClients)) : 0
}

/**
 * Mean wait in an M/D/1 queue (Poisson arrivals, fixed service time): ρ·s / (2(1 − ρ)).
 * Infinity at or beyond full utilisation; callers treat that as saturation.
 */
export function mdOneWait(utilisation: number, serviceTime: number): number {
  if (utilisation <= 0) return 0
  if (utilisation >= 1) return Infinity
  return (utilisation * serviceTime) / (2 * (1 - utilisation))
}

/**
 * Below this, Erlang B only keeps falling (it drops below 1 − k/a only once k servers exceed the
 * load a, and from there each step multiplies it by less than a/k < 1), and the waiting probability
 * and wait it leads to are more than 16 orders of magnitude below every figure they are added to.
 */
const NEGLIGIBLE_BLOCKING = 1e-20
const LOG_NEGLIGIBLE_BLOCKING = Math.log(NEGLIGIBLE_BLOCKING)

/**
 * Where the Erlang B recurrence may start instead of at one server: this many standard deviations
 * (√a) below the offered load a. Below the load, each step of the recurrence shrinks an error in its
 * value by about k/a, so from a − 12√a a start that is off by a factor of two is off by less than
 * e^−72 at the load: nothing that a double can show (the answers equal the recurrence's from one
 * server, bit for bit, on a grid of 1 to 4,096 servers in test/estimator/serving/queue.test.ts).
 */
const WARM_START_DEVIATIONS = 12

/**
 * Erlang C: the probability that an arrival finds all `servers` busy in an M/M/c queue with offered
 * load `offered` (= arrival rate × service time), computed by the stable recurrence of Erlang B.
 * The recurrence runs once per server (a thousand for an engine with 1,024 sequence slots, the
 * serving model's most repeated loop: about 1.8 million steps for a 500-candidate /compare with a
 * daily volume), so it is cut three ways, none of which changes an answer:
 * - blocking at `servers` is at most 2·P(X = c) for X ~ Poisson(a) (c > a puts at least half of X at
 *   or below c), and Stirling's lower bound on c! bounds that from above: below NEGLIGIBLE_BLOCKING,
 *   the answer is 0 at once;
 * - the recurrence starts WARM_START_DEVIATIONS standard deviations below the load, from 1 − k/a;
 * - it stops, answering 0, once blocking is negligible.
 */
export function erlangC(servers: number, offered: number): number {
  if (offered <= 0) return 0
  if (offered >= servers) return 1
  const logBlockingBound = Math.LN2 - offered + servers * Math.log(offered) - (servers * Math.log(servers) - servers + 0.5 * Math.log(2 * Math.PI * servers))
  if (logBlockingBound < LOG_NEGLIGIBLE_BLOCKING) return 0
  const start = Math.floor(offered - WARM_START_DEVIATIONS * Math.sqrt(offered))
  let erlangB = start > 1 ? 1 - start / offered : 1
  for (let k = start > 1 ? start + 1 : 1; k <= servers; k++) {
    erlangB = (offered * erlangB) / (k + offered * erlangB)
    if (erlangB < NEGLIGIBLE_BLOCKING) return 0
  }
  const utilisation = offered / servers
  return erlangB / (1 - utilisation * (1 - erlangB))
}

/**
 * Mean wait for one of `servers` slots held for a fixed time `serviceTime` (M/D/c), by the usual
 * approximation of half the M/M/c wait: C(c, a) × s / (c − a) / 2.
 */
export function mdcWait(servers: number, offered: number, serviceTime: number): { mean: number; probabilityOfWaiting: number } {
  if (offered >= servers) return { mean: Infinity, probabilityOfWaiting: 1 }
  const probabilityOfWaiting = erlangC(servers, offered)
  return { mean: (probabilityOfWaiting * serviceTime) / (servers - offered) / 2, probabilityOfWaiting }
}

/**
 * Quantile of a wait that is zero with probability 1 − π and otherwise exponential, with overall
 * mean `mean` (the shape of M/G/1 and M/M/c waits): (mean/π) × ln(π / (1 − q)) above the atom.
 */
export function waitQuantile(mean: number, probabilityOfWaiting: number, share: number): number {
  if (!(mean > 0) || !(probabilityOfWaiting > 0)) return 0
  const pi = Math.min(1, probabilityOfWaiting)
  if (share <= 1 - pi) return 0
  return (mean / pi) * Math.log(pi / (1 - share))
}

/**
 * Quantile of a sum of independent parts from the parts' means and quantiles: the means add, and the
 * deviations combine as a root sum of squares (so one dominant part keeps its own shape).
 */
export function sumQuantile(parts: readonly { mean: number; quantile: number }[]): number {
  let mean = 0
  let positive = 0
  let negative = 0
  for (const part of parts) {
    mean += part.mean
    const deviation = part.quantile - part.mean
    if (deviation >= 0) positive += deviation * deviation
    else negative += deviation * deviation
  }
  return Math.max(0, mean + Math.sqrt(positive) - Math.sqrt(negative))
}

/**
 * An open loop's queue waits below capacity as one figure (a mean, or a quantile of each part): its
 * own queues (for a slot, then behind other prompts), at least the wait at the resource that sets the
 * capacity (`bottleneckMs`, when known), at most what the horizon builds up (`horizonMs`); the
 * horizon's where a steady-state figure is not finite. TTFT and the count of queued requests both read it.
 */
export function belowCapacityQueueMs(ownMs: number, bottleneckMs: number | undefined, horizonMs: number): number {
  if (!Number.isFinite(ownMs) || (bottleneckMs !== undefined && !Number.isFinite(bottleneckMs))) return horizonMs
  return Math.min(bottleneckMs === undefined ? ownMs : Math.max(ownMs, bottleneckMs), horizonMs)
}
