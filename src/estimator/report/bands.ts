// Error bands: how far the estimator has been from published measurements, per engine and metric.
import type { Catalog } from '../../catalog/index.js'
import type { Engine } from '../../schemas/catalog.js'

export interface Band {
  /** Lowest and highest measured/estimated ratio. */
  low: number
  high: number
  basis: string
}

/** Fewest calibration rows a batch-1 band needs before it is used (with fewer than 10 it is their full range). */
const MIN_ROWS = 3

/**
 * Rows from which a band is a 10th-90th percentile of leave-one-run-out ratios. Below that,
 * scripts/calibrate.ts stores the full range of the engine's in-sample ratios: the spread of a few rows
 * the factors were fitted to, which says little about a run it has not seen (transformers' decode
 * band from 5 rows was 0.98-1.02). Such a band is widened to hold the widest band of the engines
 * with this many rows.
 */
const WELL_SAMPLED_ROWS = 10

/**
 * Fewest out-of-sample ratios a serving band needs before it is used. A serving band is the 10th-90th
 * percentile of its leave-one-group-out ratios, and below 10 ratios that percentile lies between the
 * two most extreme ones on at least one side, so it claims a spread narrower than the rows showed. Such
 * a family also comes from a few published runs (vLLM's TTFT: 6 rows, 3 runs of one source), too few
 * to say how far another source's runs will be: the widest band of the engines with enough ratios
 * stands in for it.
 */
const MIN_SERVING_ROWS = 10

type StoredBand = { lowFactor: number; highFactor: number; rows: number }
type BandsOf = (engine: Pick<Engine, 'errorBands' | 'serving'>) => Record<string, StoredBand> | undefined

/** The widest band of a metric among the engines with at least `minRows` rows for it (`undefined` when none has). */
function widestOf(catalog: Catalog, metric: string, bandsOf: BandsOf, minRows: number): { low: number; high: number } | undefined {
  let widest: { low: number; high: number } | undefined
  for (const other of catalog.engines) {
    const band = bandsOf(other)?.[metric]
    if (band && band.rows >= minRows) widest = { low: Math.min(widest?.low ?? 1, band.lowFactor), high: Math.max(widest?.high ?? 1, band.highFactor) }
  }
  return widest
}

/**
 * The engine's own band for a metric when it has enough rows; otherwise the widest among the engines
 * that do (`undefined` when none does). `bandsOf` says which of an engine's stored bands to read.
 */
function ownOrWidest(catalog: Catalog, engine: Pick<Engine, 'errorBands' | 'serving'>, metric: string, bandsOf: BandsOf, minRows: number): { own: StoredBand } | { low: number; high: number } | undefined {
  const own = bandsOf(engine)?.[metric]
  if (own && own.rows >= minRows) return { own }
  return widestOf(catalog, metric, bandsOf, minRows)
}

/**
 * Bands already worked out, per catalog, engine entry, metric and engine id: a band depends on
 * nothing else, and every estimate asks for two (five under load). Keyed by the engine's stored
 * bands (the catalog's own object, which the engine's per-device and per-request copies share),
 * then by the metric and the id (the band's text names it), each a string the catalog or the code
 * already holds, so a look-up builds no key. Batch-1 and serving bands have caches of their own.
 */
type BandCache = WeakMap<Catalog, WeakMap<object, Map<string, Map<string, Band>>>>
const NO_BANDS = {}

type BandEngine = Pick<Engine, 'id' | 'errorBands' | 'serving'>

function cached<Metric extends string>(cache: BandCache, catalog: Catalog, engine: BandEngine, stored: object | undefined, metric: Metric, workOut: (catalog: Catalog, engine: BandEngine, metric: Metric) => Band): Band {
  let byStored = cache.get(catalog)
  if (!byStored) cache.set(catalog, (byStored = new WeakMap()))
  let byMetric = byStored.get(stored ?? NO_BANDS)
  if (!byMetric) byStored.set(stored ?? NO_BANDS, (byMetric = new Map()))
  let byId = byMetric.get(metric)
  if (!byId) byMetric.set(metric, (byId = new Map()))
  let band = byId.get(engine.id)
  if (!band) byId.set(engine.id, (band = Object.freeze(workOut(catalog, engine, metric))))
  return band
}

const knownBands: BandCache = new WeakMap()
const knownServingBands: BandCache = new WeakMap()

/** Error band of a metric: the engine's own when calibrated, else the widest among calibrated engines. */
export function bandFor(catalog: Catalog, engine: Pick<Engine, 'id' | 'errorBands' | 'serving'>, metric: string): Band {
  return cached(knownBands, catalog, engine, engine.errorBands, metric, workOutBand)
}

function workOutBand(catalog: Catalog, engine: Pick<Engine, 'id' | 'errorBands' | 'serving'>, metric: string): Band {
  const found = ownOrWidest(catalog, engine, metric, (candidate) => candidate.errorBands, MIN_ROWS)
  if (found && 'own' in found) {
    const { own } = found
    if (own.rows >= WELL_SAMPLED_ROWS) return { low: own.lowFactor, high: own.highFactor, basis: `${engine.id}, ${own.rows} calibration rows (10th-90th percentile of leave-one-run-out ratios)` }
    const widest = widestOf(catalog, metric, (candidate) => candidate.errorBands, WELL_SAMPLED_ROWS) ?? { low: 1, high: 1 }
    const low = Math.min(own.lowFactor, widest.low)
    const high = Math.max(own.highFactor, widest.high)
    const widened = low < own.lowFactor || high > own.highFactor
    return {
      low,
      high,
      basis: `${engine.id}, ${own.rows} calibration rows (full range${widened ? `, widened to the widest band of the engines with ${WELL_SAMPLED_ROWS} or more rows` : ''})`
    }
  }
  return { low: found?.low ?? 1, high: found?.high ?? 1, basis: `${engine.id} has fewer than ${MIN_ROWS} calibration rows for ${metric}: widest band of the calibrated engines` }
}

/**
 * Band of measured/estimated speed ratios for a serving family (leave-one-group-out quantiles): the
 * engine's own when it has MIN_SERVING_ROWS ratios, else the widest among the engines that have,
 * else a factor of 2.
 */
export function servingBandFor(catalog: Catalog, engine: Pick<Engine, 'id' | 'errorBands' | 'serving'>, family: 'ttftMs' | 'tpotMs' | 'outputTokensPerSecond'): Band {
  return cached(knownServingBands, catalog, engine, engine.serving?.errorBands, family, workOutServingBand)
}

function workOutServingBand(catalog: Catalog, engine: Pick<Engine, 'id' | 'errorBands' | 'serving'>, family: 'ttftMs' | 'tpotMs' | 'outputTokensPerSecond'): Band {
  const found = ownOrWidest(catalog, engine, family, (candidate) => candidate.serving?.errorBands, MIN_SERVING_ROWS)
  if (found && 'own' in found) return { low: found.own.lowFactor, high: found.own.highFactor, basis: `${engine.id}, ${found.own.rows} serving calibration rows` }
  if (!found) return { low: 0.5, high: 2, basis: `no serving calibration in catalog ${catalog.version}: a factor of 2 either way` }
  return { ...found, basis: `${engine.id} has fewer than ${MIN_SERVING_ROWS} serving calibration rows for ${family}: widest band of the engines with ${MIN_SERVING_ROWS} or more` }
}

/** A speed band [low, high] of measured/estimated ratios bounds a duration between value / high and value / low. */
export const durationRange = (valueMs: number, speedBand: Pick<Band, 'low' | 'high'>) => ({ low: valueMs * (1 / speedBand.high), high: valueMs * (1 / speedBand.low) })

/** A speed band scales a speed directly. */
export const speedRange = (value: number, speedBand: Pick<Band, 'low' | 'high'>) => ({ low: value * speedBand.low, high: value * speedBand.high })
