// Per /compare row, what the day's traffic costs: the fleet (always on for the peak, or autoscaled
// hour by hour for rented devices), the hybrid plan with an API model for the overflow, and the cost
// basis in a word.
import type { EstimatedRow } from './row.js'
import type { Catalog } from '../../catalog/index.js'
import type { CompareRequest } from '../../schemas/compare.js'
import type { FleetPlan, HybridPlan } from '../../schemas/cost.js'
import { unprocessable } from '../errors.js'
import { estimateScenario } from '../estimate.js'
import { fleetDeviceHourlyCost, fleetDeviceMonthlyCost } from '../report/cost.js'
import { resolveScenario } from '../resolve.js'
import type { Scenario } from '../scenario.js'
import { SECONDS_PER_DAY } from '../units.js'
import { alwaysOnFleet, autoscaledFleet } from './fleet.js'
import { hybridPlan } from './hybrid.js'
import type { DailyTraffic } from './traffic.js'

type Row = EstimatedRow

export const DEFAULT_PEAK_TO_AVERAGE = 1

export function dailyTraffic(requestsPerDay: number, peakToAverage: number | undefined): DailyTraffic {
  return { averageRequestsPerSecond: requestsPerDay / SECONDS_PER_DAY, peakToAverage: peakToAverage ?? DEFAULT_PEAK_TO_AVERAGE }
}

const roundRate = (requestsPerSecond: number) => Number(requestsPerSecond.toPrecision(3))

/** The day of traffic in words (the answer's statement of the assumption). */
export function trafficShapeText(traffic: DailyTraffic): string {
  const average = traffic.averageRequestsPerSecond
  const shape =
    traffic.peakToAverage === 1
      ? `flat at ${roundRate(average)} requests/s all day`
      : `a sinusoid over 24 hours between a trough of ${roundRate(average * (2 - traffic.peakToAverage))}, an average of ${roundRate(average)} and a peak of ${roundRate(average * traffic.peakToAverage)} requests/s`
  return `${shape}; always-on fleets are sized for the peak; autoscaled fleets (rented devices) are sized each hour for that hour's highest demand, rounded up, at least one replica; a hybrid plan sends what is above its replicas' capacity to the API`
}

/** "rental (spot)", "ownership" or "api". */
export function costBasisLabel(answer: Row['estimate']): string {
  const basis = answer.cost.basis
  return basis.kind === 'rental' ? `rental (${basis.pricing})` : basis.kind
}

/** What one replica (deviceCount devices) carries, and costs an hour it runs and a month; undefined for api rows or unknown figures. */
function replicaFigures(row: Row, scenario: Scenario): { requestsPerSecond: number; usdPerHour: number; usdPerMonth: number } | undefined {
  if (scenario.deployment === 'api') return undefined
  const requestsPerSecond = row.capacity?.replicaRequestsPerSecond
  const usdPerDeviceHour = fleetDeviceHourlyCost(scenario)
  const usdPerDeviceMonth = fleetDeviceMonthlyCost(scenario)
  if (requestsPerSecond === null || requestsPerSecond === undefined || !(requestsPerSecond > 0) || usdPerDeviceHour === undefined || usdPerDeviceMonth === undefined) return undefined
  return { requestsPerSecond, usdPerHour: usdPerDeviceHour * scenario.deviceCount, usdPerMonth: usdPerDeviceMonth * scenario.deviceCount }
}

export function fleetPlanOf(row: Row, scenario: Scenario, traffic: DailyTraffic): FleetPlan | null {
  const replica = replicaFigures(row, scenario)
  if (!replica || scenario.deployment === 'api') return null
  const alwaysOn = alwaysOnFleet(traffic, replica.requestsPerSecond, replica.usdPerMonth)
  const rented = scenario.deployment === 'cloud'
  const autoscaled = rented ? autoscaledFleet(traffic, replica.requestsPerSecond, replica.usdPerHour) : null
  return {
    peakRequestsPerSecond: traffic.averageRequestsPerSecond * traffic.peakToAverage,
    alwaysOnReplicas: alwaysOn.replicas,
    alwaysOnMonthlyCostUsd: alwaysOn.monthlyCostUsd,
    autoscaledMonthlyCostUsd: autoscaled?.monthlyCostUsd ?? null,
    autoscaledReplicaHoursPerDay: autoscaled?.replicaHoursPerDay ?? null,
    autoscaledPeakReplicas: autoscaled?.peakReplicas ?? null,
    autoscaledTroughReplicas: autoscaled?.troughReplicas ?? null
  }
}

export interface OverflowApi {
  id: string
  usdPerRequest: number
}

/** The API model named by hybridWith, priced for the workload: a 422 naming hybridWith when it is not an API model. */
export function overflowApiOf(catalog: Catalog, request: CompareRequest): OverflowApi | null {
  const hybridWith = request.hybridWith
  if (hybridWith === undefined) return null
  const at = '/body/hybridWith'
  if (request.workload.requestsPerDay === undefined && request.workload.requestsPerSecond === undefined) {
    throw unprocessable(at, 'hybridWith plans a daily volume between replicas and an API: give workload.requestsPerDay or workload.requestsPerSecond too')
  }
  let answer: Row['estimate']
  try {
    answer = estimateScenario(resolveScenario(catalog, { model: hybridWith, deployment: 'api', promptTokens: request.workload.promptTokens, outputTokens: request.workload.outputTokens }, '/body'))
  } catch {
    throw unprocessable(at, `"${hybridWith}" is not an API model of catalog ${catalog.version}: hybridWith needs a model with a hosted API offer (e.g. gpt-4o)`)
  }
  if (answer.cost.perRequestUsd === null) throw unprocessable(at, `"${hybridWith}" has no API price`)
  return { id: `${answer.model.id ?? hybridWith}@api`, usdPerRequest: answer.cost.perRequestUsd }
}

export function hybridPlanOf(row: Row, scenario: Scenario, traffic: DailyTraffic, api: OverflowApi): HybridPlan | null {
  const replica = replicaFigures(row, scenario)
  if (!replica) return null
  const plan = hybridPlan({ traffic, replicaRequestsPerSecond: replica.requestsPerSecond, replicaUsdPerMonth: replica.usdPerMonth, apiUsdPerRequest: api.usdPerRequest })
  return { api: api.id, ...plan }
}
