// Money over time for /compare rows: replicas and monthly cost for a daily volume, and the daily
// volume from which self-hosting beats an API.
import type { EstimatedRow } from './row.js'
import type { CompareResponse } from '../../schemas/compare.js'
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import { deviceMonthlyCost, rentedHourlyPrice } from '../report/cost.js'
import type { Scenario } from '../scenario.js'
import { DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_DAY } from '../units.js'
import type { PlannedRow } from './plan.js'

export { DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_DAY }

type Row = EstimatedRow

/** Requests per second one replica completes: it holds batchSize requests at once, each taking totalMs. */
const replicaRequestsPerSecond = (answer: EstimateResponse, totalMs: number) => answer.workload.batchSize / (totalMs / 1000)

const hourlyPriceOf = (scenario: Scenario) => (scenario.deployment === 'api' ? undefined : rentedHourlyPrice(scenario))

/** A monthly cost per million of the month's output tokens; null when the cost is unknown. */
const perMillionOutputTokens = (monthlyUsd: number | null, monthlyOutputTokens: number) => (monthlyUsd === null ? null : (monthlyUsd / monthlyOutputTokens) * 1e6)

/**
 * Replicas, devices, utilization and monthly cost to carry `requestsPerDay` (an api row: requests ×
 * price), sized by the serving model when a plan is given, and for the day's peak (average ×
 * peakToAverage) otherwise.
 */
export function capacityOf(answer: EstimateResponse, scenario: Scenario, requestsPerDay: number, planned?: PlannedRow, peakToAverage = 1): NonNullable<Row['capacity']> {
  const monthlyRequests = requestsPerDay * DAYS_PER_MONTH
  const monthlyOutputTokens = monthlyRequests * answer.workload.outputTokens
  const byRequest = answer.cost.perRequestUsd === null ? null : monthlyRequests * answer.cost.perRequestUsd
  const totalMs = answer.latency?.totalMs ?? null
  if (scenario.deployment === 'api' || totalMs === null) {
    return {
      replicaRequestsPerSecond: null,
      replicas: null,
      devices: null,
      utilization: null,
      monthlyCostUsd: byRequest,
      costPerMillionOutputTokensUsd: perMillionOutputTokens(byRequest, monthlyOutputTokens),
      replicaCapacityRequestsPerSecond: null,
      boundedBy: null,
      latencyPercentile: null
    }
  }
  const replicaRps = planned ? planned.plan.requestsPerSecond : replicaRequestsPerSecond(answer, totalMs)
  const capacityRps = planned ? planned.plan.capacityRequestsPerSecond : replicaRps
  const requestsPerSecond = requestsPerDay / SECONDS_PER_DAY
  const replicas = planned ? planned.replicas : Math.max(1, Math.ceil((requestsPerSecond * peakToAverage) / replicaRps))
  const devices = replicas * answer.deviceCount
  // Rented devices are paid for all month, busy or not; owned ones cost their purchase over the
  // amortisation period, upkeep, and the power of the hours they run, busy or not.
  const deviceMonthly = deviceMonthlyCost(scenario)
  const monthly = deviceMonthly === undefined ? null : devices * deviceMonthly
  return {
    replicaRequestsPerSecond: replicaRps,
    replicas,
    devices,
    utilization: Math.min(1, requestsPerSecond / (replicas * capacityRps)),
    monthlyCostUsd: monthly,
    costPerMillionOutputTokensUsd: perMillionOutputTokens(monthly, monthlyOutputTokens),
    replicaCapacityRequestsPerSecond: planned ? capacityRps : null,
    boundedBy: planned ? planned.plan.boundedBy : 'static-batch',
    latencyPercentile: planned ? planned.percentile : null
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
  const replicaPerDay = (self.capacity?.replicaRequestsPerSecond ?? replicaRequestsPerSecond(self.estimate, self.estimate.latency!.totalMs!)) * SECONDS_PER_DAY
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
