// Capacity planning with the serving model: the highest request rate one replica takes while the
// latency constraints still hold at the chosen percentile, or 90% of its capacity without constraints.
import type { Spread } from './distribution.js'
import { capacityOf, openLoop } from './load.js'
import type { ServingContext } from './operating-point.js'
import { servingFigures } from './index.js'

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

const BISECTION_STEPS = 6

/** Which constraint a load breaks at the target percentile, if any. */
function broken(context: ServingContext, rate: number, capacity: ReturnType<typeof capacityOf>, target: ReplicaTarget): 'maxTtftMs' | 'maxTpotMs' | undefined {
  const figures = servingFigures(context, openLoop(context, rate, capacity), undefined)
  const at = (spread: Spread) => spread[target.percentile]
  if (target.maxTtftMs !== undefined && at(figures.ttftMs) > target.maxTtftMs) return 'maxTtftMs'
  if (target.maxTpotMs !== undefined && at(figures.tpotMs) > target.maxTpotMs) return 'maxTpotMs'
  return undefined
}

/**
 * The planned load of one replica: 90% of capacity when that meets the constraints, else the highest
 * rate that does (bisection, a fixed handful of evaluations); `unmet` (planned at 90% of capacity) when
 * even a trickle breaks them.
 */
export function planReplica(context: ServingContext, target: ReplicaTarget): ReplicaPlan {
  const capacity = capacityOf(context)
  const ceiling = capacity.requestsPerSecond * UNCONSTRAINED_LOAD_SHARE
  const atCeiling = broken(context, ceiling, capacity, target)
  if (!atCeiling) return { requestsPerSecond: ceiling, capacityRequestsPerSecond: capacity.requestsPerSecond, boundedBy: 'capacity' }
  let low = 0
  let high = ceiling
  let boundedBy: 'maxTtftMs' | 'maxTpotMs' = atCeiling
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const mid = (low + high) / 2
    const breaks = broken(context, mid, capacity, target)
    if (breaks) {
      high = mid
      boundedBy = breaks
    } else low = mid
  }
  // Even a trickle misses a constraint: size at 90% of capacity like an unconstrained row (the row then
  // misses its constraints and says so) rather than buying replicas that cannot help.
  if (low === 0) return { requestsPerSecond: ceiling, capacityRequestsPerSecond: capacity.requestsPerSecond, boundedBy: 'unmet' }
  return { requestsPerSecond: low, capacityRequestsPerSecond: capacity.requestsPerSecond, boundedBy }
}
