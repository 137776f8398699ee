import { describe, expect, it } from 'vitest'
import { apiCost, batchDeviceHoursPerRequest, rentedHourlyPrice, selfHostedCost, servingDeviceHoursPerRequest } from '../../../src/estimator/report/cost.js'
import type { ApiScenario } from '../../../src/estimator/scenario.js'
import { handScenario } from '../../helpers/scenario.js'

// The hand scenario's device: 500 W, $2/hour on demand, bought for $8,760; electricity $0.2/kWh;
// ownership over 2 years, PUE 1.5, upkeep 10% a year, 24 hours a day.

describe('cost per request', () => {
  it('api: tokens × price per million', () => {
    const scenario = { ...handScenario(), deployment: 'api', model: { ...handScenario().model, api: { inputUsdPerMTok: 30, outputUsdPerMTok: 60 } } } as unknown as ApiScenario
    const cost = apiCost(scenario)
    expect(cost.inputUsd).toBeCloseTo(0.024, 12) // 800 × $30 / 1e6
    expect(cost.outputUsd).toBeCloseTo(0.012, 12) // 200 × $60 / 1e6
    expect(cost.perRequestUsd).toBeCloseTo(0.036, 12)
  })

  it('cloud: device-hours × the on-demand price, and no ownership parts', () => {
    // 3,600,000 ms = 1 hour on 2 devices for a batch of 2: 1 device hour per request at $2.
    const scenario = handScenario({ deviceCount: 2 })
    const cost = selfHostedCost(scenario, batchDeviceHoursPerRequest(scenario, 3_600_000))
    expect(cost.deviceHoursPerRequest).toBe(1)
    expect(cost.deviceHoursUsd).toBe(2)
    expect(cost.energyUsd).toBeNull()
    expect(cost.hardwareAmortizationUsd).toBeNull()
    expect(cost.maintenanceUsd).toBeNull()
    expect(cost.coolingUsd).toBeNull()
    expect(cost.energyKWhPerRequest).toBe(0.5) // 500 W × 1 h
    expect(cost.perRequestUsd).toBe(2)
    expect(cost.usdPerDeviceHour).toBe(2)
    expect(rentedHourlyPrice(handScenario())).toBe(2)
  })

  it('cloud at a spot or reserved tier: the tier price; unknown tier: null', () => {
    const rentalPrices = [
      { tier: 'spot' as const, usdPerHour: 0.8, asOf: '2026-09-26', provider: 'cloud A' },
      { tier: 'reserved-3y' as const, usdPerHour: 1.1, asOf: '2026-03', provider: 'cloud B' },
      { tier: 'reserved-1y' as const, usdPerHour: 1.4, asOf: '2026-03', provider: 'cloud B' }
    ]
    const hardware = { ...handScenario().hardware, rentalPrices }
    expect(selfHostedCost(handScenario({ hardware, pricing: 'spot' }), 2).perRequestUsd).toBeCloseTo(1.6, 12)
    const reserved = selfHostedCost(handScenario({ hardware, pricing: 'reserved' }), 2)
    expect(reserved.perRequestUsd).toBeCloseTo(2.8, 12) // the shortest term published: 1 year at $1.40
    expect(reserved.rate?.tier).toBe('reserved-1y')
    expect(selfHostedCost(handScenario({ pricing: 'spot' }), 2).perRequestUsd).toBeNull()
  })

  it('local: amortisation, upkeep, energy and cooling per device-hour, times the hours a request uses', () => {
    // Per device-hour: amortisation 8760 / (2 × 365 × 24) = 0.5; upkeep 0.1 × 8760 / (365 × 24) = 0.1;
    // energy 0.5 kWh × 0.2 = 0.1; cooling 0.1 × (1.5 − 1) = 0.05; 0.75 in all. A request uses 2 device-hours.
    const cost = selfHostedCost(handScenario({ deployment: 'local' }), 2)
    expect(cost.deviceHoursUsd).toBeNull()
    expect(cost.hardwareAmortizationUsd).toBeCloseTo(1, 12)
    expect(cost.maintenanceUsd).toBeCloseTo(0.2, 12)
    expect(cost.energyUsd).toBeCloseTo(0.2, 12)
    expect(cost.coolingUsd).toBeCloseTo(0.1, 12)
    expect(cost.perRequestUsd).toBeCloseTo(1.5, 12)
    expect(cost.usdPerDeviceHour).toBeCloseTo(0.75, 12)
    expect(rentedHourlyPrice(handScenario({ deployment: 'local' }))).toBeUndefined()
  })

  it('local running 12 hours a day: the price and upkeep spread over half the hours, energy unchanged', () => {
    const base = handScenario({ deployment: 'local' })
    const cost = selfHostedCost({ ...base, ownership: { ...base.ownership, hoursPerDay: 12 } }, 1)
    expect(cost.hardwareAmortizationUsd).toBeCloseTo(1, 12)
    expect(cost.maintenanceUsd).toBeCloseTo(0.2, 12)
    expect(cost.energyUsd).toBeCloseTo(0.1, 12)
  })

  it('local without a purchase price or a power figure: the known parts only; neither: null', () => {
    const base = handScenario({ deployment: 'edge' })
    const noPrice = selfHostedCost({ ...base, ownership: { ...base.ownership, purchasePriceUsd: undefined } }, 1)
    expect(noPrice.hardwareAmortizationUsd).toBeNull()
    expect(noPrice.maintenanceUsd).toBeNull()
    expect(noPrice.perRequestUsd).toBeCloseTo(0.15, 12)
    const neither = selfHostedCost({ ...base, hardware: { ...base.hardware, tdpW: undefined }, ownership: { ...base.ownership, purchasePriceUsd: undefined } }, 1)
    expect(neither.perRequestUsd).toBeNull()
    expect(neither.energyKWhPerRequest).toBeNull()
  })

  it('under a load: the deployment\'s device hours shared by the requests it completes', () => {
    // 2 devices completing 0.5 requests/s: 2 device-seconds per 0.5 request = 4 device-seconds = 1/900 h.
    const scenario = handScenario({ deviceCount: 2 })
    expect(servingDeviceHoursPerRequest(scenario, 0.5)).toBeCloseTo(1 / 900, 12)
    expect(selfHostedCost(scenario, servingDeviceHoursPerRequest(scenario, 0.5)).deviceHoursUsd).toBeCloseTo(2 / 900, 12)
  })
})
