// Money per request: token prices for an api scenario; for a self-hosted one, the device hours a
// request uses times what a device-hour costs: its rental price at the pricing tier (cloud), or the
// cost of owning it for that hour (local, edge). Unrounded; the report rounds.
import type { ApiScenario, SelfHostedScenario } from '../scenario.js'
import { DAYS_PER_MONTH, HOURS_PER_MONTH, MS_PER_HOUR } from '../units.js'
import { ownedDeviceHourCost } from './ownership.js'
import { rentalRate, type HourlyRate } from './rental.js'

export interface ApiCost {
  inputUsd: number
  outputUsd: number
  perRequestUsd: number
}

/** prompt tokens × input price + output tokens × output price (prices are USD per million tokens). */
export function apiCost(scenario: ApiScenario): ApiCost {
  const inputUsd = (scenario.promptTokens * scenario.model.api.inputUsdPerMTok) / 1e6
  const outputUsd = (scenario.outputTokens * scenario.model.api.outputUsdPerMTok) / 1e6
  return { inputUsd, outputUsd, perRequestUsd: inputUsd + outputUsd }
}

export interface SelfHostedCost {
  deviceHoursPerRequest: number
  /** Rental at the pricing tier (cloud); null otherwise or when the tier's price is unknown. */
  deviceHoursUsd: number | null
  energyKWhPerRequest: number | null
  /** Owned devices' parts (local, edge); null for cloud or when the figure they need is unknown. */
  energyUsd: number | null
  coolingUsd: number | null
  hardwareAmortizationUsd: number | null
  maintenanceUsd: number | null
  /** What one running device costs per hour: the rental rate, or the known parts of owning it. */
  usdPerDeviceHour: number | null
  /** The rental rate used (cloud), when known. */
  rate: HourlyRate | undefined
  /** The parts added up; null when none is known. */
  perRequestUsd: number | null
}

/** Device hours a request of a static batch uses: the batch shares the devices for its whole duration (devices × time / batch). */
export const batchDeviceHoursPerRequest = (scenario: SelfHostedScenario, totalMs: number) => ((totalMs / MS_PER_HOUR) * scenario.deviceCount) / scenario.batchSize

/** Device hours a request uses on a server completing `requestsPerSecond`: the deployment's hours shared by what it completes. */
export const servingDeviceHoursPerRequest = (scenario: SelfHostedScenario, requestsPerSecond: number) => scenario.deviceCount / (requestsPerSecond * 3600)

const times = (perHour: number | null, hours: number) => (perHour === null ? null : perHour * hours)

/** Cost of one request from the device hours it uses: rental at the pricing tier (cloud) or the cost of owning the devices for those hours (local, edge). */
export function selfHostedCost(scenario: SelfHostedScenario, deviceHoursPerRequest: number): SelfHostedCost {
  const { hardware } = scenario
  const energyKWhPerRequest = hardware.tdpW !== undefined ? (hardware.tdpW * deviceHoursPerRequest) / 1000 : null
  if (scenario.deployment === 'cloud') {
    const rate = rentalRate(hardware, scenario.pricing)
    const deviceHoursUsd = rate === undefined ? null : deviceHoursPerRequest * rate.usdPerHour
    const none = { energyUsd: null, coolingUsd: null, hardwareAmortizationUsd: null, maintenanceUsd: null }
    return { deviceHoursPerRequest, deviceHoursUsd, energyKWhPerRequest, ...none, usdPerDeviceHour: rate?.usdPerHour ?? null, rate, perRequestUsd: deviceHoursUsd }
  }
  const owned = ownedDeviceHourCost(scenario.ownership, hardware.tdpW, scenario.electricityUsdPerKWh)
  return {
    deviceHoursPerRequest,
    deviceHoursUsd: null,
    energyKWhPerRequest,
    energyUsd: times(owned.energyUsd, deviceHoursPerRequest),
    coolingUsd: times(owned.coolingUsd, deviceHoursPerRequest),
    hardwareAmortizationUsd: times(owned.hardwareAmortizationUsd, deviceHoursPerRequest),
    maintenanceUsd: times(owned.maintenanceUsd, deviceHoursPerRequest),
    usdPerDeviceHour: owned.totalUsd,
    rate: undefined,
    perRequestUsd: times(owned.totalUsd, deviceHoursPerRequest)
  }
}

/** What one device costs per hour it runs for this scenario (rental at its tier, or ownership); undefined when unknown. */
export function deviceHourlyCost(scenario: SelfHostedScenario): number | undefined {
  return selfHostedCost(scenario, 1).usdPerDeviceHour ?? undefined
}

/**
 * What one device costs a month: rented, 730 hours at its tier price (paid busy or idle); owned, the
 * hours it runs (hoursPerDay × 365/12) at its ownership cost per running hour, which is its purchase
 * price over the amortisation period and its upkeep by the month, plus the energy and cooling of those
 * hours at rated power. Undefined when unknown.
 */
export function deviceMonthlyCost(scenario: SelfHostedScenario): number | undefined {
  const hourly = deviceHourlyCost(scenario)
  if (hourly === undefined) return undefined
  return hourly * (scenario.deployment === 'cloud' ? HOURS_PER_MONTH : scenario.ownership.hoursPerDay * DAYS_PER_MONTH)
}

/** Hourly price of one device when the scenario rents it by the hour and the price at its tier is known. */
export const rentedHourlyPrice = (scenario: SelfHostedScenario) => (scenario.deployment === 'cloud' ? rentalRate(scenario.hardware, scenario.pricing)?.usdPerHour : undefined)
