// Money per request: token prices for an api scenario; for a self-hosted one, the device hours a
// request uses times what a device-hour costs: its rental price at the pricing tier (cloud), or the
// cost of owning it for that hour (local, edge). Unrounded; the report rounds.
import type { ApiOffer } from '../../schemas/catalog.js'
import type { ApiScenario, SelfHostedScenario } from '../scenario.js'
import { DAYS_PER_MONTH, HOURS_PER_MONTH, MS_PER_HOUR } from '../units.js'
import { ownedDeviceHourCost } from './ownership.js'
import { rentalRate, type HourlyRate } from './rental.js'

export interface ApiCost {
  /** Uncached and cached prompt tokens together. */
  inputUsd: number
  outputUsd: number
  perRequestUsd: number
}

/** The prices a request pays: the long-prompt tier's when the prompt is longer than its threshold (for every token of the request). */
export function apiPricesFor(api: ApiOffer, promptTokens: number): { inputUsdPerMTok: number; cachedInputUsdPerMTok: number; outputUsdPerMTok: number } {
  const tier = api.longPrompt !== undefined && promptTokens > api.longPrompt.thresholdTokens ? api.longPrompt : api
  // Without a published cached price, cached tokens cost the full input price.
  return { inputUsdPerMTok: tier.inputUsdPerMTok, cachedInputUsdPerMTok: tier.cachedInputUsdPerMTok ?? tier.inputUsdPerMTok, outputUsdPerMTok: tier.outputUsdPerMTok }
}

/** uncached prompt tokens × input price + cached prompt tokens × cached price + output tokens × output price (USD per million tokens). */
export function apiCost(scenario: ApiScenario): ApiCost {
  const prices = apiPricesFor(scenario.model.api, scenario.promptTokens)
  const cachedTokens = scenario.promptTokens * (scenario.cachedPromptShare ?? 0)
  const inputUsd = ((scenario.promptTokens - cachedTokens) * prices.inputUsdPerMTok + cachedTokens * prices.cachedInputUsdPerMTok) / 1e6
  const outputUsd = (scenario.outputTokens * prices.outputUsdPerMTok) / 1e6
  return { inputUsd, outputUsd, perRequestUsd: inputUsd + outputUsd }
}

export interface SelfHostedCost {
  /** null when the request's duration is unknown (no compute figure for prompt processing). */
  deviceHoursPerRequest: number | null
  /** Rental at the pricing tier (cloud); null otherwise, when the tier's price is unknown, or when the hours are. */
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

/** Device hours a request of a static batch uses: the batch shares the devices for its whole duration (devices × time / batch); null when that duration is unknown. */
export const batchDeviceHoursPerRequest = (scenario: SelfHostedScenario, totalMs: number | null) => (totalMs === null ? null : ((totalMs / MS_PER_HOUR) * scenario.deviceCount) / scenario.batchSize)

/** Device hours a request uses on a server completing `requestsPerSecond`: the deployment's hours shared by what it completes. */
export const servingDeviceHoursPerRequest = (scenario: SelfHostedScenario, requestsPerSecond: number) => scenario.deviceCount / (requestsPerSecond * 3600)

const times = (perHour: number | null, hours: number | null) => (perHour === null || hours === null ? null : perHour * hours)

/**
 * Cost of one request from the device hours it uses: rental at the pricing tier (cloud) or the cost of
 * owning the devices for those hours (local, edge). Per-request figures are null when the hours are
 * unknown; the per-device-hour price is still given when known.
 */
export function selfHostedCost(scenario: SelfHostedScenario, deviceHoursPerRequest: number | null): SelfHostedCost {
  const { hardware } = scenario
  const energyKWhPerRequest = hardware.tdpW !== undefined && deviceHoursPerRequest !== null ? (hardware.tdpW * deviceHoursPerRequest) / 1000 : null
  if (scenario.deployment === 'cloud') {
    const rate = rentalRate(hardware, scenario.pricing)
    const deviceHoursUsd = times(rate?.usdPerHour ?? null, deviceHoursPerRequest)
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

/**
 * What a fleet of this device costs a month, as /compare plans it: deviceMonthlyCost, but unknown for
 * owned devices without a purchase price (their answer's cost counts energy alone, with a warning; a
 * fleet priced so would look nearly free beside any rented one).
 */
export function fleetDeviceMonthlyCost(scenario: SelfHostedScenario): number | undefined {
  return ownedWithoutPurchasePrice(scenario) ? undefined : deviceMonthlyCost(scenario)
}

/** What one device costs an hour it runs, as /compare plans fleets: unknown as fleetDeviceMonthlyCost is. */
export function fleetDeviceHourlyCost(scenario: SelfHostedScenario): number | undefined {
  return ownedWithoutPurchasePrice(scenario) ? undefined : deviceHourlyCost(scenario)
}

/** Owned devices (local, edge) whose purchase price is unknown: their cost counts energy alone (the warning purchase-price-unknown). */
export const ownedWithoutPurchasePrice = (scenario: SelfHostedScenario) => scenario.deployment !== 'cloud' && scenario.ownership.purchasePriceUsd === undefined

/** Hourly price of one device when the scenario rents it by the hour and the price at its tier is known. */
export const rentedHourlyPrice = (scenario: SelfHostedScenario) => (scenario.deployment === 'cloud' ? rentalRate(scenario.hardware, scenario.pricing)?.usdPerHour : undefined)
