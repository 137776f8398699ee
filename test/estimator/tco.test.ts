// What a request really costs, end to end: local TCO at the serving operating point, edge devices,
// rental tiers, and the fields each deployment ignores.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { estimate, EstimateError } from '../../src/estimator/index.js'
import type { EstimateRequest } from '../../src/schemas/estimate.js'
import { defaultCatalog } from '../helpers/app.js'

const catalog = defaultCatalog()
const run = (req: EstimateRequest) => estimate(catalog, req)
const HOURS_3_YEARS = 3 * 365 * 24

describe('local TCO', () => {
  it('one RTX 4090 bought at its catalog price, 3 years, 24 h a day, at the load the serving model gives', () => {
    const e = run({ model: 'llama-3.1-8b', hardware: 'rtx-4090', engine: 'vllm', precision: 'fp8', promptTokens: 500, outputTokens: 200, concurrency: 8 })
    expect(e.deployment).toBe('local')
    expect(e.cost.basis).toMatchObject({ kind: 'ownership', purchasePriceUsd: 1599, purchasePriceBasis: 'list', amortizationYears: 3, pue: 1.25, maintenanceShareOfHardwarePerYear: 0.075, hoursPerDay: 24 })
    const tokensPerHour = e.serving!.outputTokensPerSecond * 3600
    const amortizationPerMillion = (e.cost.breakdown.hardwareAmortizationUsd! / 200) * 1e6
    // price / (3 × 365 × 24 h × tokens per hour), per million tokens
    expect(amortizationPerMillion).toBeCloseTo((1599 / (HOURS_3_YEARS * tokensPerHour)) * 1e6, 3)
    const parts = e.cost.breakdown
    const sum = parts.hardwareAmortizationUsd! + parts.maintenanceUsd! + parts.energyUsd! + parts.coolingUsd!
    expect(e.cost.perRequestUsd!).toBeCloseTo(sum, 9)
    expect(parts.coolingUsd! / parts.energyUsd!).toBeCloseTo(0.25, 4)
  })

  it('a busy box amortises over more tokens: more users, less hardware per million tokens', () => {
    const at = (concurrency: number) => run({ model: 'llama-3.1-8b', hardware: 'rtx-4090', engine: 'vllm', precision: 'fp8', promptTokens: 500, outputTokens: 200, concurrency })
    const quiet = at(1)
    const busy = at(16)
    expect(busy.cost.breakdown.hardwareAmortizationUsd!).toBeLessThan(quiet.cost.breakdown.hardwareAmortizationUsd! * 0.75)
  })

  it('the request\'s own terms: price, years, PUE, upkeep and hours a day', () => {
    const base: EstimateRequest = { model: 'llama-3.1-8b', hardware: 'rtx-4090', precision: 'q4_k_m', promptTokens: 500, outputTokens: 200 }
    const e = run({ ...base, purchasePriceUsd: 2000, amortizationYears: 4, pue: 1.5, maintenanceShareOfHardwarePerYear: 0.1, hoursPerDay: 8 })
    const hours = e.cost.deviceHoursPerRequest!
    expect(e.cost.breakdown.hardwareAmortizationUsd!).toBeCloseTo((2000 / (4 * 365 * 8)) * hours, 9)
    expect(e.cost.breakdown.maintenanceUsd!).toBeCloseTo(((0.1 * 2000) / (365 * 8)) * hours, 9)
    expect(e.cost.breakdown.coolingUsd! / e.cost.breakdown.energyUsd!).toBeCloseTo(0.5, 4)
    expect(e.cost.basis.purchasePriceBasis).toBe('request')
  })

  it('hardware without a purchase price: energy and cooling only, and a warning that says so', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'a100-80gb', deployment: 'local', promptTokens: 100, outputTokens: 100 })
    expect(e.cost.breakdown.hardwareAmortizationUsd).toBeNull()
    // Each figure is rounded to 10 decimals on its own: their sum may differ in the last place.
    expect(e.cost.perRequestUsd!).toBeCloseTo(e.cost.breakdown.energyUsd! + e.cost.breakdown.coolingUsd!, 9)
    expect(e.warnings).toContain('no purchase price for a100-80gb: hardware amortisation and upkeep are left out of the cost (give purchasePriceUsd)')
  })
})

describe('edge', () => {
  it('a 3B q4 on a Jetson Orin Nano: edge by default, llama.cpp, owned with no machine room (PUE 1), a warning about battery and heat', () => {
    const e = run({ model: 'llama-3.2-3b', hardware: 'jetson-orin-nano-8gb', precision: 'q4_k_m', promptTokens: 200, outputTokens: 200 })
    expect(e.deployment).toBe('edge')
    expect(e.engine).toBe('llama.cpp')
    expect(e.memory!.fits).toBe(true)
    expect(e.throughput!.decodeTokensPerSecond).toBeGreaterThan(1)
    expect(e.cost.basis).toMatchObject({ kind: 'ownership', purchasePriceUsd: 249, pue: 1 })
    expect(e.cost.breakdown.coolingUsd).toBe(0)
    expect(e.cost.breakdown.hardwareAmortizationUsd!).toBeCloseTo((249 / HOURS_3_YEARS) * e.cost.deviceHoursPerRequest!, 10)
    expect(e.warnings.some((warning) => warning.startsWith('edge: battery drain and thermal throttling are not modelled'))).toBe(true)
  })

  it('an edge module without a published purchase price: energy only, and a warning that says so', () => {
    const e = run({ model: 'llama-3.1-8b', hardware: 'jetson-agx-orin-64gb', precision: 'q4_k_m', promptTokens: 100, outputTokens: 100 })
    expect(e.deployment).toBe('edge')
    expect(e.cost.breakdown.hardwareAmortizationUsd).toBeNull()
    expect(e.cost.breakdown.energyUsd!).toBeGreaterThan(0)
    expect(e.warnings).toContain('no purchase price for jetson-agx-orin-64gb: hardware amortisation and upkeep are left out of the cost (give purchasePriceUsd)')
  })

  it('edge on data-centre hardware is refused, naming the deployment', () => {
    let error: unknown
    try {
      run({ model: 'llama-2-7b', hardware: 'h100-sxm', deployment: 'edge', promptTokens: 10, outputTokens: 10 })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(EstimateError)
    expect((error as EstimateError).errors[0]!.pointer).toBe('/body/deployment')
  })
})

describe('cloud price tiers', () => {
  const base: EstimateRequest = { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, concurrency: 32 }
  it('reserved uses the catalog\'s reserved price, with its provider and date in the basis', () => {
    const onDemand = run(base)
    const reserved = run({ ...base, pricing: 'reserved' })
    expect(reserved.cost.basis).toMatchObject({ kind: 'rental', pricing: 'reserved-1y', usdPerDeviceHour: 6.5 })
    expect(reserved.cost.basis.priceProvider).toMatch(/AWS/)
    expect(onDemand.cost.basis).toMatchObject({ kind: 'rental', pricing: 'on-demand', usdPerDeviceHour: 3.78 })
    // Both costs are rounded to 10 decimals, so their ratio holds to about 1e-6 of itself.
    expect(reserved.cost.perRequestUsd! / onDemand.cost.perRequestUsd!).toBeCloseTo(6.5 / 3.78, 5)
  })

  it('a tier the catalog has no price for: cost null and a warning naming the tiers it has', () => {
    const e = run({ ...base, hardware: 'a100-80gb', pricing: 'spot' })
    expect(e.cost.perRequestUsd).toBeNull()
    expect(e.warnings).toContain('no spot price for a100-80gb in the catalog: cloud cost is unknown (published here: on-demand)')
  })

  it('ownership terms on a cloud deployment and pricing on a local one are ignored, with a warning', () => {
    expect(run({ ...base, pue: 1.4 }).warnings.join(' ')).toMatch(/pue is ignored for a cloud deployment/)
    expect(run({ ...base, hardware: 'rtx-4090', deployment: 'local', pricing: 'spot' }).warnings.join(' ')).toMatch(/pricing is ignored for a local deployment/)
  })
})

describe('cost properties over catalog hardware', () => {
  const owned = catalog.hardware.filter((entry) => !entry.dataCentre && entry.tflops.fp16 !== undefined).map((entry) => entry.id)
  const request = fc.record({
    hardware: fc.constantFrom(...owned),
    model: fc.constantFrom('llama-3.2-1b', 'llama-3.2-3b', 'qwen2.5-1.5b', 'llama-3.1-8b'),
    precision: fc.constantFrom('q4_k_m', 'q8_0'),
    promptTokens: fc.integer({ min: 1, max: 4000 }),
    outputTokens: fc.integer({ min: 1, max: 2000 }),
    amortizationYears: fc.double({ min: 0.5, max: 10, noNaN: true }),
    pue: fc.double({ min: 1, max: 2.5, noNaN: true }),
    purchasePriceUsd: fc.double({ min: 50, max: 50_000, noNaN: true })
  })
  const tryRun = (req: EstimateRequest) => {
    try {
      return run(req)
    } catch (err) {
      if (err instanceof EstimateError) return undefined
      throw err
    }
  }

  it('more years never raise amortisation per token; higher PUE never lowers energy + cooling; parts add up', () => {
    fc.assert(
      fc.property(request, fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (req, extraYears, extraPue) => {
        const base = tryRun(req)
        if (!base) return
        const longer = run({ ...req, amortizationYears: Math.min(20, req.amortizationYears + extraYears) })
        const warmer = run({ ...req, pue: Math.min(3, req.pue + extraPue) })
        expect(longer.cost.breakdown.hardwareAmortizationUsd!).toBeLessThanOrEqual(base.cost.breakdown.hardwareAmortizationUsd! * (1 + 1e-9) + 1e-10)
        const heat = (e: typeof base) => (e.cost.breakdown.energyUsd ?? 0) + (e.cost.breakdown.coolingUsd ?? 0)
        expect(heat(warmer)).toBeGreaterThanOrEqual(heat(base) - 1e-10)
        const parts = base.cost.breakdown
        const sum = [parts.hardwareAmortizationUsd, parts.maintenanceUsd, parts.energyUsd, parts.coolingUsd].reduce<number>((total, part) => total + (part ?? 0), 0)
        expect(base.cost.perRequestUsd!).toBeCloseTo(sum, 8)
      }),
      { numRuns: 150 }
    )
  })
})
