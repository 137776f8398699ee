// The `cost` object of an answer: a self-hosted cost (rental or ownership) or an api one, rounded,
// with the basis it was reckoned on.
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import type { SelfHostedScenario } from '../scenario.js'
import { round } from '../units.js'
import type { ApiCost, SelfHostedCost } from './cost.js'

type CostSection = EstimateResponse['cost']
type CostBasis = CostSection['basis']

const round10OrNull = (value: number | null) => (value === null ? null : round(value, 10))
const perMillion = (perRequestUsd: number | null, outputTokens: number) => (perRequestUsd === null ? null : round((perRequestUsd / outputTokens) * 1e6, 6))

const NO_OWNERSHIP = { purchasePriceUsd: null, purchasePriceBasis: null, amortizationYears: null, pue: null, maintenanceShareOfHardwarePerYear: null, hoursPerDay: null }

export function selfHostedCostBasis(scenario: SelfHostedScenario, cost: SelfHostedCost): CostBasis {
  const usdPerDeviceHour = round10OrNull(cost.usdPerDeviceHour)
  if (scenario.deployment === 'cloud') {
    return { kind: 'rental', pricing: cost.rate?.tier ?? scenario.pricing, priceProvider: cost.rate?.provider ?? null, priceAsOf: cost.rate?.asOf ?? null, usdPerDeviceHour, ...NO_OWNERSHIP }
  }
  const terms = scenario.ownership
  const catalogPrice = terms.purchasePriceBasis === 'list' || terms.purchasePriceBasis === 'street'
  return {
    kind: 'ownership',
    pricing: null,
    priceProvider: null,
    priceAsOf: catalogPrice ? (scenario.hardware.purchasePriceAsOf ?? null) : null,
    usdPerDeviceHour,
    purchasePriceUsd: terms.purchasePriceUsd ?? null,
    purchasePriceBasis: terms.purchasePriceBasis ?? null,
    amortizationYears: terms.amortizationYears,
    pue: terms.pue,
    maintenanceShareOfHardwarePerYear: terms.maintenanceShareOfHardwarePerYear,
    hoursPerDay: terms.hoursPerDay
  }
}

export function selfHostedCostSection(scenario: SelfHostedScenario, cost: SelfHostedCost): CostSection {
  return {
    currency: 'USD',
    perRequestUsd: round10OrNull(cost.perRequestUsd),
    perMillionOutputTokensUsd: perMillion(cost.perRequestUsd, scenario.outputTokens),
    breakdown: {
      apiInputUsd: null,
      apiOutputUsd: null,
      deviceHoursUsd: round10OrNull(cost.deviceHoursUsd),
      energyUsd: round10OrNull(cost.energyUsd),
      coolingUsd: round10OrNull(cost.coolingUsd),
      hardwareAmortizationUsd: round10OrNull(cost.hardwareAmortizationUsd),
      maintenanceUsd: round10OrNull(cost.maintenanceUsd)
    },
    basis: selfHostedCostBasis(scenario, cost),
    deviceHoursPerRequest: round10OrNull(cost.deviceHoursPerRequest),
    energyKWhPerRequest: round10OrNull(cost.energyKWhPerRequest)
  }
}

export function apiCostSection(cost: ApiCost, outputTokens: number, priceAsOf: string | undefined): CostSection {
  return {
    currency: 'USD',
    perRequestUsd: round(cost.perRequestUsd, 8),
    perMillionOutputTokensUsd: perMillion(cost.perRequestUsd, outputTokens),
    breakdown: { apiInputUsd: round(cost.inputUsd, 8), apiOutputUsd: round(cost.outputUsd, 8), deviceHoursUsd: null, energyUsd: null, coolingUsd: null, hardwareAmortizationUsd: null, maintenanceUsd: null },
    basis: { kind: 'api', pricing: null, priceProvider: null, priceAsOf: priceAsOf ?? null, usdPerDeviceHour: null, ...NO_OWNERSHIP },
    deviceHoursPerRequest: 0,
    energyKWhPerRequest: null
  }
}
