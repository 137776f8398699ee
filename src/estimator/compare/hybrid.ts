// Hybrid self-host + API: a fixed number of always-on replicas carries the traffic up to their
// capacity, and what is above it overflows to an API model. The plan is the replica count that
// minimises the monthly cost, from none (all API) to enough for the peak (all self-hosted), so it
// never costs more than the cheaper pure plan.
import { DAYS_PER_MONTH, SECONDS_PER_DAY } from '../units.js'
import { overflowShare, peakRequestsPerSecond, replicasFor, type DailyTraffic } from './traffic.js'

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
  const monthlyRequests = traffic.averageRequestsPerSecond * SECONDS_PER_DAY * DAYS_PER_MONTH
  const peakReplicas = replicasFor(peakRequestsPerSecond(traffic), replicaRequestsPerSecond)
  const apiShareWith = (replicas: number) => overflowShare(traffic, replicas * replicaRequestsPerSecond)
  const monthlyWith = (replicas: number) => replicas * replicaUsdPerMonth + apiShareWith(replicas) * monthlyRequests * apiUsdPerRequest
  // The overflow above a capacity is convex in the capacity, so the monthly cost is convex in the
  // replica count: the first count whose next replica no longer pays for itself is the cheapest.
  // A capacity so small that the peak needs more replicas than a double counts (Infinity) leaves only
  // all-API to search (the bisection would never close); the all-self-hosted cost is then not finite,
  // which the answer's finite check turns into a 422.
  let low = 0
  let high = Number.isFinite(peakReplicas) ? peakReplicas : 0
  while (low < high) {
    const middle = Math.floor((low + high) / 2)
    if (monthlyWith(middle + 1) >= monthlyWith(middle)) high = middle
    else low = middle + 1
  }
  const apiShare = apiShareWith(low)
  return {
    replicas: low,
    selfHostedShare: 1 - apiShare,
    apiShare,
    monthlyCostUsd: monthlyWith(low),
    allSelfHostedMonthlyCostUsd: peakReplicas * replicaUsdPerMonth,
    allApiMonthlyCostUsd: monthlyRequests * apiUsdPerRequest
  }
}
