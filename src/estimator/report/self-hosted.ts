// The answer for a self-hosted scenario: physics (memory, timing) → cost, error bands, warnings,
// assumptions and sources, rounded for presentation.
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import { fewestDevicesFor, type MemoryResult } from '../physics/memory.js'
import { kvBitsPerValue } from '../physics/model.js'
import { runPhysicsOf, type RunPhysics } from '../physics/run.js'
import { computeEfficiency, timingFor, type TimingResult } from '../physics/timing.js'
import type { SelfHostedScenario } from '../scenario.js'
import { round, toGB } from '../units.js'
import { bandFor, durationRange, speedRange, type Band } from './bands.js'
import { batchDeviceHoursPerRequest, selfHostedCost, servingDeviceHoursPerRequest } from './cost.js'
import { selfHostedCostSection } from './cost-section.js'
import { SELF_HOSTED_FORMULA_IDS, SERVING_FORMULA_IDS } from './formulas.js'
import { operatingPointSections, servingBands, servingKvCacheGB, servingSection } from './serving.js'
import { scenarioSourceIds } from './sources.js'
import { answerVersions } from '../versions.js'
import { servingFor, type PreparedServing, type ServingResult } from '../serving/index.js'
import { selfHostedWarnings, servingWarnings } from './warnings.js'
import { warn, warningFields } from '../warning.js'
import { modelSection } from './model.js'

const round4 = (value: number) => round(value, 4)
const round4OrNull = (value: number | null) => (value === null ? null : round(value, 4))

function memorySection(scenario: SelfHostedScenario, memory: MemoryResult, minDevices: number | null): NonNullable<EstimateResponse['memory']> {
  const devices = scenario.deviceCount
  return {
    weightsGB: round4(toGB(memory.weightsBytes)),
    kvCacheGB: round4(toGB(memory.kvBytes)),
    activationsGB: round4(toGB(memory.activationBytesPerDevice * devices)),
    overheadGB: round4(toGB(memory.overheadBytesPerDevice * devices)),
    totalGB: round4(toGB(memory.weightsBytes + memory.kvBytes + (memory.activationBytesPerDevice + memory.overheadBytesPerDevice) * devices)),
    perDeviceGB: round4(toGB(memory.perDeviceBytes)),
    deviceMemoryGB: round4(toGB(memory.usablePerDeviceBytes)),
    engineReservedPerDeviceGB: round4(toGB(memory.reservedPerDeviceBytes)),
    fits: memory.fits,
    minDevices,
    kvCacheBytesPerToken: round(memory.kvBytesPerToken, 3),
    maxBatchSize: memory.maxBatchSize,
    maxContextTokens: memory.maxContextTokens
  }
}

/**
 * The memory section under a load: the KV cache is what the running sequences hold (servingKvCacheGB),
 * and the total and per-device figures carry that cache instead of the static batch's, spread evenly
 * over the devices, so totalGB stays weights + KV cache + activations + overhead.
 */
function underLoad(memory: NonNullable<EstimateResponse['memory']>, kvCacheGB: number, devices: number): NonNullable<EstimateResponse['memory']> {
  const moreGB = kvCacheGB - memory.kvCacheGB
  return { ...memory, kvCacheGB, totalGB: round4(memory.totalGB + moreGB), perDeviceGB: round4(memory.perDeviceGB + moreGB / devices) }
}

/**
 * The text saying where a batch estimate's ranges come from, per pair of bands. bandFor() hands out
 * one frozen band per catalog, engine and metric, so the text is written once per pair instead of
 * on every answer.
 */
const rangeBases = new WeakMap<Band, WeakMap<Band, string>>()
function rangeBasis(decodeBand: Band, prefillBand: Band): string {
  let byPrefill = rangeBases.get(decodeBand)
  if (!byPrefill) rangeBases.set(decodeBand, (byPrefill = new WeakMap()))
  let text = byPrefill.get(prefillBand)
  if (text === undefined) byPrefill.set(prefillBand, (text = `spread of measured/estimated ratios on the calibration set: decode ${decodeBand.basis}; prefill ${prefillBand.basis}`))
  return text
}

/** Speeds, and the ranges that the engine's calibration error bands put around latency and speed. */
function speedSections(scenario: SelfHostedScenario, timing: TimingResult): Pick<EstimateResponse, 'throughput' | 'range'> {
  const { promptTokens, outputTokens, batchSize } = scenario
  const decodeTokensPerSecond = 1000 / timing.tpotMs
  // Without a compute figure prompt processing is not timed: its figures and bands are null.
  const prefillTokensPerSecond = timing.ttftMs === null ? null : (promptTokens * batchSize) / (timing.ttftMs / 1000)
  const decodeBand = bandFor(scenario.catalog, scenario.engine, 'decodeTokensPerSecond')
  const prefillBand = bandFor(scenario.catalog, scenario.engine, 'prefillTokensPerSecond')
  const ttft = timing.ttftMs === null ? null : durationRange(timing.ttftMs, prefillBand)
  const tpot = durationRange(timing.tpotMs, decodeBand)
  const steps = Math.max(0, outputTokens - 1)
  const rounded = (range: { low: number; high: number }) => ({ low: round4(range.low), high: round4(range.high) })
  return {
    throughput: {
      decodeTokensPerSecond: round4(decodeTokensPerSecond),
      outputTokensPerSecond: round4(decodeTokensPerSecond * batchSize),
      prefillTokensPerSecond: round4OrNull(prefillTokensPerSecond)
    },
    range: {
      ttftMs: ttft === null ? null : rounded(ttft),
      tpotMs: rounded(tpot),
      totalMs: ttft === null ? null : rounded({ low: ttft.low + steps * tpot.low, high: ttft.high + steps * tpot.high }),
      decodeTokensPerSecond: rounded(speedRange(decodeTokensPerSecond, decodeBand)),
      outputTokensPerSecond: rounded(speedRange(decodeTokensPerSecond * batchSize, decodeBand)),
      prefillTokensPerSecond: prefillTokensPerSecond === null ? null : rounded(speedRange(prefillTokensPerSecond, prefillBand)),
      basis: rangeBasis(decodeBand, prefillBand)
    }
  }
}

/** Latency, throughput and ranges of a batch estimate (no load). */
function batchSpeeds(scenario: SelfHostedScenario, timing: TimingResult): Pick<EstimateResponse, 'throughput' | 'range' | 'latency'> {
  const { throughput, range } = speedSections(scenario, timing)
  return { throughput, range, latency: batchLatency(timing) }
}

const batchLatency = (timing: TimingResult): NonNullable<EstimateResponse['latency']> => ({
  ttftMs: round4OrNull(timing.ttftMs),
  tpotMs: round4(timing.tpotMs),
  totalMs: round4OrNull(timing.totalMs),
  prefillBound: timing.prefill === null ? null : timing.prefill.bound,
  decodeBound: timing.decode.bound
})

/** `prepared`, `physics`: the serving context and capacity, memory and efficiency of this scenario, when the caller has them already. */
export function selfHostedReport(scenario: SelfHostedScenario, prepared?: PreparedServing | null, physics: RunPhysics = runPhysicsOf(scenario)): EstimateResponse {
  const { model, hardware, engine, promptTokens, outputTokens, batchSize, deviceCount } = scenario
  const { memory, efficiency } = physics
  const minDevices = fewestDevicesFor(scenario, memory)
  const timing = timingFor(scenario, efficiency)
  const load = scenario.load
  // The serving model times prompts, so it needs the device's compute figure.
  const serving: ServingResult | null = load && timing.prefill !== null ? servingFor({ ...scenario, load }, efficiency, memory, prepared) : null
  const bands = serving ? servingBands(scenario) : null
  const cost = selfHostedCost(scenario, serving ? servingDeviceHoursPerRequest(scenario, serving.requestsPerSecond) : batchDeviceHoursPerRequest(scenario, timing.totalMs))
  const speeds = serving && bands ? operatingPointSections(scenario, serving, bands, timing.prefill?.bound ?? 'compute') : batchSpeeds(scenario, timing)
  const memorySummary = memorySection(scenario, memory, minDevices)
  const { warnings, warningIds } = warningFields([...scenario.warnings, ...selfHostedWarnings(scenario, memory, minDevices), ...(load ? (timing.prefill === null ? [warn('serving-needs-compute', 'serving under load is not estimated without a compute figure: the serving model times every prompt')] : servingWarnings(scenario, serving)) : [])])
  const { catalogVersion, estimatorVersion } = answerVersions(scenario.catalog)
  // Every field is written out: on Node 20 an object literal that starts with a spread and then
  // adds fields builds a new hidden class each time (~20 µs for this one, measured).
  return {
    catalogVersion,
    estimatorVersion,
    model: modelSection(model),
    hardware: { id: hardware.id, name: hardware.name, kind: hardware.kind },
    deployment: scenario.deployment,
    engine: engine.id,
    precision: scenario.precision.id,
    kvCachePrecision: scenario.kvPrecision.id,
    deviceCount,
    workload: { promptTokens, outputTokens, batchSize, concurrency: load?.kind === 'closed' ? load.concurrency : null, requestsPerSecond: load?.kind === 'open' ? load.requestsPerSecond : null },
    memory: serving ? underLoad(memorySummary, servingKvCacheGB(scenario, serving), deviceCount) : memorySummary,
    latency: speeds.latency,
    throughput: speeds.throughput,
    cost: selfHostedCostSection(scenario, cost),
    range: speeds.range,
    serving: serving && bands ? servingSection(scenario, serving, bands) : null,
    assumptions: {
      bytesPerWeight: round(memory.weightsBytes / (model.parametersB * 1e9), 5),
      kvBytesPerValue: kvBitsPerValue(scenario.kvPrecision) / 8,
      decodeBandwidthEfficiency: round(efficiency.bandwidth, 4),
      prefillComputeEfficiency: round(computeEfficiency(scenario, efficiency), 4),
      decodeStepOverheadMs: efficiency.stepOverheadMs,
      computeDtype: scenario.computeDtype,
      peakTflops: scenario.peakTflops > 0 ? scenario.peakTflops : null,
      multiDevice: deviceCount > 1 ? engine.multiDevice : null,
      electricityUsdPerKWh: scenario.deployment === 'cloud' ? null : scenario.electricityUsdPerKWh,
      formulaIds: load ? [...SELF_HOSTED_FORMULA_IDS, ...SERVING_FORMULA_IDS] : [...SELF_HOSTED_FORMULA_IDS]
    },
    sourceIds: scenarioSourceIds(scenario),
    warnings,
    warningIds
  }
}
