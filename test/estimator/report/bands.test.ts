import { describe, expect, it } from 'vitest'
import { bandFor, durationRange, servingBandFor, speedRange } from '../../../src/estimator/report/bands.js'
import type { Engine } from '../../../src/schemas/catalog.js'
import { loadCatalogSet } from '../../../src/catalog/index.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()

describe('error bands', () => {
  it('uses the engine\'s own band when it has 3 or more rows', () => {
    const engine = { id: 'own', errorBands: { decodeTokensPerSecond: { lowFactor: 0.8, highFactor: 1.25, rows: 4 } } } as unknown as Engine
    expect(bandFor(catalog, engine, 'decodeTokensPerSecond')).toEqual({ low: 0.8, high: 1.25, basis: 'own, 4 calibration rows (full range of the fitted rows)' })
  })

  it('widens a band of the fitted rows to hold the widest leave-one-run-out band of the engines that have one', () => {
    const outOfSample = catalog.engines.flatMap((other) => {
      const own = other.errorBands?.decodeTokensPerSecond
      return own?.outOfSample ? [own] : []
    })
    expect(outOfSample.length).toBeGreaterThan(0)
    const widestLow = Math.min(1, ...outOfSample.map((own) => own.lowFactor))
    const widestHigh = Math.max(1, ...outOfSample.map((own) => own.highFactor))
    const narrow = { id: 'narrow', errorBands: { decodeTokensPerSecond: { lowFactor: 0.99, highFactor: 1.01, rows: 5 } } } as unknown as Engine
    expect(bandFor(catalog, narrow, 'decodeTokensPerSecond')).toEqual({
      low: widestLow,
      high: widestHigh,
      basis: 'narrow, 5 calibration rows (full range of the fitted rows, widened to hold the widest leave-one-run-out band of the engines that have one)'
    })
    // Ten rows the factors were fitted to (one run: nothing to leave out) are widened too.
    const inSampleTen = { id: 'ten', errorBands: { decodeTokensPerSecond: { lowFactor: 0.99, highFactor: 1.01, rows: 10 } } } as unknown as Engine
    expect(bandFor(catalog, inSampleTen, 'decodeTokensPerSecond')).toMatchObject({ low: widestLow, high: widestHigh })
    const heldOut = { id: 'held', errorBands: { decodeTokensPerSecond: { lowFactor: 0.99, highFactor: 1.01, rows: 10, outOfSample: true } } } as unknown as Engine
    expect(bandFor(catalog, heldOut, 'decodeTokensPerSecond')).toEqual({ low: 0.99, high: 1.01, basis: 'held, 10 calibration rows (10th-90th percentile of leave-one-run-out ratios)' })
    // A wider band of the fitted rows stays as wide.
    const wide = { id: 'wide', errorBands: { decodeTokensPerSecond: { lowFactor: 0.5, highFactor: 1.5, rows: 4 } } } as unknown as Engine
    expect(bandFor(catalog, wide, 'decodeTokensPerSecond')).toEqual({ low: 0.5, high: 1.5, basis: 'wide, 4 calibration rows (full range of the fitted rows)' })
  })

  it('leaves catalog 2026.11.0, which marks no band out-of-sample, with the bands it stores', () => {
    const older = loadCatalogSet().get('2026.11.0')!
    const stored = older.engines.filter((engine) => engine.errorBands?.decodeTokensPerSecond && engine.errorBands.decodeTokensPerSecond.rows >= 3)
    expect(stored.length).toBeGreaterThan(1)
    for (const engine of stored) {
      const own = engine.errorBands!.decodeTokensPerSecond!
      expect(bandFor(older, engine, 'decodeTokensPerSecond')).toMatchObject({ low: own.lowFactor, high: own.highFactor })
    }
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

  it('a serving band needs 10 out-of-sample ratios; with fewer it is the widest band of the engines that have 10, or its own where wider', () => {
    const withBand = (lowFactor: number, highFactor: number, rows: number) => ({ id: 'few', serving: { errorBands: { ttftMs: { lowFactor, highFactor, rows } } } }) as unknown as Engine
    expect(servingBandFor(catalog, withBand(0.95, 1.05, 10), 'ttftMs')).toEqual({ low: 0.95, high: 1.05, basis: 'few, 10 serving calibration rows' })
    const enough = catalog.engines.flatMap((other) => {
      const own = other.serving?.errorBands?.ttftMs
      return own && own.rows >= 10 ? [own] : []
    })
    expect(enough.length).toBeGreaterThan(0)
    const widestLow = Math.min(1, ...enough.map((own) => own.lowFactor))
    const widestHigh = Math.max(1, ...enough.map((own) => own.highFactor))
    const fallback = servingBandFor(catalog, withBand(0.95, 1.05, 9), 'ttftMs')
    expect(fallback).toEqual({ low: widestLow, high: widestHigh, basis: 'few has 9 serving calibration rows for ttftMs, fewer than 10: widest band of the engines with 10 or more' })
    // Its own few ratios still hold where they reach further.
    const wider = servingBandFor(catalog, withBand(0.1, 1.05, 9), 'ttftMs')
    expect(wider).toEqual({ low: 0.1, high: widestHigh, basis: 'few has 9 serving calibration rows for ttftMs, fewer than 10: widest band of the engines with 10 or more, widened to hold its own 9' })
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
