// Invariants of the estimator over generated requests (fast-check).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { estimate, EstimateError } from '../../src/estimator/index.js'
import type { EstimateRequest } from '../../src/schemas/estimate.js'
import type { EstimateResponse } from '../../src/schemas/estimate-answer.js'
import { defaultCatalog } from '../helpers/app.js'

const catalog = defaultCatalog()
const openModels = catalog.models.filter((m) => m.openWeights).map((m) => m.id)
const hardware = catalog.hardware.filter((h) => h.id !== 'a10g').map((h) => h.id)
const precisions = catalog.precisions.map((p) => p.id)

/** An estimate, or undefined when the combination is refused (refusals are tested elsewhere). */
function tryEstimate(req: EstimateRequest): EstimateResponse | undefined {
  try {
    return estimate(catalog, req)
  } catch (err) {
    if (err instanceof EstimateError) return undefined
    throw err
  }
}

const baseRequest = fc.record({
  model: fc.constantFrom(...openModels, 'gpt-4o', 'gpt-4', 'claude-3-sonnet'),
  hardware: fc.constantFrom(...hardware),
  precision: fc.constantFrom(...precisions),
  deviceCount: fc.constantFrom(1, 2, 4, 8),
  promptTokens: fc.integer({ min: 1, max: 200_000 }),
  outputTokens: fc.integer({ min: 1, max: 20_000 }),
  batchSize: fc.integer({ min: 1, max: 512 }),
  deployment: fc.constantFrom<EstimateRequest['deployment']>('cloud', 'local', 'edge', undefined),
  pricing: fc.constantFrom<EstimateRequest['pricing']>('on-demand', 'spot', 'reserved', undefined),
  amortizationYears: fc.constantFrom(undefined, 0.5, 3, 10),
  pue: fc.constantFrom(undefined, 1, 1.6),
  hoursPerDay: fc.constantFrom(undefined, 1, 24)
})

const RUNS = { numRuns: 300 }

function allFinite(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = allFinite(v, `${path}/${k}`)
      if (bad) return bad
    }
  }
  return undefined
}

describe('estimator invariants', () => {
  it('no NaN or Infinity ever reaches a response', () => {
    fc.assert(
      fc.property(baseRequest, (req) => {
        const e = tryEstimate(req)
        if (e) expect(allFinite(e)).toBeUndefined()
      }),
      RUNS
    )
  })
  it('more prompt tokens never lower TTFT', () => {
    fc.assert(
      fc.property(baseRequest, fc.integer({ min: 1, max: 50_000 }), (req, extra) => {
        const a = tryEstimate(req)
        const b = tryEstimate({ ...req, promptTokens: req.promptTokens + extra })
        if (a?.latency?.ttftMs && b?.latency?.ttftMs) expect(b.latency.ttftMs).toBeGreaterThanOrEqual(a.latency.ttftMs)
      }),
      RUNS
    )
  })
  it('more output tokens never lower total time or cost', () => {
    fc.assert(
      fc.property(baseRequest, fc.integer({ min: 1, max: 5_000 }), (req, extra) => {
        const a = tryEstimate(req)
        const b = tryEstimate({ ...req, outputTokens: req.outputTokens + extra })
        if (!a || !b) return
        if (a.latency?.totalMs && b.latency?.totalMs) expect(b.latency.totalMs).toBeGreaterThanOrEqual(a.latency.totalMs)
        if (a.cost.perRequestUsd !== null && b.cost.perRequestUsd !== null) expect(b.cost.perRequestUsd).toBeGreaterThanOrEqual(a.cost.perRequestUsd)
      }),
      RUNS
    )
  })
  it('a larger batch never lowers memory', () => {
    fc.assert(
      fc.property(baseRequest, fc.integer({ min: 1, max: 256 }), (req, extra) => {
        const a = tryEstimate(req)
        const b = tryEstimate({ ...req, batchSize: req.batchSize + extra })
        if (a?.memory && b?.memory) {
          expect(b.memory.totalGB).toBeGreaterThanOrEqual(a.memory.totalGB)
          expect(b.memory.perDeviceGB).toBeGreaterThanOrEqual(a.memory.perDeviceGB)
        }
      }),
      RUNS
    )
  })
  it('a smaller precision never raises weight memory', () => {
    const bits = (id: string) => catalog.precisionById.get(id)!.bitsPerWeight
    fc.assert(
      fc.property(baseRequest, fc.constantFrom(...precisions), (req, other) => {
        const a = tryEstimate({ ...req, deployment: 'local', engine: 'llama.cpp', hardware: 'cpu-server-ddr5' })
        const b = tryEstimate({ ...req, deployment: 'local', engine: 'llama.cpp', hardware: 'cpu-server-ddr5', precision: other })
        if (a?.memory && b?.memory && bits(other) < bits(req.precision)) expect(b.memory.weightsGB).toBeLessThanOrEqual(a.memory.weightsGB)
      }),
      RUNS
    )
  })
  it('ranges bracket the point estimates', () => {
    fc.assert(
      fc.property(baseRequest, (req) => {
        const e = tryEstimate(req)
        if (!e?.range || !e.latency || !e.throughput) return
        if (e.range.ttftMs && e.latency.ttftMs !== null) {
          expect(e.range.ttftMs.low).toBeLessThanOrEqual(e.latency.ttftMs * (1 + 1e-9))
          expect(e.range.ttftMs.high).toBeGreaterThanOrEqual(e.latency.ttftMs * (1 - 1e-9))
        }
        expect(e.range.decodeTokensPerSecond.low).toBeLessThanOrEqual(e.throughput.decodeTokensPerSecond * (1 + 1e-9))
        expect(e.range.decodeTokensPerSecond.high).toBeGreaterThanOrEqual(e.throughput.decodeTokensPerSecond * (1 - 1e-9))
      }),
      RUNS
    )
  })
  it('fits is consistent with minDevices', () => {
    fc.assert(
      fc.property(baseRequest, (req) => {
        const e = tryEstimate(req)
        if (!e?.memory) return
        if (e.memory.fits) expect(e.memory.minDevices).toBeLessThanOrEqual(e.deviceCount)
        else if (e.memory.minDevices !== null) expect(e.memory.minDevices).toBeGreaterThan(e.deviceCount)
      }),
      RUNS
    )
  })
})
