// Money over time for /compare rows: replicas and monthly cost for a daily volume, and the daily
// volume from which self-hosting beats an API.
import type { CompareResponse } from '../../schemas/compare.js'
import type { EstimateResponse } from '../../schemas/estimate.js'
import { rentedHourlyPrice } from '../report/cost.js'
import type { Scenario } from '../scenario.js'

export const HOURS_PER_MONTH = 730
export const DAYS_PER_MONTH = 365 / 12
const SECONDS_PER_DAY = 86_400

type Row = CompareResponse['rows'][number]

/** Requests per second one replica completes: it holds batchSize requests at once, each taking totalMs. */
const replicaRequestsPerSecond = (answer: EstimateResponse, totalMs: number) => answer.workload.batchSize / (totalMs / 1000)

const hourlyPriceOf = (scenario: Scenario) => (scenario.deployment === 'api' ? undefined : rentedHourlyPrice(scenario))

/** Replicas, devices, utilization and monthly cost to carry `requestsPerDay` (an api row: requests × price). */
export function capacityOf(answer: EstimateResponse, scenario: Scenario, requestsPerDay: number): NonNullable<Row['capacity']> {
  const monthlyRequests = requestsPerDay * DAYS_PER_MONTH
  const monthlyOutputTokens = monthlyRequests * answer.workload.outputTokens
  const perMillion = (monthly: number | null) => (monthly === null ? null : (monthly / monthlyOutputTokens) * 1e6)
  const byRequest = answer.cost.perRequestUsd === null ? null : monthlyRequests * answer.cost.perRequestUsd
  const totalMs = answer.latency?.totalMs ?? null
  if (answer.deployment === 'api' || totalMs === null) {
    return { requestsPerDay, replicaRequestsPerSecond: null, replicas: null, devices: null, utilization: null, monthlyCostUsd: byRequest, monthlyOutputTokens, costPerMillionOutputTokensUsd: perMillion(byRequest) }
  }
  const replicaRps = replicaRequestsPerSecond(answer, totalMs)
  const requestsPerSecond = requestsPerDay / SECONDS_PER_DAY
  const replicas = Math.max(1, Math.ceil(requestsPerSecond / replicaRps))
  const devices = replicas * answer.deviceCount
  const price = hourlyPriceOf(scenario)
  // Rented devices are paid for all month, busy or not; owned ones cost the energy of the requests they serve.
  const monthly = answer.deployment === 'cloud' ? (price === undefined ? null : devices * HOURS_PER_MONTH * price) : byRequest
  return {
    requestsPerDay,
    replicaRequestsPerSecond: replicaRps,
    replicas,
    devices,
    utilization: Math.min(1, requestsPerSecond / (replicas * replicaRps)),
    monthlyCostUsd: monthly,
    monthlyOutputTokens,
    costPerMillionOutputTokensUsd: perMillion(monthly)
  }
}

/**
 * Daily volume from which the cheapest cloud self-hosted option (one always-on replica) costs less
 * per month than the cheapest API option: replica monthly cost / API cost per request / days per
 * month, provided one replica can carry that volume (otherwise the API stays cheaper at any volume,
 * since every added replica costs the same again).
 */
export function breakEvenOf(rows: Row[], scenarios: ReadonlyMap<string, Scenario>): CompareResponse['breakEven'] {
  const cheapest = (candidates: Row[]) =>
    candidates.filter((row) => row.estimate.cost.perRequestUsd !== null).sort((left, right) => left.estimate.cost.perRequestUsd! - right.estimate.cost.perRequestUsd!)[0]
  const self = cheapest(rows.filter((row) => row.estimate.deployment === 'cloud' && typeof row.estimate.latency?.totalMs === 'number' && hourlyPriceOf(scenarios.get(row.id)!) !== undefined))
  const api = cheapest(rows.filter((row) => row.estimate.deployment === 'api'))
  if (!self || !api) return null
  const replicaMonthly = self.estimate.deviceCount * HOURS_PER_MONTH * hourlyPriceOf(scenarios.get(self.id)!)!
  const apiPerRequest = api.estimate.cost.perRequestUsd!
  const replicaPerDay = replicaRequestsPerSecond(self.estimate, self.estimate.latency!.totalMs!) * SECONDS_PER_DAY
  if (apiPerRequest === 0) return { selfHosted: self.id, api: api.id, requestsPerDay: null, note: `${api.id} costs nothing per request, so it stays cheaper at any volume` }
  const volume = replicaMonthly / DAYS_PER_MONTH / apiPerRequest
  const carries = volume <= replicaPerDay
  return {
    selfHosted: self.id,
    api: api.id,
    requestsPerDay: carries ? volume : null,
    note: carries
      ? `above ${Math.ceil(volume)} requests/day, an always-on ${self.id} replica ($${replicaMonthly.toFixed(0)}/month, up to ${Math.floor(replicaPerDay)} requests/day) costs less than ${api.id} ($${apiPerRequest.toPrecision(3)}/request)`
      : `${api.id} stays cheaper at any volume: a fully busy ${self.id} replica carries at most ${Math.floor(replicaPerDay)} requests/day for $${replicaMonthly.toFixed(0)}/month, more than the API charges for them`
  }
}
