// Hybrid self-host + API: a fixed number of always-on replicas carries the traffic up to their
// capacity, and what is above it overflows to an API model. The plan is the replica count that
// minimises the monthly cost, from none (all API) to enough for the peak (all self-hosted), so it
// never costs more than the cheaper pure plan.
import { DAYS_PER_MONTH, SECONDS_PER_DAY } from '../units.js'
import { HOURS_PER_DAY, overflowShare, peakRequestsPerSecond, replicasFor, type DailyTraffic } from './traffic.js'

export interface HybridInputs {
  traffic: DailyTraffic
  replicaRequestsPerSecond: number
  replicaUsdPerMonth: number
  apiUsdPerRequest: number
}

export interface HybridPlan {
  replicas: number
  selfHostedShare: number
  apiShare: number
  monthlyCostUsd: number
  allSelfHostedMonthlyCostUsd: number
  allApiMonthlyCostUsd: number
}

export function hybridPlan(inputs: HybridInputs): HybridPlan {
  const { traffic, replicaRequestsPerSecond, replicaUsdPerMonth, apiUsdPerRequest } = inputs
  // Requests of a month: the average rate over the hours a day the traffic arrives in.
  const monthlyRequests = traffic.averageRequestsPerSecond * SECONDS_PER_DAY * ((traffic.serviceHoursPerDay ?? HOURS_PER_DAY) / HOURS_PER_DAY) * DAYS_PER_MONTH
  const peakReplicas = replicasFor(peakRequestsPerSecond(traffic), replicaRequestsPerSecond)
  const apiShareWith = (replicas: number) => overflowShare(traffic, replicas * replicaRequestsPerSecond)
  const monthlyWith = (replicas: number) => replicas * replicaUsdPerMonth + apiShareWith(replicas) * monthlyRequests * apiUsdPerRequest
  // The overflow above a capacity is convex in the capacity, so the monthly cost is convex in the
  // replica count: the first count whose next replica no longer pays for itself is the cheapest.
  // A capacity so small that the peak needs more replicas than a double counts (Infinity) leaves only
  // all-API to search (the bisection would never close); the all-self-hosted cost is then not finite,
  // which the answer's finite check turns into a 422.
  // The search runs over counts a double holds exactly (up to 2^53 − 1), and takes the middle as
  // low + ⌊(high − low) / 2⌋: low + high past 2^53 rounds, so ⌊(low + high) / 2⌋ could come out as
  // high itself and the bracket never shrink (a peak of 6e15 requests/s over replicas of 1/s spun
  // forever). With exact integers each pass shrinks [low, high], so it ends within 53 passes.
  let low = 0
  let high = Number.isFinite(peakReplicas) ? Math.min(peakReplicas, Number.MAX_SAFE_INTEGER) : 0
  while (low < high) {
    const middle = low + Math.floor((high - low) / 2)
    if (monthlyWith(middle + 1) >= monthlyWith(middle)) high = middle
    else low = middle + 1
  }
  // Where one replica's worth of cost is below the rounding of the month's cost (counts near 2^53, or
  // replicas 1e200 times cheaper than the overflow), neighbouring counts can cost the same to the last
  // bit and the search stop short; a pure plan that is cheaper then wins, as does a peak past 2^53.
  for (const pure of [0, peakReplicas]) if (monthlyWith(pure) < monthlyWith(low)) low = pure
  const apiShare = apiShareWith(low)
  return {
    replicas: low,
    selfHostedShare: 1 - apiShare,
    apiShare,
    monthlyCostUsd: monthlyWith(low),
    // With the same overflow the search counts: a peak a hair above the replicas' capacity (within the
    // rounding replicasFor forgives) leaves a share of order 1e-15 to the API, which the plan pays.
    allSelfHostedMonthlyCostUsd: monthlyWith(peakReplicas),
    allApiMonthlyCostUsd: monthlyRequests * apiUsdPerRequest
  }
}
