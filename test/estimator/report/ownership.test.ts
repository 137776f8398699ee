import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ownedDeviceHourCost, runningHoursPerYear, sumKnown } from '../../../src/estimator/report/ownership.js'
import type { OwnershipTerms } from '../../../src/estimator/scenario.js'

const terms = (overrides: Partial<OwnershipTerms> = {}): OwnershipTerms => ({
  purchasePriceUsd: 1599,
  purchasePriceBasis: 'list',
  amortizationYears: 3,
  pue: 1.25,
  maintenanceShareOfHardwarePerYear: 0.075,
  hoursPerDay: 24,
  ...overrides
})

describe('cost of one owned device-hour', () => {
  it('an RTX 4090 at $1,599 over 3 years, 24 h a day, 450 W at $0.15/kWh, PUE 1.25, 7.5% upkeep', () => {
    const cost = ownedDeviceHourCost(terms(), 450, 0.15)
    expect(runningHoursPerYear(terms())).toBe(8760)
    expect(cost.hardwareAmortizationUsd).toBeCloseTo(1599 / 26_280, 12) // 0.0608 $/h
    expect(cost.maintenanceUsd).toBeCloseTo((0.075 * 1599) / 8760, 12) // 0.0137 $/h
    expect(cost.energyKWh).toBeCloseTo(0.45, 12)
    expect(cost.energyUsd).toBeCloseTo(0.0675, 12)
    expect(cost.coolingUsd).toBeCloseTo(0.016875, 12)
    expect(cost.totalUsd).toBeCloseTo(1599 / 26_280 + (0.075 * 1599) / 8760 + 0.0675 + 0.016875, 12)
  })

  it('PUE 1 adds no cooling; no power figure leaves energy and cooling out', () => {
    expect(ownedDeviceHourCost(terms({ pue: 1 }), 25, 0.15).coolingUsd).toBe(0)
    const unpowered = ownedDeviceHourCost(terms(), undefined, 0.15)
    expect(unpowered.energyUsd).toBeNull()
    expect(unpowered.coolingUsd).toBeNull()
    expect(unpowered.totalUsd).toBeCloseTo(1599 / 26_280 + (0.075 * 1599) / 8760, 12)
  })

  it('sumKnown adds what is known', () => {
    expect(sumKnown([1, null, 2])).toBe(3)
    expect(sumKnown([null, null])).toBeNull()
  })

  const termsArb = fc.record({
    purchasePriceUsd: fc.double({ min: 1, max: 1e6, noNaN: true }),
    amortizationYears: fc.double({ min: 0.1, max: 20, noNaN: true }),
    pue: fc.double({ min: 1, max: 3, noNaN: true }),
    maintenanceShareOfHardwarePerYear: fc.double({ min: 0, max: 1, noNaN: true }),
    hoursPerDay: fc.double({ min: 0.5, max: 24, noNaN: true })
  })
  const tdpArb = fc.double({ min: 1, max: 2000, noNaN: true })
  const electricityArb = fc.double({ min: 0, max: 10, noNaN: true })

  it('more years never raise amortisation per hour (so per token)', () => {
    fc.assert(
      fc.property(termsArb, fc.double({ min: 0, max: 10, noNaN: true }), tdpArb, electricityArb, (given, extraYears, tdpW, electricity) => {
        const shorter = ownedDeviceHourCost(terms(given), tdpW, electricity)
        const longer = ownedDeviceHourCost(terms({ ...given, amortizationYears: given.amortizationYears + extraYears }), tdpW, electricity)
        expect(longer.hardwareAmortizationUsd!).toBeLessThanOrEqual(shorter.hardwareAmortizationUsd!)
        expect(longer.totalUsd!).toBeLessThanOrEqual(shorter.totalUsd! * (1 + 1e-12))
      })
    )
  })

  it('a higher PUE never lowers energy + cooling, and never touches energy alone', () => {
    fc.assert(
      fc.property(termsArb, fc.double({ min: 0, max: 2, noNaN: true }), tdpArb, electricityArb, (given, extraPue, tdpW, electricity) => {
        const lower = ownedDeviceHourCost(terms(given), tdpW, electricity)
        const higher = ownedDeviceHourCost(terms({ ...given, pue: given.pue + extraPue }), tdpW, electricity)
        expect(higher.energyUsd).toBe(lower.energyUsd)
        expect(higher.energyUsd! + higher.coolingUsd!).toBeGreaterThanOrEqual(lower.energyUsd! + lower.coolingUsd!)
      })
    )
  })

  it('fewer hours a day never lower the hardware and upkeep cost of an hour; every part is finite and not negative', () => {
    fc.assert(
      fc.property(termsArb, fc.double({ min: 0, max: 1, noNaN: true }), tdpArb, electricityArb, (given, share, tdpW, electricity) => {
        const full = ownedDeviceHourCost(terms(given), tdpW, electricity)
        const part = ownedDeviceHourCost(terms({ ...given, hoursPerDay: Math.max(0.5, given.hoursPerDay * share) }), tdpW, electricity)
        expect(part.hardwareAmortizationUsd!).toBeGreaterThanOrEqual(full.hardwareAmortizationUsd! * (1 - 1e-12))
        expect(part.maintenanceUsd!).toBeGreaterThanOrEqual(full.maintenanceUsd! * (1 - 1e-12))
        for (const value of Object.values(part)) {
          expect(Number.isFinite(value)).toBe(true)
          expect(value).toBeGreaterThanOrEqual(0)
        }
      })
    )
  })
})
