import { describe, expect, it } from 'vitest'
import { bandFor, durationRange, speedRange } from '../../../src/estimator/report/bands.js'
import type { Engine } from '../../../src/schemas/catalog.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()

describe('error bands', () => {
  it('uses the engine\'s own band when it has 3 or more rows', () => {
    const engine = { id: 'own', errorBands: { decodeTokensPerSecond: { lowFactor: 0.8, highFactor: 1.25, rows: 4 } } } as unknown as Engine
    expect(bandFor(catalog, engine, 'decodeTokensPerSecond')).toEqual({ low: 0.8, high: 1.25, basis: 'own, 4 calibration rows (full range)' })
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

  it('a speed band [0.5, 2] bounds a duration between value / 2 and value / 0.5', () => {
    expect(durationRange(100, { low: 0.5, high: 2 })).toEqual({ low: 50, high: 200 })
    expect(speedRange(100, { low: 0.5, high: 2 })).toEqual({ low: 50, high: 200 })
  })
})
