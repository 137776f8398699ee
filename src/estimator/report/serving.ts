// The `serving` section of an answer under load, its error bands, and the operating-point figures
// the top-level latency, throughput and memory sections report when a load is given.
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import type { ServingEstimate } from '../../schemas/serving.js'
import { kvBitsPerValue, sequenceKvBytes } from '../physics/model.js'
import type { SelfHostedScenario } from '../scenario.js'
import type { ServingResult, Spread } from '../serving/index.js'
import { round, significant, toGB } from '../units.js'
import { durationRange, servingBandFor, speedRange, type Band } from './bands.js'

const round4 = (value: number) => round(value, 4)
const spread4 = (spread: Spread) => ({ mean: round4(spread.mean), p50: round4(spread.p50), p90: round4(spread.p90), p99: round4(spread.p99) })
const rounded = (range: { low: number; high: number }) => ({ low: round4(range.low), high: round4(range.high) })

export interface ServingBands {
  ttft: Band
  tpot: Band
  throughput: Band
}

export function servingBands(scenario: SelfHostedScenario): ServingBands {
  return {
    ttft: servingBandFor(scenario.catalog, scenario.engine, 'ttftMs'),
    tpot: servingBandFor(scenario.catalog, scenario.engine, 'tpotMs'),
    throughput: servingBandFor(scenario.catalog, scenario.engine, 'outputTokensPerSecond')
  }
}

/**
 * A rate as the answer gives it: 4 decimals from 1 up (5 significant digits or more), 6 significant
 * digits below, so that small loads keep tokens/s = requests/s × output tokens (4 decimals answered
 * 0.001 output tokens/s for 0.00095, +5%). Counts of sequences keep 4 decimals (a queue of 1e-12 is none).
 */
const rate = (value: number) => (Math.abs(value) >= 1 ? round4(value) : significant(value, 6))

export function servingSection(scenario: SelfHostedScenario, result: ServingResult, bands: ServingBands): ServingEstimate {
  return {
    ttftMs: spread4(result.ttftMs),
    tpotMs: spread4(result.tpotMs),
    e2eMs: spread4(result.e2eMs),
    outputTokensPerSecond: rate(result.outputTokensPerSecond),
    totalTokensPerSecond: rate(result.totalTokensPerSecond),
    requestsPerSecond: rate(result.requestsPerSecond),
    outputTokensPerSecondPerUser: rate(result.outputTokensPerSecondPerUser),
    runningSequences: round4(result.runningSequences),
    queuedRequests: round4(result.queuedRequests),
    saturated: result.saturated,
    capacity: {
      outputTokensPerSecond: rate(result.capacity.outputTokensPerSecond),
      totalTokensPerSecond: rate(result.capacity.totalTokensPerSecond),
      requestsPerSecond: rate(result.capacity.requestsPerSecond),
      maxRunningSequences: result.capacity.maxRunningSequences,
      limitedBy: result.capacity.limitedBy
    },
    engineSettings: {
      maxRunningSequences: result.limits.engineSequenceLimit,
      maxBatchedTokens: result.limits.maxBatchedTokens,
      memoryFraction: scenario.engine.memory.memoryFraction,
      engineVersion: scenario.engine.version ?? 'unpinned'
    },
    range: {
      ttftMs: rounded(durationRange(result.ttftMs.mean, bands.ttft)),
      tpotMs: rounded(durationRange(result.tpotMs.mean, bands.tpot)),
      outputTokensPerSecond: rounded(speedRange(result.outputTokensPerSecond, bands.throughput)),
      basis: `10th-90th percentile of leave-one-group-out measured/estimated ratios on published serving runs: TTFT ${bands.ttft.basis}; TPOT ${bands.tpot.basis}; throughput ${bands.throughput.basis}`
    }
  }
}

/** Top-level latency, throughput and range at the serving operating point (means; the percentiles are in `serving`). */
export function operatingPointSections(
  scenario: SelfHostedScenario,
  result: ServingResult,
  bands: ServingBands,
  prefillBound: 'compute' | 'memory'
): Pick<EstimateResponse, 'latency' | 'throughput' | 'range'> {
  const perUser = result.outputTokensPerSecondPerUser
  const prefillTokensPerSecond = result.requestsPerSecond * scenario.promptTokens
  const ttft = durationRange(result.ttftMs.mean, bands.ttft)
  const tpot = durationRange(result.tpotMs.mean, bands.tpot)
  const steps = Math.max(0, scenario.outputTokens - 1)
  return {
    latency: { ttftMs: round4(result.ttftMs.mean), tpotMs: round4(result.tpotMs.mean), totalMs: round4(result.e2eMs.mean), prefillBound, decodeBound: result.stepBound },
    throughput: {
      decodeTokensPerSecond: round4(perUser),
      outputTokensPerSecond: round4(result.outputTokensPerSecond),
      prefillTokensPerSecond: round4(prefillTokensPerSecond)
    },
    range: {
      ttftMs: rounded(ttft),
      tpotMs: rounded(tpot),
      totalMs: rounded({ low: ttft.low + steps * tpot.low, high: ttft.high + steps * tpot.high }),
      decodeTokensPerSecond: rounded(speedRange(perUser, bands.tpot)),
      outputTokensPerSecond: rounded(speedRange(result.outputTokensPerSecond, bands.throughput)),
      prefillTokensPerSecond: rounded(speedRange(prefillTokensPerSecond, bands.throughput)),
      basis: `serving calibration (leave-one-group-out quantiles): TTFT ${bands.ttft.basis}; TPOT ${bands.tpot.basis}; throughput ${bands.throughput.basis}`
    }
  }
}

/** KV cache the running sequences hold at the operating point (each at its mean length, prompt + half the output), GB. */
export function servingKvCacheGB(scenario: SelfHostedScenario, result: ServingResult): number {
  const perSequence = sequenceKvBytes(scenario.model.architecture, kvBitsPerValue(scenario.kvPrecision), scenario.promptTokens + scenario.outputTokens / 2)
  return round4(toGB(perSequence * result.runningSequences))
}
