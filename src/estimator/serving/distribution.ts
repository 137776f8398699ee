// Percentiles of TTFT, TPOT and end-to-end latency from the model of the queue and of step-time
// variation (no fixed multipliers). Every request is taken to have the same prompt and output lengths.
import type { AdmissionWait, LoadResult } from './load.js'
import { PERCENTILE_SHARE, Z_SCORE, belowCapacityQueueMs, occupancyVariance, poissonQuantile, sumQuantile, waitQuantile, type Percentile } from './queue.js'
import { SATURATION_HORIZON_S } from './load.js'
import type { StartupWave } from './wave.js'

export interface Spread {
  mean: number
  p50: number
  p90: number
  p99: number
}

const PERCENTILES: readonly Percentile[] = ['p50', 'p90', 'p99']

function admissionQuantile(admission: AdmissionWait, share: number): number {
  switch (admission.shape.kind) {
    case 'fixed':
      return admission.meanMs
    case 'exponential':
      return waitQuantile(admission.meanMs, admission.shape.probabilityOfWaiting, share)
    case 'uniform':
      return 2 * admission.meanMs * share
  }
}

/**
 * TTFT = wait for a slot + wait for the step in progress + wait behind other prompts + the prompt's
 * own steps. The prompt's own steps are fixed; the waits are spread as their queues say. An open
 * loop's queue waits are at most what its horizon builds up (load.ts), figure by figure, so each
 * keeps rising with the rate; an overloaded one adds its growing backlog. A closed loop's run also
 * holds its start-up wave (see wave.ts).
 */
export function ttftSpread(load: LoadResult, closedLoop: boolean, wave?: StartupWave): Spread {
  const point = load.point
  // The prompt's own steps and the fixed per-request cost.
  const fixedMs = point.firstTokenMs - point.residualMs - point.prefillWaitMs
  const parts = (share: number) => [
    // The step in progress at arrival: its remaining time is spread evenly up to about twice its mean.
    { mean: point.residualMs, quantile: 2 * point.residualMs * share },
    ...queueParts(load, closedLoop, share)
  ]
  // The parts' means do not depend on the share: the mean is read from the median's parts.
  const median = parts(PERCENTILE_SHARE.p50)
  const steady = { mean: fixedMs + median.reduce((sum, part) => sum + part.mean, 0), p50: fixedMs + sumQuantile(median) } as Spread
  for (const percentile of ['p90', 'p99'] as const) steady[percentile] = fixedMs + sumQuantile(parts(PERCENTILE_SHARE[percentile]))
  return wave ? withWave(steady, Math.min(fixedMs, steady.p50), wave) : steady
}

/** The waits for a slot and behind other prompts, as independent parts (mean, quantile at `share`). */
function queueParts(load: LoadResult, closedLoop: boolean, share: number): { mean: number; quantile: number }[] {
  const point = load.point
  const admission = { mean: load.admission.meanMs, quantile: admissionQuantile(load.admission, share) }
  // Poisson arrivals wait behind other prompts with an exponential tail; clients of a closed loop with
  // equal lengths fall into step (a convoy), so their waits spread evenly up to twice the mean.
  const prefill = {
    mean: point.prefillWaitMs,
    quantile: closedLoop ? 2 * point.prefillWaitMs * share : waitQuantile(point.prefillWaitMs, Math.min(1, point.prefillBusyShare), share)
  }
  const horizonMs = load.horizonWaitMs
  if (horizonMs === undefined) return [admission, prefill]
  const horizon = { mean: horizonMs, quantile: waitQuantile(horizonMs, 1, share) }
  // Overloaded: the backlog (the admission wait) grows evenly, and the queues beyond it are what the
  // horizon builds up (their steady state is unbounded).
  if (load.saturated) return [admission, horizon]
  const ownMean = admission.mean + prefill.mean
  const ownQuantile = Number.isFinite(ownMean) ? sumQuantile([admission, prefill]) : Infinity
  const floor = load.bottleneckWait
  const floorQuantile = floor && (Number.isFinite(floor.meanMs) ? waitQuantile(floor.meanMs, floor.probabilityOfWaiting, share) : Infinity)
  return [{ mean: belowCapacityQueueMs(ownMean, floor?.meanMs, horizon.mean), quantile: belowCapacityQueueMs(ownQuantile, floorQuantile, horizon.quantile) }]
}

/** Whether an open loop's queue waits are the horizon's rather than their steady state's (near capacity, its queue would take longer than the horizon to settle). */
export function horizonBound(load: LoadResult): boolean {
  if (load.horizonWaitMs === undefined || load.saturated) return false
  // Below capacity the queue waits are one part (queueParts): capped when it reaches the horizon's.
  return queueParts(load, false, PERCENTILE_SHARE.p50)[0]!.mean >= load.horizonWaitMs
}

/** Points (time, share of requests at or below it) of a distribution known by its quantiles. */
function quantilePoints(spread: Spread, lowestMs: number): { ms: number; share: number }[] {
  return [
    { ms: lowestMs, share: 0 },
    { ms: spread.p50, share: 0.5 },
    { ms: spread.p90, share: 0.9 },
    { ms: spread.p99, share: 0.99 },
    { ms: spread.p99 + (spread.p99 - spread.p90), share: 1 }
  ]
}

/** Share of requests at or below `ms`, interpolating linearly between the points (a step where two points coincide). */
function shareBelow(points: readonly { ms: number; share: number }[], ms: number): number {
  if (ms < points[0]!.ms) return 0
  for (let index = 1; index < points.length; index++) {
    const low = points[index - 1]!
    const high = points[index]!
    if (ms < high.ms) return low.share + ((high.share - low.share) * (ms - low.ms)) / (high.ms - low.ms)
  }
  return 1
}

/** Share of an even spread between `fromMs` and `toMs` at or below `ms` (a step where they coincide). */
const evenShareBelow = (fromMs: number, toMs: number, ms: number) => (ms < fromMs ? 0 : toMs > fromMs ? Math.min(1, (ms - fromMs) / (toMs - fromMs)) : 1)

/**
 * TTFT over a whole closed-loop run: the start-up wave's admitted prompts spread evenly between its
 * first and last prompt, the clients queued behind them evenly from there to the last of them, and
 * the steady state for the rest of the run. Quantiles of the mixture by bisection.
 */
export function withWave(steady: Spread, lowestMs: number, wave: StartupWave): Spread {
  const points = quantilePoints(steady, lowestMs)
  const steadyShare = Math.max(0, 1 - wave.share - wave.queuedShare)
  const mixture = (ms: number) =>
    steadyShare * shareBelow(points, ms) + wave.share * evenShareBelow(wave.firstMs, wave.lastMs, ms) + wave.queuedShare * evenShareBelow(wave.lastMs, wave.queuedLastMs, ms)
  const spread = { mean: steadyShare * steady.mean + (wave.share * (wave.firstMs + wave.lastMs)) / 2 + (wave.queuedShare * (wave.lastMs + wave.queuedLastMs)) / 2 } as Spread
  for (const percentile of PERCENTILES) {
    let low = Math.min(lowestMs, wave.firstMs)
    let high = Math.max(points.at(-1)!.ms, wave.queuedLastMs)
    for (let iteration = 0; iteration < 40 && high - low > 1e-6 * high; iteration++) {
      const middle = (low + high) / 2
      if (mixture(middle) >= PERCENTILE_SHARE[percentile]) high = middle
      else low = middle
    }
    spread[percentile] = high
  }
  return spread
}

/**
 * TPOT of one request is the mean of its output steps. It varies from request to request because the
 * number of steps that also carry prompt chunks varies (binomial over its steps) and because the
 * number of sequences it shares steps with varies over its life.
 */
export function tpotSpread(load: LoadResult, outputTokens: number, closedLoopConcurrency: number | undefined, nextTokenStepMs: number): Spread {
  const point = load.point
  // One output token: no token follows the first. TPOT is then the step one more token would take
  // (a decode step of one sequence), not the mean of steps that carry nothing but prompts.
  if (outputTokens <= 1) return { mean: nextTokenStepMs, p50: nextTokenStepMs, p90: nextTokenStepMs, p99: nextTokenStepMs }
  const steps = Math.max(1, outputTokens - 1)
  const share = point.mixedStepShare
  const mixingSd = (point.mixedStepMs - point.decodeStepMs) * Math.sqrt((share * (1 - share)) / steps)
  const others = point.decodeSequences - 1
  // Poisson arrivals: the count of others varies like a Poisson count; a closed loop of N: binomially
  // over N − 1 clients. Averaging over the request's own life halves the variance.
  const variance = occupancyVariance(others, closedLoopConcurrency === undefined ? undefined : closedLoopConcurrency - 1)
  const occupancySd = point.stepMsPerSequence * Math.sqrt(variance / 2)
  // A request's TPOT is the mean of its steps, so it never exceeds its longest kind of step (with
  // the occupancy it meets): the normal approximation of the mixed-step count overshoots that with a
  // few output tokens (one step, half of them mixed: 1.66 mixed steps at the p99).
  const longestStepMs = Math.max(point.mixedStepMs, point.decodeStepMs, point.meanStepMs)
  const spread = { mean: point.meanStepMs } as Spread
  for (const percentile of PERCENTILES) {
    const z = Z_SCORE[percentile]
    // Poisson arrivals: the others a request overlaps over its life are a Poisson count of twice the
    // mean in flight (those there when it starts, and as many arriving before it ends), each beside
    // it for about half its life; the quantile of that count, halved, bounds the normal
    // approximation where few are in flight (and meets it where many are: z·√(2·others)/2). A
    // trickle leaves nine requests in ten alone: their p90 is the lone step, not the lone step plus a
    // deviation that planned a replica at 4e-6 requests/s against a TPOT limit the lone step meets.
    const overlapQuantile = closedLoopConcurrency === undefined ? poissonQuantile(2 * others, PERCENTILE_SHARE[percentile]) : undefined
    const occupancyDeviation = Math.min(z * occupancySd, overlapQuantile === undefined ? Infinity : point.stepMsPerSequence * Math.max(0, overlapQuantile / 2 - others))
    // Likewise the count of the request's steps that carry prompts, when they are few: at most a
    // Poisson count of the same mean (a binomial one is less spread). The quantiles ramp between
    // counts: stepping, they made TPOT p99 leap eightfold between neighbouring rates with 3 output tokens.
    const mixedQuantile = poissonQuantile(steps * share, PERCENTILE_SHARE[percentile])
    const mixingDeviation = Math.min(z * mixingSd, mixedQuantile === undefined ? Infinity : ((point.mixedStepMs - point.decodeStepMs) * Math.max(0, mixedQuantile - steps * share)) / steps)
    spread[percentile] = Math.max(point.decodeStepMs * 0.5, Math.min(point.meanStepMs + Math.hypot(mixingDeviation, occupancyDeviation), longestStepMs + occupancyDeviation))
  }
  return spread
}

/** End to end: TTFT plus (output − 1) × TPOT, their spreads combined as independent parts. */
export function e2eSpread(ttft: Spread, tpot: Spread, outputTokens: number): Spread {
  const steps = Math.max(0, outputTokens - 1)
  const spread = { mean: ttft.mean + steps * tpot.mean } as Spread
  for (const percentile of PERCENTILES) {
    spread[percentile] = sumQuantile([
      { mean: ttft.mean, quantile: ttft[percentile] },
      { mean: steps * tpot.mean, quantile: steps * tpot[percentile] }
    ])
  }
  return spread
}

export const SATURATION_HORIZON_MINUTES = SATURATION_HORIZON_S / 60
