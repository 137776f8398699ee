import { describe, expect, it } from 'vitest'
import { bandFor, durationRange, servingBandFor, speedRange } from '../../../src/estimator/report/bands.js'
import type { Engine } from '../../../src/schemas/catalog.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()

describe('error bands', () => {
  it('uses the engine\'s own band when it has 3 or more rows', () => {
    const engine = { id: 'own', errorBands: { decodeTokensPerSecond: { lowFactor: 0.8, highFactor: 1.25, rows: 4 } } } as unknown as Engine
    expect(bandFor(catalog, engine, 'decodeTokensPerSecond')).toEqual({ low: 0.8, high: 1.25, basis: 'own, 4 calibration rows (full range)' })
  })

  it('widens a band of fewer than 10 rows (their in-sample full range) to hold the widest band of the engines with 10 or more', () => {
    const wellSampled = catalog.engines.flatMap((other) => {
      const own = other.errorBands?.decodeTokensPerSecond
      return own && own.rows >= 10 ? [own] : []
    })
    expect(wellSampled.length).toBeGreaterThan(0)
    const widestLow = Math.min(1, ...wellSampled.map((own) => own.lowFactor))
    const widestHigh = Math.max(1, ...wellSampled.map((own) => own.highFactor))
    const narrow = { id: 'narrow', errorBands: { decodeTokensPerSecond: { lowFactor: 0.99, highFactor: 1.01, rows: 5 } } } as unknown as Engine
    const band = bandFor(catalog, narrow, 'decodeTokensPerSecond')
    expect(band).toEqual({ low: widestLow, high: widestHigh, basis: 'narrow, 5 calibration rows (full range, widened to the widest band of the engines with 10 or more rows)' })
    const tenRows = { id: 'ten', errorBands: { decodeTokensPerSecond: { lowFactor: 0.99, highFactor: 1.01, rows: 10 } } } as unknown as Engine
    expect(bandFor(catalog, tenRows, 'decodeTokensPerSecond')).toEqual({ low: 0.99, high: 1.01, basis: 'ten, 10 calibration rows (10th-90th percentile of leave-one-run-out ratios)' })
  })

  it('falls back to the widest band of the calibrated engines', () => {
    const engine = { id: 'new', errorBands: { decodeTokensPerSecond: { lowFactor: 0.99, highFactor: 1.01, rows: 2 } } } as unknown as Engine
    const band = bandFor(catalog, engine, 'decodeTokensPerSecond')
    const calibrated = catalog.engines.flatMap((other) => {
      const own = other.errorBands?.decodeTokensPerSecond
      return own && own.rows >= 3 ? [own] : []
    })
    expect(band.low).toBe(Math.min(1, ...calibrated.map((own) => own.lowFactor)))
    expect(band.high).toBe(Math.max(1, ...calibrated.map((own) => own.highFactor)))
    expect(band.basis).toMatch(/fewer than 3 calibration rows/)
  })

  it('a serving band needs 10 out-of-sample ratios; with fewer it is the widest band of the engines that have 10', () => {
    const band = { lowFactor: 0.95, highFactor: 1.05 }
    const withRows = (rows: number) => ({ id: 'few', serving: { errorBands: { ttftMs: { ...band, rows } } } }) as unknown as Engine
    expect(servingBandFor(catalog, withRows(10), 'ttftMs')).toEqual({ low: 0.95, high: 1.05, basis: 'few, 10 serving calibration rows' })
    const fallback = servingBandFor(catalog, withRows(9), 'ttftMs')
    const enough = catalog.engines.flatMap((other) => {
      const own = other.serving?.errorBands?.ttftMs
      return own && own.rows >= 10 ? [own] : []
    })
    expect(enough.length).toBeGreaterThan(0)
    expect(fallback.low).toBe(Math.min(1, ...enough.map((own) => own.lowFactor)))
    expect(fallback.high).toBe(Math.max(1, ...enough.map((own) => own.highFactor)))
    expect(fallback.high / fallback.low).toBeGreaterThan(1.05 / 0.95)
    expect(fallback.basis).toMatch(/fewer than 10 serving calibration rows for ttftMs/)
  })

  it('vLLM\'s TTFT band, from 6 rows of 3 runs, is not its own', () => {
    const vllm = catalog.engines.find((engine) => engine.id === 'vllm')!
    expect(vllm.serving?.errorBands?.ttftMs?.rows).toBeLessThan(10)
    expect(servingBandFor(catalog, vllm, 'ttftMs').basis).toMatch(/widest band/)
  })

  it('a speed band [0.5, 2] bounds a duration between value / 2 and value / 0.5', () => {
    expect(durationRange(100, { low: 0.5, high: 2 })).toEqual({ low: 50, high: 200 })
    expect(speedRange(100, { low: 0.5, high: 2 })).toEqual({ low: 50, high: 200 })
  })
})
