// Money per request: token prices for an api scenario; device hours (cloud) or energy (local) for a
// self-hosted one. Unrounded; the report rounds.
import type { ApiOffer } from '../../schemas/catalog.js'
import type { ApiScenario, SelfHostedScenario } from '../scenario.js'
import { MS_PER_HOUR } from '../units.js'

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
  deviceHoursUsd: number | null
  energyKWhPerRequest: number | null
  energyUsd: number | null
  /** Device hours for cloud, energy for local; null when the price or power figure is unknown. */
  perRequestUsd: number | null
}

/** The batch shares the devices for the request's whole duration: devices × time / batch; all null when that duration is unknown. */
export function selfHostedCost(scenario: SelfHostedScenario, totalMs: number | null): SelfHostedCost {
  if (totalMs === null) return { deviceHoursPerRequest: null, deviceHoursUsd: null, energyKWhPerRequest: null, energyUsd: null, perRequestUsd: null }
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
