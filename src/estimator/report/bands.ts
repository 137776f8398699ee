// Error bands: how far the estimator has been from published measurements, per engine and metric.
import type { Catalog } from '../../catalog/index.js'
import type { Engine } from '../../schemas/catalog.js'

export interface Band {
  /** Lowest and highest measured/estimated ratio. */
  low: number
  high: number
  basis: string
}

/** Fewest calibration rows a band needs before it is used. */
const MIN_ROWS = 3

/** Error band of a metric: the engine's own when calibrated, else the widest among calibrated engines. */
export function bandFor(catalog: Catalog, engine: Pick<Engine, 'id' | 'errorBands'>, metric: string): Band {
  const own = engine.errorBands?.[metric]
  if (own && own.rows >= MIN_ROWS) {
    return { low: own.lowFactor, high: own.highFactor, basis: `${engine.id}, ${own.rows} calibration rows (${own.rows >= 10 ? '10th-90th percentile' : 'full range'})` }
  }
  let low = 1
  let high = 1
  for (const other of catalog.engines) {
    const band = other.errorBands?.[metric]
    if (band && band.rows >= MIN_ROWS) {
      low = Math.min(low, band.lowFactor)
      high = Math.max(high, band.highFactor)
    }
  }
  return { low, high, basis: `${engine.id} has fewer than ${MIN_ROWS} calibration rows for ${metric}: widest band of the calibrated engines` }
}

/** A speed band [low, high] of measured/estimated ratios bounds a duration between value / high and value / low. */
export const durationRange = (valueMs: number, speedBand: Pick<Band, 'low' | 'high'>) => ({ low: valueMs * (1 / speedBand.high), high: valueMs * (1 / speedBand.low) })

/** A speed band scales a speed directly. */
export const speedRange = (value: number, speedBand: Pick<Band, 'low' | 'high'>) => ({ low: value * speedBand.low, high: value * speedBand.high })
