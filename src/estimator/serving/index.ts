// The serving model's one entry: a run (model, device, engine, workload) under a load — N concurrent
// clients or R requests per second — gives TTFT, TPOT and end-to-end latency with percentiles, the
// deployment's throughput, what runs and waits, and the capacity it sustains. Pure: plain data in and out.
import type { EngineServing } from '../../schemas/catalog.js'
import type { Efficiency } from '../physics/efficiency.js'
import type { MemoryResult } from '../physics/memory.js'
import type { Load, SelfHostedScenario } from '../scenario.js'
import { e2eSpread, horizonBound, tpotSpread, ttftSpread, type Spread } from './distribution.js'
import { schedulerLimits, type SchedulerLimits } from './limits.js'
import { capacityOf, closedLoop, openLoop, type Capacity, type LoadResult } from './load.js'
import { idleStartOf, type ServingContext, type ServingFactors } from './operating-point.js'
import { stepTimer } from './step.js'
import { startupWave } from './wave.js'

export type { Spread } from './distribution.js'
export { SATURATION_HORIZON_S } from './load.js'

/** What an engine without fitted serving factors is taken to do: mixed chunked prefill, blocks on demand, no extra per-sequence cost. */
export const DEFAULT_ENGINE_SERVING: Pick<EngineServing, 'mixesPrefillWithDecode' | 'kvReservation' | 'perSequenceStepUs' | 'prefillQueueFactor'> = {
  mixesPrefillWithDecode: true,
  kvReservation: 'current-length',
  perSequenceStepUs: 0,
  prefillQueueFactor: 1
}

/**
 * Running sequences an engine allows when it sets no limit of its own: as many as the KV pool holds,
 * up to this bound (the largest batch any engine in the catalog builds graphs for).
 */
export const UNLIMITED_SEQUENCES = 4096

export interface ServingInput {
  scenario: SelfHostedScenario
  efficiency: Efficiency
  memory: Pick<MemoryResult, 'kvPoolPerDeviceBytes'>
  serving: Pick<EngineServing, 'mixesPrefillWithDecode' | 'kvReservation' | 'perSequenceStepUs' | 'prefillQueueFactor'>
  /** The engine's running-sequence limit in force (its default or the request's maxRunningSequences). */
  engineSequenceLimit: number | undefined
  /** The step token budget in force (maxBatchedTokens). */
  maxBatchedTokens: number
  load: Load
}

export interface CapacityFigures {
  outputTokensPerSecond: number
  totalTokensPerSecond: number
  requestsPerSecond: number
  maxRunningSequences: number
  limitedBy: Capacity['limitedBy']
}

export interface ServingResult {
  ttftMs: Spread
  tpotMs: Spread
  e2eMs: Spread
  outputTokensPerSecond: number
  totalTokensPerSecond: number
  requestsPerSecond: number
  outputTokensPerSecondPerUser: number
  runningSequences: number
  queuedRequests: number
  saturated: boolean
  /** An open loop whose queue would not settle within the horizon: its waits are what builds up in it. */
  horizonBound: boolean
  capacity: CapacityFigures
  limits: SchedulerLimits
  /** What bounds the mean step at this load. */
  stepBound: 'compute' | 'memory'
}

export function servingContext(input: Omit<ServingInput, 'load'>): ServingContext {
  const factors: ServingFactors = {
    perSequenceStepUs: input.serving.perSequenceStepUs,
    prefillQueueFactor: input.serving.prefillQueueFactor,
    mixesPrefillWithDecode: input.serving.mixesPrefillWithDecode
  }
  const limits = schedulerLimits(input.scenario, input.memory, input.engineSequenceLimit ?? UNLIMITED_SEQUENCES, input.maxBatchedTokens, input.serving.kvReservation)
  return {
    scenario: input.scenario,
    step: stepTimer(input.scenario, input.efficiency, factors),
    limits,
    factors,
    prefillOverheadMs: input.efficiency.prefillOverheadMs,
    idleStart: undefined,
    graphMaxBatch: input.efficiency.graphMaxBatch
  }
}

export function capacityFigures(context: ServingContext, capacity: Capacity): CapacityFigures {
  const { promptTokens, outputTokens } = context.scenario
  return {
    outputTokensPerSecond: capacity.requestsPerSecond * outputTokens,
    totalTokensPerSecond: capacity.requestsPerSecond * (promptTokens + outputTokens),
    requestsPerSecond: capacity.requestsPerSecond,
    maxRunningSequences: context.limits.maxRunningSequences,
    limitedBy: capacity.limitedBy
  }
}

/** The TTFT spread of a load result as the answer reports it: a closed loop's includes its start-up wave. */
export function reportedTtftSpread(context: ServingContext, result: LoadResult, closedLoopConcurrency: number | undefined): Spread {
  const wave = closedLoopConcurrency !== undefined ? startupWave(context, closedLoopConcurrency, result.point.throughputRps) : undefined
  return ttftSpread(result, closedLoopConcurrency !== undefined, wave)
}

/** The TPOT spread of a load result as the answer reports it. */
export function reportedTpotSpread(context: ServingContext, result: LoadResult, closedLoopConcurrency: number | undefined): Spread {
  return tpotSpread(result, context.scenario.outputTokens, closedLoopConcurrency, idleStartOf(context).decodeStep.ms)
}

/** The figures of a load result, as the answer reports them. */
export function servingFigures(context: ServingContext, result: LoadResult, closedLoopConcurrency: number | undefined): ServingResult {
  const { promptTokens, outputTokens } = context.scenario
  const ttft = reportedTtftSpread(context, result, closedLoopConcurrency)
  const tpot = reportedTpotSpread(context, result, closedLoopConcurrency)
  const requestsPerSecond = result.point.throughputRps
  return {
    ttftMs: ttft,
    tpotMs: tpot,
    e2eMs: e2eSpread(ttft, tpot, outputTokens),
    outputTokensPerSecond: requestsPerSecond * outputTokens,
    totalTokensPerSecond: requestsPerSecond * (promptTokens + outputTokens),
    requestsPerSecond,
    outputTokensPerSecondPerUser: 1000 / tpot.mean,
    runningSequences: Math.min(context.limits.maxRunningSequences, result.point.runningSequences),
    queuedRequests: result.queuedRequests,
    saturated: result.saturated,
    horizonBound: horizonBound(result),
    capacity: capacityFigures(context, result.capacity),
    limits: context.limits,
    stepBound: result.point.bound
  }
}

/** A deployment's serving context and capacity: what does not depend on the load, worked out once. */
export interface PreparedServing {
  context: ServingContext
  capacity: Capacity
  /** The figures at one load, when the caller has them already (/compare's rows of one candidate share their load). */
  atLoad?: { load: Load; result: ServingResult }
}

/** The context and capacity of a run; null when not one sequence fits the engine's KV pool. */
export function prepareServing(input: Omit<ServingInput, 'load'>): PreparedServing | null {
  const context = servingContext(input)
  return context.limits.maxRunningSequences < 1 ? null : { context, capacity: capacityOf(context) }
}

/**
 * Serving figures of a run under a load; null when not one sequence fits the engine's KV pool.
 * `prepared` is the same run's context and capacity when the caller already has them (/compare's
 * planner), so they are not worked out twice.
 */
export function serve(input: ServingInput, prepared: PreparedServing | null = prepareServing(input)): ServingResult | null {
  if (prepared === null) return null
  const known = prepared.atLoad
  if (known !== undefined && sameLoad(known.load, input.load)) return known.result
  const { context, capacity } = prepared
  const result = input.load.kind === 'closed' ? closedLoop(context, input.load.concurrency, capacity) : openLoop(context, input.load.requestsPerSecond, capacity)
  return servingFigures(context, result, input.load.kind === 'closed' ? input.load.concurrency : undefined)
}

const sameLoad = (one: Load, other: Load) =>
  one.kind === 'closed' ? other.kind === 'closed' && one.concurrency === other.concurrency : other.kind === 'open' && one.requestsPerSecond === other.requestsPerSecond

/** The serving model's inputs for a scenario, with its engine's scheduler as configured. */
export function servingInputOf(scenario: SelfHostedScenario, efficiency: Efficiency, memory: Pick<MemoryResult, 'kvPoolPerDeviceBytes'>): Omit<ServingInput, 'load'> {
  return {
    scenario,
    efficiency,
    memory,
    serving: scenario.engine.serving ?? DEFAULT_ENGINE_SERVING,
    engineSequenceLimit: scenario.engine.memory.maxSequences,
    maxBatchedTokens: scenario.engine.memory.maxTokensInFlight
  }
}

/** The serving figures of a scenario that carries a load. */
export function servingFor(scenario: SelfHostedScenario & { load: Load }, efficiency: Efficiency, memory: Pick<MemoryResult, 'kvPoolPerDeviceBytes'>, prepared?: PreparedServing | null): ServingResult | null {
  const input = { ...servingInputOf(scenario, efficiency, memory), load: scenario.load }
  return prepared === undefined ? serve(input) : serve(input, prepared)
}
