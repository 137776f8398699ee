// Capacity planning with the serving model: the highest request rate one replica takes while the
// latency constraints still hold at the chosen percentile, or 90% of its capacity without constraints.
import { openLoop, type Capacity } from './load.js'
import type { ServingContext } from './operating-point.js'
import { reportedTpotSpread, reportedTtftSpread, type PreparedServing } from './index.js'

export type LatencyPercentile = 'mean' | 'p50' | 'p90' | 'p99'

/** Share of capacity a replica is planned at when no latency constraint bounds it. */
export const UNCONSTRAINED_LOAD_SHARE = 0.9

export interface ReplicaTarget {
  maxTtftMs?: number | undefined
  maxTpotMs?: number | undefined
  percentile: LatencyPercentile
}

export interface ReplicaPlan {
  /** Requests per second one replica is planned to take. */
  requestsPerSecond: number
  capacityRequestsPerSecond: number
  boundedBy: 'maxTtftMs' | 'maxTpotMs' | 'capacity' | 'unmet'
}

/**
 * The planned load is found to within this share of itself: the search stops once the infeasible end
 * of the bracket is within it of the feasible end, which is kept. (A share of the ceiling instead left
 * a limit that binds at a few per cent of capacity most of a resolution short: 0.10 requests/s planned
 * where 0.177 met the limit, 1,140 replicas for 655.)
 */
const RESOLUTION = 1 / 64
/** At most this many evaluations between idle and the ceiling. */
const MAX_REFINEMENTS = 16

interface Excess {
  /** log(figure / limit) of the constraint broken worst; > 0 when one is broken. */
  logExcess: number
  by: 'maxTtftMs' | 'maxTpotMs'
}

/** How far a load is from breaking the constraints at the target percentile. */
function excessAt(context: ServingContext, rate: number, capacity: Capacity, target: ReplicaTarget): Excess {
  // Only the spreads the limits name, each as the answer reports it for an open loop.
  const result = openLoop(context, rate, capacity)
  const ttft = target.maxTtftMs === undefined ? -Infinity : Math.log(reportedTtftSpread(context, result, undefined)[target.percentile] / target.maxTtftMs)
  const tpot = target.maxTpotMs === undefined ? -Infinity : Math.log(reportedTpotSpread(context, result, undefined)[target.percentile] / target.maxTpotMs)
  return ttft >= tpot ? { logExcess: ttft, by: 'maxTtftMs' } : { logExcess: tpot, by: 'maxTpotMs' }
}

/** The queueing variable −ln(1 − rate / capacity), and back. */
const queueingOf = (rate: number, capacityRps: number) => -Math.log1p(-rate / capacityRps)
const rateAtQueueing = (queueing: number, capacityRps: number) => -capacityRps * Math.expm1(-queueing)
const within = (rate: number, low: number, high: number) => Number.isFinite(rate) && rate > low && rate < high

/**
 * The planned load of one replica: 90% of capacity when that meets the constraints, else the highest
 * rate that does, found to 1/64 of itself with the feasible end always kept (when no feasible rate turns
 * up in the search, below the lowest rate it tried, to within 3%); `unmet` (planned at 90% of capacity)
 * when even an idle replica breaks them.
 *
 * The root of log(figure / limit) is bracketed between an idle replica (rate 0: no fixed point to
 * solve, so cheap) and the ceiling, and searched in the queueing variable −ln(1 − rate / capacity), in
 * which latencies that grow like 1 / (1 − utilisation) are straight lines: a first guess from both
 * ends, then secant steps through the two latest evaluations, regula falsi (Illinois) when one end
 * moved twice running, and bisection when two steps did not halve the bracket (a latency that jumps).
 * A guess within the resolution of an end moves to the resolution away from it, so the bracket closes
 * in one step once the root is pinned down.
 */
export function planReplica({ context, capacity }: PreparedServing, target: ReplicaTarget): ReplicaPlan {
  const capacityRps = capacity.requestsPerSecond
  const ceiling = capacityRps * UNCONSTRAINED_LOAD_SHARE
  const atCeiling = excessAt(context, ceiling, capacity, target)
  if (!(atCeiling.logExcess > 0)) return { requestsPerSecond: ceiling, capacityRequestsPerSecond: capacityRps, boundedBy: 'capacity' }
  const atIdle = excessAt(context, 0, capacity, target)
  // Even an idle replica misses a constraint (so a trickle does too): size at 90% of capacity like an
  // unconstrained row (the row then misses its constraints and says so) rather than buying replicas
  // that cannot help.
  if (atIdle.logExcess > 0) return { requestsPerSecond: ceiling, capacityRequestsPerSecond: capacityRps, boundedBy: 'unmet' }
  let low = { rate: 0, queueing: 0, excess: atIdle.logExcess }
  let high = { rate: ceiling, queueing: queueingOf(ceiling, capacityRps), excess: atCeiling.logExcess }
  let boundedBy = atCeiling.by
  // The two latest evaluations: their secant gives the next guess (it converges faster than the bracket's
  // ends) unless the same end moved twice running; then regula falsi between the ends, with the stale
  // end's value halved (Illinois) so that it moves too.
  let previous = low
  let latest = high
  let lastMoved: 'low' | 'high' | null = null
  let stalled = false
  // Whether the last guess, moved a resolution away from an end, left the root on the same side (the
  // end crept by one resolution: a figure that stays a hair under its limit across the bracket puts
  // every secant at that end). The next guess bisects.
  let crept = false
  // Bracket widths before the last two evaluations: when two steps have not halved it, bisect.
  const widths = [Infinity, Infinity]
  // The bracket's resolution: a share of its infeasible end, so of the answer once it is pinned down.
  const resolutionOf = () => high.rate * RESOLUTION
  for (let step = 0; step < MAX_REFINEMENTS && high.rate - low.rate > resolutionOf(); step++) {
    const resolution = resolutionOf()
    const width = high.rate - low.rate
    const slow = width > widths[0]! / 2
    widths.shift()
    widths.push(width)
    const secant = rateAtQueueing(latest.queueing - (latest.excess * (latest.queueing - previous.queueing)) / (latest.excess - previous.excess), capacityRps)
    const falsi = rateAtQueueing(high.queueing - (high.excess * (high.queueing - low.queueing)) / (high.excess - low.excess), capacityRps)
    // The first guess, from idle and the ceiling: latencies grow faster than straight lines in the rate
    // and slower than in the queueing variable, so the mean of the two lines' roots.
    const first = (secant + high.rate - (high.excess * (high.rate - low.rate)) / (high.excess - low.excess)) / 2
    const guess: number = step === 0 && within(first, low.rate, high.rate) ? first : slow || crept ? (low.rate + high.rate) / 2 : !stalled && within(secant, low.rate, high.rate) ? secant : within(falsi, low.rate, high.rate) ? falsi : (low.rate + high.rate) / 2
    // At least the resolution away from both ends, so the bracket closes once the root is pinned down.
    const rate = Math.min(Math.max(guess, low.rate + resolution * 0.999), high.rate - resolution * 0.999)
    const at = excessAt(context, rate, capacity, target)
    const point = { rate, queueing: queueingOf(rate, capacityRps), excess: at.logExcess }
    previous = latest
    latest = point
    const moved = at.logExcess > 0 ? 'high' : 'low'
    crept = (rate > guess && moved === 'low') || (rate < guess && moved === 'high')
    stalled = moved === lastMoved
    if (moved === 'high') {
      high = point
      boundedBy = at.by
      if (stalled) low = { ...low, excess: low.excess / 2 }
    } else {
      low = point
      if (stalled) high = { ...high, excess: high.excess / 2 }
    }
    lastMoved = moved
  }
  if (low.rate > 0) return { requestsPerSecond: low.rate, capacityRequestsPerSecond: capacityRps, boundedBy }
  // Every load tried broke the limits: as an idle replica meets them, a lower rate does (a replica that
  // waits on one long request at a time meets a tight TTFT percentile only when it is nearly always idle).
  const below = feasibleBelow(context, capacity, target, high.rate)
  return below === undefined ? { requestsPerSecond: ceiling, capacityRequestsPerSecond: capacityRps, boundedBy: 'unmet' } : { requestsPerSecond: below, capacityRequestsPerSecond: capacityRps, boundedBy }
}

/** Factor by which the search below the lowest load tried lowers the rate until the limits hold, and how often. */
const BELOW_STEP = 8
const BELOW_STEPS = 12
/** Halvings of the factor between the last rate that broke the limits and the first that met them. */
const BELOW_REFINEMENTS = 6

/**
 * The highest rate below `broken` (which breaks the limits) at which they hold, to within 3%: lowered
 * by a factor of 8 until they do, then bisected in the logarithm of the rate. Undefined when even
 * 8^-12 of it breaks them.
 */
function feasibleBelow(context: ServingContext, capacity: Capacity, target: ReplicaTarget, brokenRate: number): number | undefined {
  let broken = brokenRate
  let met: number | undefined
  for (let step = 0; step < BELOW_STEPS && met === undefined; step++) {
    const rate = broken / BELOW_STEP
    if (excessAt(context, rate, capacity, target).logExcess > 0) broken = rate
    else met = rate
  }
  if (met === undefined) return undefined
  for (let step = 0; step < BELOW_REFINEMENTS; step++) {
    const rate = Math.sqrt(met * broken)
    if (excessAt(context, rate, capacity, target).logExcess > 0) broken = rate
    else met = rate
  }
  return met
}
