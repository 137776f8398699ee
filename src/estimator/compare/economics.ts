// Money over time for /compare rows: replicas and monthly cost for a daily volume, and the daily
// volume from which self-hosting beats an API.
import type { EstimatedRow } from './row.js'
import type { CompareResponse } from '../../schemas/compare.js'
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import { fleetDeviceMonthlyCost, rentedHourlyPrice } from '../report/cost.js'
import type { Scenario } from '../scenario.js'
import { DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_DAY, significant } from '../units.js'
import type { PlannedRow } from './plan.js'
import { HOURS_PER_DAY } from './traffic.js'

export { DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_DAY }

type Row = EstimatedRow

/** Requests per second one replica completes: it holds batchSize requests at once, each taking totalMs. */
const replicaRequestsPerSecond = (answer: EstimateResponse, totalMs: number) => answer.workload.batchSize / (totalMs / 1000)

const hourlyPriceOf = (scenario: Scenario) => (scenario.deployment === 'api' ? undefined : rentedHourlyPrice(scenario))

/**
 * Hours a day a row's devices serve: owned devices (local, edge) run hoursPerDay hours, so a daily
 * volume arrives within them; rented and API rows serve around the clock.
 */
export const serviceHoursOf = (scenario: Scenario) => (scenario.deployment === 'local' || scenario.deployment === 'edge' ? scenario.ownership.hoursPerDay : HOURS_PER_DAY)

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
  // The average rate while the devices serve (an owned fleet that runs 8 hours a day gets the day's requests in 8 hours).
  const requestsPerSecond = (requestsPerDay / SECONDS_PER_DAY) * (HOURS_PER_DAY / serviceHoursOf(scenario))
  const replicas = planned ? planned.replicas : Math.max(1, Math.ceil((requestsPerSecond * peakToAverage) / replicaRps))
  const devices = replicas * answer.deviceCount
  // Rented devices are paid for all month, busy or not; owned ones cost their purchase over the
  // amortisation period, upkeep, and the power of the hours they run, busy or not (unknown without a
  // purchase price).
  const deviceMonthly = fleetDeviceMonthlyCost(scenario)
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
 * Daily volume from which a cloud self-hosted option that fits (one always-on replica) costs less per month than
 * the cheapest API option: replica monthly cost / API cost per request / days per month, for the
 * self-hosted row where that volume is lowest among those one replica can carry at the day's peak
 * (the volume × peakToAverage within the requests/s one replica is planned at, `replicaRate`). When no
 * row's replica can, the API stays cheaper at any volume, since every added replica costs the same
 * again. The answer does not depend on the volume asked, only on the rows and the traffic shape.
 * `replicaRate` is asked lazily, lowest volume first, and only until a row carries its volume: without
 * a volume it plans a replica with the serving model, which is the costly part.
 */
export function breakEvenOf(rows: Row[], scenarios: ReadonlyMap<string, Scenario>, peakToAverage: number, replicaRate: (row: Row) => number): CompareResponse['breakEven'] {
  const api = rows
    .filter((row) => row.estimate.deployment === 'api' && row.estimate.cost.perRequestUsd !== null)
    .sort((left, right) => left.estimate.cost.perRequestUsd! - right.estimate.cost.perRequestUsd!)[0]
  const selfHosted = rows.filter(
    (row) => row.estimate.deployment === 'cloud' && row.estimate.memory?.fits !== false && typeof row.estimate.latency?.totalMs === 'number' && hourlyPriceOf(scenarios.get(row.id)!) !== undefined
  )
  if (!api || selfHosted.length === 0) return null
  const apiPerRequest = api.estimate.cost.perRequestUsd!
  // A free API: no volume breaks even, and no replica need be planned to say so (the first row by id is named).
  if (apiPerRequest === 0) return { selfHosted: selfHosted.map((row) => row.id).sort()[0]!, api: api.id, requestsPerDay: null, note: `${api.id} costs nothing per request, so it stays cheaper at any volume` }
  const options = selfHosted
    .map((row) => {
      const replicaMonthly = row.estimate.deviceCount * HOURS_PER_MONTH * hourlyPriceOf(scenarios.get(row.id)!)!
      const volume = replicaMonthly / DAYS_PER_MONTH / apiPerRequest
      return { row, replicaMonthly, volume }
    })
    .sort((left, right) => left.volume - right.volume || left.row.id.localeCompare(right.row.id))
  // The average daily volume one replica carries when the day's peak is peakToAverage times it.
  const carriedPerDay = (row: Row) => (replicaRate(row) * SECONDS_PER_DAY) / peakToAverage
  let best: { option: (typeof options)[number]; carried: number; carries: boolean } | undefined
  for (const option of options) {
    const carried = carriedPerDay(option.row)
    const carries = option.volume <= carried
    if (carries || best === undefined) best = { option, carried, carries }
    if (carries) break
  }
  const { option: { row: self, replicaMonthly, volume }, carried, carries } = best!
  const peak = peakToAverage > 1 ? ` at a peak ${significantText(peakToAverage)}× the average` : ''
  return {
    selfHosted: self.id,
    api: api.id,
    requestsPerDay: carries ? significant(volume) : null,
    note: carries
      ? `above ${wholeText(Math.ceil(volume))} requests/day, an always-on ${self.id} replica ($${wholeText(replicaMonthly)}/month, up to ${wholeText(Math.floor(carried))} requests/day${peak}) costs less than ${api.id} ($${apiPerRequest.toPrecision(3)}/request)`
      : `${api.id} stays cheaper at any volume: a fully busy ${self.id} replica carries at most ${wholeText(Math.floor(carried))} requests/day${peak} for $${wholeText(replicaMonthly)}/month, more than the API charges for them`
  }
}

/** The requests/s one replica of a row is planned at when the row has no capacity plan: its static batch, back to back. */
export const staticBatchRate = (row: Row) => replicaRequestsPerSecond(row.estimate, row.estimate.latency!.totalMs!)

const significantText = (value: number) => String(Number(value.toPrecision(3)))
/** A whole number with thousands separators (40,312), as the page and the CLI write figures. */
const wholeText = (value: number) => Math.round(value).toLocaleString('en-US')
