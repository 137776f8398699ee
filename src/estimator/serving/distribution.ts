// Percentiles of TTFT, TPOT and end-to-end latency from the model of the queue and of step-time
// variation (no fixed multipliers). Every request is taken to have the same prompt and output lengths.
import type { AdmissionWait, LoadResult } from './load.js'
import { PERCENTILE_SHARE, Z_SCORE, sumQuantile, waitQuantile, type Percentile } from './queue.js'
import { SATURATION_HORIZON_S } from './load.js'

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
    case 'uniform':
      return 2 * admission.meanMs * share
    case 'exponential':
      return waitQuantile(admission.meanMs, admission.shape.probabilityOfWaiting, share)
  }
}

/**
 * TTFT = wait for a slot + wait for the step in progress + wait behind other prompts + the prompt's
 * own steps. The prompt's own steps are fixed; the waits are spread as their queues say.
 */
export function ttftSpread(load: LoadResult, closedLoop: boolean): Spread {
  const point = load.point
  // The prompt's own steps and the fixed per-request cost.
  const fixedMs = point.firstTokenMs - point.residualMs - point.prefillWaitMs
  const parts = (share: number) => [
    { mean: load.admission.meanMs, quantile: admissionQuantile(load.admission, share) },
    // The step in progress at arrival: its remaining time is spread evenly up to about twice its mean.
    { mean: point.residualMs, quantile: 2 * point.residualMs * share },
    // Poisson arrivals wait behind other prompts with an exponential tail; clients of a closed loop with
    // equal lengths fall into step (a convoy), so their waits spread evenly up to twice the mean.
    {
      mean: point.prefillWaitMs,
      quantile: closedLoop ? 2 * point.prefillWaitMs * share : waitQuantile(point.prefillWaitMs, Math.min(1, point.prefillUtilisation), share)
    }
  ]
  const mean = fixedMs + load.admission.meanMs + point.residualMs + point.prefillWaitMs
  const spread = { mean } as Spread
  for (const percentile of PERCENTILES) spread[percentile] = fixedMs + sumQuantile(parts(PERCENTILE_SHARE[percentile]))
  return spread
}

/**
 * TPOT of one request is the mean of its output steps. It varies from request to request because the
 * number of steps that also carry prompt chunks varies (binomial over its steps) and because the
 * number of sequences it shares steps with varies over its life.
 */
export function tpotSpread(load: LoadResult, outputTokens: number, closedLoopConcurrency: number | undefined): Spread {
  const point = load.point
  const steps = Math.max(1, outputTokens - 1)
  const share = point.mixedStepShare
  const mixingSd = (point.mixedStepMs - point.decodeStepMs) * Math.sqrt((share * (1 - share)) / steps)
  const others = point.decodeSequences - 1
  // Poisson arrivals: the count of others varies like a Poisson count; a closed loop of N: binomially
  // over N − 1 clients. Averaging over the request's own life halves the variance.
  const occupancyVariance =
    closedLoopConcurrency === undefined
      ? others
      : closedLoopConcurrency > 1
        ? others * (1 - others / (closedLoopConcurrency - 1))
        : 0
  const occupancySd = point.stepMsPerSequence * Math.sqrt(Math.max(0, occupancyVariance) / 2)
  const sd = Math.hypot(mixingSd, occupancySd)
  const spread = { mean: point.meanStepMs } as Spread
  for (const percentile of PERCENTILES) spread[percentile] = Math.max(point.decodeStepMs * 0.5, point.meanStepMs + Z_SCORE[percentile] * sd)
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
