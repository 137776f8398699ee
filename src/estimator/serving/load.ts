// Where a deployment settles under a given load: a closed loop of N clients (each sends its next
// request when the last one answers), an open loop of requests arriving at rate λ (Poisson), and the
// capacity it sustains when requests never stop coming.
import { mdcWait } from './queue.js'
import { operatingPoint, type OperatingPoint, type ServingContext } from './operating-point.js'

/** Horizon over which an overloaded open loop is described: the first 10 minutes of arrivals. */
export const SATURATION_HORIZON_S = 600


export interface AdmissionWait {
  /** Mean wait for a free sequence slot, ms. */
  meanMs: number
  /** How the wait is spread: an exponential tail with this probability of waiting at all, uniform over the horizon when overloaded, or the same for everyone in a closed loop. */
  shape: { kind: 'exponential'; probabilityOfWaiting: number } | { kind: 'uniform' } | { kind: 'fixed' }
}

export interface Capacity {
  requestsPerSecond: number
  runningSequences: number
  limitedBy: 'engine-sequence-limit' | 'kv-cache' | 'compute' | 'bandwidth'
  point: OperatingPoint
}

export interface LoadResult {
  point: OperatingPoint
  admission: AdmissionWait
  /** Requests waiting for a slot (mean). */
  queuedRequests: number
  saturated: boolean
  capacity: Capacity
}

/** Share of the step budget prompts can use before their queue runs away (chunk packing is never perfect). */
export const USABLE_PREFILL_BUDGET = 0.95

/** Requests per second the deployment sustains with requests always waiting (an offline max-throughput run). */
export function capacityOf(context: ServingContext): Capacity {
  const slots = Math.max(1, context.limits.maxRunningSequences)
  const slotBound = operatingPoint(context, { kind: 'slots', slots }, 1)
  if (slotBound.prefillUtilisation <= USABLE_PREFILL_BUDGET) {
    return { requestsPerSecond: slotBound.throughputRps, runningSequences: slots, limitedBy: context.limits.limitedBy, point: slotBound }
  }
  // Prompts arrive faster than the step budget takes them: fewer sequences run, bounded by prefill.
  const point = operatingPoint(context, { kind: 'prefill-budget', utilisation: USABLE_PREFILL_BUDGET }, 1, slotBound.meanStepMs)
  return {
    requestsPerSecond: point.throughputRps,
    runningSequences: Math.min(slots, point.runningSequences),
    limitedBy: point.bound === 'compute' ? 'compute' : 'bandwidth',
    point
  }
}

/** Closed loop: N clients with no pause between requests; N = throughput × (time in system). */
export function closedLoop(context: ServingContext, concurrency: number, capacity: Capacity): LoadResult {
  const othersShare = (concurrency - 1) / concurrency
  const slots = Math.max(1, context.limits.maxRunningSequences)
  const point = operatingPoint(context, { kind: 'closed', concurrency }, othersShare)
  if (point.runningSequences <= slots * 1.0001 && point.prefillUtilisation <= USABLE_PREFILL_BUDGET && point.throughputRps <= capacity.requestsPerSecond * 1.0001) {
    return { point, admission: { meanMs: 0, shape: { kind: 'fixed' } }, queuedRequests: 0, saturated: false, capacity }
  }
  // More clients than the engine runs at once: it works at its limit and the rest wait for a slot.
  const served = capacity.requestsPerSecond
  const limited = capacity.point
  const meanMs = Math.max(0, (concurrency * 1000) / served - limited.cycleMs)
  return {
    point: limited,
    admission: { meanMs, shape: { kind: 'fixed' } },
    queuedRequests: (served * meanMs) / 1000,
    saturated: false,
    capacity
  }
}

/** Open loop: Poisson arrivals at λ; beyond capacity the queue grows for the whole horizon. */
export function openLoop(context: ServingContext, requestsPerSecond: number, capacity: Capacity): LoadResult {
  const slots = Math.max(1, context.limits.maxRunningSequences)
  if (requestsPerSecond < capacity.requestsPerSecond) {
    const point = operatingPoint(context, { kind: 'fixed', requestsPerSecond }, 1)
    const holdMs = point.prefillServiceMs + Math.max(0, context.scenario.outputTokens - 1) * point.meanStepMs
    const wait = mdcWait(slots, (requestsPerSecond * holdMs) / 1000, holdMs)
    if (Number.isFinite(wait.mean) && Number.isFinite(point.prefillWaitMs)) {
      return {
        point,
        admission: { meanMs: wait.mean, shape: { kind: 'exponential', probabilityOfWaiting: wait.probabilityOfWaiting } },
        queuedRequests: (requestsPerSecond * wait.mean) / 1000,
        saturated: false,
        capacity
      }
    }
  }
  // Overloaded: the engine serves at capacity; an arrival at time t waits (λ − μ)·t / μ.
  const served = capacity.requestsPerSecond
  const excess = Math.max(0, requestsPerSecond - served)
  const meanMs = served > 0 ? ((excess * SATURATION_HORIZON_S) / (2 * served)) * 1000 : SATURATION_HORIZON_S * 1000
  return {
    point: capacity.point,
    admission: { meanMs, shape: { kind: 'uniform' } },
    queuedRequests: (excess * SATURATION_HORIZON_S) / 2,
    saturated: true,
    capacity
  }
}
