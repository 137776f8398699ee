// /compare with a day of traffic: fleets always on and autoscaled, hybrid plans with an API model.
import { describe, expect, it } from 'vitest'
import { compare, EstimateError } from '../../../src/estimator/index.js'
import { alwaysOnFleet, autoscaledFleet } from '../../../src/estimator/compare/fleet.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()
const workload = { promptTokens: 1000, outputTokens: 500, requestsPerDay: 2_000_000, peakToAverage: 1.6 }
const candidates = [{ model: 'llama-3.1-8b', hardware: 'h100-sxm' }, { model: 'llama-3.1-8b', hardware: 'h100-sxm', pricing: 'spot' as const }, { model: 'llama-3.1-8b', hardware: 'rtx-4090', deployment: 'local' as const, precision: 'q4_k_m' }, { model: 'gpt-4o-mini' }]

function refusal(run: () => unknown): EstimateError {
  try {
    run()
  } catch (err) {
    if (err instanceof EstimateError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

describe('fleets and hybrid plans in /compare', () => {
  const answer = compare(catalog, { workload, candidates: candidates.filter((candidate) => candidate.model !== 'gpt-4o-mini').concat({ model: 'gpt-4o' } as never), hybridWith: 'gpt-4o' }, { estimate: true })
  const rowOf = (basis: string, hardware: string) => answer.rows.find((row) => row.costBasis === basis && row.candidate.hardware === hardware)!

  it('states the day it assumes', () => {
    expect(answer.workload.peakToAverage).toBe(1.6)
    expect(answer.workload.trafficShape).toMatch(/^a sinusoid over 24 hours between a trough of 9\.26, an average of 23\.1 and a peak of 37 requests\/s/)
  })

  it('each row says its cost basis', () => {
    expect(answer.rows.map((row) => row.costBasis).sort()).toEqual(['api', 'ownership', 'rental (on-demand)', 'rental (spot)'])
  })

  it('a rented row: always on for the peak, autoscaled hour by hour for less', () => {
    const row = rowOf('rental (on-demand)', 'h100-sxm')
    const traffic = { averageRequestsPerSecond: 2_000_000 / 86_400, peakToAverage: 1.6 }
    const replicaRps = row.capacity!.replicaRequestsPerSecond!
    const hourly = 3.78 * row.candidate.deviceCount
    expect(row.fleet!.alwaysOnReplicas).toBe(alwaysOnFleet(traffic, replicaRps, hourly * 730).replicas)
    // The answer shows seven significant figures.
    expect(row.fleet!.autoscaledMonthlyCostUsd!).toBeCloseTo(autoscaledFleet(traffic, replicaRps, hourly).monthlyCostUsd!, 2)
    expect(row.fleet!.alwaysOnReplicas).toBe(row.capacity!.replicas)
    expect(row.fleet!.alwaysOnMonthlyCostUsd!).toBeCloseTo(row.fleet!.alwaysOnReplicas * 730 * hourly, 6)
    expect(row.fleet!.autoscaledMonthlyCostUsd!).toBeLessThanOrEqual(row.fleet!.alwaysOnMonthlyCostUsd!)
  })

  it('an owned row: always on, its purchase over 36 months, upkeep and power every hour; no autoscaled figure', () => {
    const row = rowOf('ownership', 'rtx-4090')
    const parts = row.estimate!.cost.breakdown
    const hours = row.estimate!.cost.deviceHoursPerRequest!
    const perDeviceHour = (parts.hardwareAmortizationUsd! + parts.maintenanceUsd! + parts.energyUsd! + parts.coolingUsd!) / hours
    expect(perDeviceHour).toBeCloseTo(1599 / (3 * 8760) + (0.075 * 1599) / 8760 + 0.45 * 0.15 * 1.25, 5)
    // Seven significant figures: within half a unit of the seventh.
    const monthly = row.fleet!.alwaysOnReplicas * (1599 / 36 + (0.075 * 1599) / 12 + 0.45 * 0.15 * 1.25 * 730)
    expect(Math.abs(row.fleet!.alwaysOnMonthlyCostUsd! - monthly) / monthly).toBeLessThan(5e-7)
    expect(row.capacity!.monthlyCostUsd!).toBeCloseTo(row.fleet!.alwaysOnMonthlyCostUsd!, 6)
    expect(row.fleet!.autoscaledMonthlyCostUsd).toBeNull()
  })

  it('hybrid: per self-hosted row, never dearer than the cheaper pure plan; none for the api row', () => {
    for (const row of answer.rows) {
      if (row.candidate.deployment === 'api') {
        expect(row.hybrid).toBeNull()
        continue
      }
      const plan = row.hybrid!
      expect(plan.api).toBe('gpt-4o@api')
      expect(plan.monthlyCostUsd).toBeLessThanOrEqual(Math.min(plan.allApiMonthlyCostUsd, plan.allSelfHostedMonthlyCostUsd) + 1e-6)
      expect(plan.allSelfHostedMonthlyCostUsd).toBeCloseTo(row.fleet!.alwaysOnMonthlyCostUsd!, 6)
      expect(plan.selfHostedShare + plan.apiShare).toBeCloseTo(1, 6)
    }
    const apiRow = answer.rows.find((row) => row.id === 'gpt-4o@api')!
    expect(rowOf('rental (on-demand)', 'h100-sxm').hybrid!.allApiMonthlyCostUsd).toBeCloseTo(apiRow.estimate!.cost.perRequestUsd! * 2_000_000 * (365 / 12), 4)
  })

  it('hybridWith must be an API model and needs a volume; both refusals name hybridWith', () => {
    expect(refusal(() => compare(catalog, { workload, candidates, hybridWith: 'llama-3.1-8b' }, { estimate: true })).errors[0]!.pointer).toBe('/body/hybridWith')
    expect(refusal(() => compare(catalog, { workload: { promptTokens: 10, outputTokens: 10 }, candidates, hybridWith: 'gpt-4o' }, { estimate: true })).errors[0]!.pointer).toBe('/body/hybridWith')
  })

  it('without a volume: no fleet, no traffic shape', () => {
    const plain = compare(catalog, { workload: { promptTokens: 10, outputTokens: 10 }, candidates }, { estimate: true })
    expect(plain.workload.trafficShape).toBeNull()
    expect(plain.rows.every((row) => row.fleet === null && row.hybrid === null)).toBe(true)
  })
})

describe('row labels say the cost basis when it is not on-demand rental', () => {
  it('/local, /spot, /reserved; on-demand keeps the plain label', () => {
    const answer = compare(catalog, { workload: { promptTokens: 10, outputTokens: 10 }, candidates: [{ model: 'llama-3.1-8b', hardware: 'h100-sxm' }, { model: 'llama-3.1-8b', hardware: 'h100-sxm', deployment: 'local' }, { model: 'llama-3.1-8b', hardware: 'h100-sxm', pricing: 'spot' }, { model: 'llama-3.1-8b', hardware: 'h100-sxm', pricing: 'reserved' }] }, { estimate: true })
    expect(answer.rows.map((row) => row.id).sort()).toEqual(['llama-3.1-8b@h100-sxmx1/fp16', 'llama-3.1-8b@h100-sxmx1/fp16/local', 'llama-3.1-8b@h100-sxmx1/fp16/reserved', 'llama-3.1-8b@h100-sxmx1/fp16/spot'])
  })
})
