import { describe, expect, it } from 'vitest'
import { apiCost, rentedHourlyPrice, selfHostedCost } from '../../../src/estimator/report/cost.js'
import type { ApiScenario } from '../../../src/estimator/scenario.js'
import { handScenario } from '../../helpers/scenario.js'

describe('cost per request', () => {
  it('api: tokens × price per million', () => {
    const scenario = { ...handScenario(), deployment: 'api', model: { ...handScenario().model, api: { inputUsdPerMTok: 30, outputUsdPerMTok: 60 } } } as unknown as ApiScenario
    const cost = apiCost(scenario)
    expect(cost.inputUsd).toBeCloseTo(0.024, 12) // 800 × $30 / 1e6
    expect(cost.outputUsd).toBeCloseTo(0.012, 12) // 200 × $60 / 1e6
    expect(cost.perRequestUsd).toBeCloseTo(0.036, 12)
  })

  it('cloud: devices × hours × price / batch', () => {
    // 3,600,000 ms = 1 hour on 2 devices for a batch of 2: 1 device hour per request at $2.
    const cost = selfHostedCost(handScenario({ deviceCount: 2 }), 3_600_000)
    expect(cost.deviceHoursPerRequest).toBe(1)
    expect(cost.deviceHoursUsd).toBe(2)
    expect(cost.energyUsd).toBeNull()
    expect(cost.energyKWhPerRequest).toBe(0.5) // 500 W × 1 h
    expect(cost.perRequestUsd).toBe(2)
    expect(rentedHourlyPrice(handScenario())).toBe(2)
  })

  it('local: energy × electricity price', () => {
    const cost = selfHostedCost(handScenario({ deployment: 'local' }), 3_600_000)
    expect(cost.deviceHoursUsd).toBeNull()
    expect(cost.energyUsd).toBeCloseTo(0.25 * 0.2, 12) // 500 W × 0.5 h × $0.2/kWh
    expect(cost.perRequestUsd).toBe(cost.energyUsd)
    expect(rentedHourlyPrice(handScenario({ deployment: 'local' }))).toBeUndefined()
  })
})
