// Money per request: token prices for an api scenario; device hours (cloud) or energy (local) for a
// self-hosted one. Unrounded; the report rounds.
import type { ApiScenario, SelfHostedScenario } from '../scenario.js'
import { MS_PER_HOUR } from '../units.js'

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
  deviceHoursUsd: number | null
  energyKWhPerRequest: number | null
  energyUsd: number | null
  /** Device hours for cloud, energy for local; null when the price or power figure is unknown. */
  perRequestUsd: number | null
}

/** The batch shares the devices for the request's whole duration: devices × time / batch. */
export function selfHostedCost(scenario: SelfHostedScenario, totalMs: number): SelfHostedCost {
  const { hardware, deployment } = scenario
  const hours = (totalMs / MS_PER_HOUR) * scenario.deviceCount
  const deviceHoursPerRequest = hours / scenario.batchSize
  const energyKWhPerRequest = hardware.tdpW !== undefined ? (hardware.tdpW * deviceHoursPerRequest) / 1000 : null
  const deviceHoursUsd = deployment === 'cloud' && hardware.priceUsdPerHour !== undefined ? deviceHoursPerRequest * hardware.priceUsdPerHour : null
  const energyUsd = deployment === 'local' && energyKWhPerRequest !== null ? energyKWhPerRequest * scenario.electricityUsdPerKWh : null
  return { deviceHoursPerRequest, deviceHoursUsd, energyKWhPerRequest, energyUsd, perRequestUsd: deployment === 'cloud' ? deviceHoursUsd : energyUsd }
}

/** Hourly price of one device when the scenario rents it by the hour and the price is known. */
export const rentedHourlyPrice = (scenario: SelfHostedScenario) => (scenario.deployment === 'cloud' ? scenario.hardware.priceUsdPerHour : undefined)
