// Capacity planning with the serving model: the highest request rate one replica takes while the
// latency constraints still hold at the chosen percentile, or 90% of its capacity without constraints.
import { openLoop, type Capacity } from './load.js'
import type { ServingContext } from './operating-point.js'
import { servingFigures, type PreparedServing } from './index.js'

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

/** The planned load is found to within this share of the ceiling (the feasible side is kept). */
const RESOLUTION = 1 / 64
/** At most this many evaluations between the trickle and the ceiling. */
const MAX_REFINEMENTS = 6

interface Excess {
  /** log(figure / limit) of the constraint broken worst; > 0 when one is broken. */
  logExcess: number
  by: 'maxTtftMs' | 'maxTpotMs'
}

/** How far a load is from breaking the constraints at the target percentile. */
function excessAt(context: ServingContext, rate: number, capacity: Capacity, target: ReplicaTarget): Excess {
  const figures = servingFigures(context, openLoop(context, rate, capacity), undefined)
  const ttft = target.maxTtftMs === undefined ? -Infinity : Math.log(figures.ttftMs[target.percentile] / target.maxTtftMs)
  const tpot = target.maxTpotMs === undefined ? -Infinity : Math.log(figures.tpotMs[target.percentile] / target.maxTpotMs)
  return ttft >= tpot ? { logExcess: ttft, by: 'maxTtftMs' } : { logExcess: tpot, by: 'maxTpotMs' }
}

/**
 * The planned load of one replica: 90% of capacity when that meets the constraints, else the highest
 * rate that does; `unmet` (planned at 90% of capacity) when even a trickle (1/64 of that) breaks them.
 * The root is bracketed between the trickle and the ceiling and found by regula falsi (Illinois) on the
 * log of figure / limit, to 1/64 of the ceiling like a six-step bisection but in about four evaluations
 * (measured over limits from 5% to 95% of the idle-to-ceiling range); the feasible end is always kept.
 */
export function planReplica({ context, capacity }: PreparedServing, target: ReplicaTarget): ReplicaPlan {
  const ceiling = capacity.requestsPerSecond * UNCONSTRAINED_LOAD_SHARE
  const plan = (requestsPerSecond: number, boundedBy: ReplicaPlan['boundedBy']): ReplicaPlan => ({ requestsPerSecond, capacityRequestsPerSecond: capacity.requestsPerSecond, boundedBy })
  const atCeiling = excessAt(context, ceiling, capacity, target)
  if (!(atCeiling.logExcess > 0)) return plan(ceiling, 'capacity')
  const trickle = ceiling * RESOLUTION
  const atTrickle = excessAt(context, trickle, capacity, target)
  // Even a trickle misses a constraint: size at 90% of capacity like an unconstrained row (the row then
  // misses its constraints and says so) rather than buying replicas that cannot help.
  if (atTrickle.logExcess > 0) return plan(ceiling, 'unmet')
  let low = { rate: trickle, excess: atTrickle.logExcess }
  let high = { rate: ceiling, excess: atCeiling.logExcess }
  let boundedBy = atCeiling.by
  // Illinois: when the same end moves twice running, the other end's value is halved so it moves too.
  let lastMoved: 'low' | 'high' | null = null
  for (let step = 0; step < MAX_REFINEMENTS && high.rate - low.rate > ceiling * RESOLUTION; step++) {
    const guess = high.rate - (high.excess * (high.rate - low.rate)) / (high.excess - low.excess)
    // Keep the guess inside the bracket, away from its ends (else bisect).
    const margin = (high.rate - low.rate) * 0.02
    const rate = Number.isFinite(guess) && guess > low.rate + margin && guess < high.rate - margin ? guess : (low.rate + high.rate) / 2
    const at = excessAt(context, rate, capacity, target)
    if (at.logExcess > 0) {
      high = { rate, excess: at.logExcess }
      boundedBy = at.by
      if (lastMoved === 'high') low = { ...low, excess: low.excess / 2 }
      lastMoved = 'high'
    } else {
      low = { rate, excess: at.logExcess }
      if (lastMoved === 'low') high = { ...high, excess: high.excess / 2 }
      lastMoved = 'low'
    }
  }
  return plan(low.rate, boundedBy)
}
