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
 * Fewest out-of-sample ratios a serving band (the 10th-90th percentile of its leave-one-group-out
 * ratios) needs before it is the engine's own. Fewer ratios are too small a sample to place a 10th
 * and a 90th percentile, and they come from a handful of published runs (vLLM's TTFT: 6 rows, 3 runs
 * of one source), too few to say how far another source's runs will be: the widest band of the
 * engines with enough ratios stands in for it, or holds it where it is wider.
 */
const MIN_SERVING_ROWS = 10

type StoredBand = { lowFactor: number; highFactor: number; rows: number; outOfSample?: boolean }
type BandsOf = (engine: Pick<Engine, 'errorBands' | 'serving'>) => Record<string, StoredBand> | undefined

/** The widest band of a metric among the engines whose stored band `counts` (`undefined` when none does). */
function widestOf(catalog: Catalog, metric: string, bandsOf: BandsOf, counts: (band: StoredBand) => boolean): { low: number; high: number } | undefined {
  let widest: { low: number; high: number } | undefined
  for (const other of catalog.engines) {
    const band = bandsOf(other)?.[metric]
    if (band && counts(band)) widest = { low: Math.min(widest?.low ?? 1, band.lowFactor), high: Math.max(widest?.high ?? 1, band.highFactor) }
  }
  return widest
}

const hasRows = (minRows: number) => (band: StoredBand) => band.rows >= minRows
/** A batch-1 band from 10 or more leave-one-run-out ratios (scripts/calibrate.ts marks it). */
const isOutOfSample = (band: StoredBand) => band.outOfSample === true

/**
 * The engine's own band for a metric when it has enough rows; otherwise the widest among the engines
 * that do (`undefined` when none does). `bandsOf` says which of an engine's stored bands to read.
 */
function ownOrWidest(catalog: Catalog, engine: Pick<Engine, 'errorBands' | 'serving'>, metric: string, bandsOf: BandsOf, minRows: number): { own: StoredBand } | { low: number; high: number } | undefined {
  const own = bandsOf(engine)?.[metric]
  if (own && own.rows >= minRows) return { own }
  return widestOf(catalog, metric, bandsOf, hasRows(minRows))
}

/** A stored band's factors as a band. */
const factorsOf = (stored: StoredBand) => ({ low: stored.lowFactor, high: stored.highFactor })

/** The smallest band holding both. */
const union = (one: { low: number; high: number }, other: { low: number; high: number }) => ({ low: Math.min(one.low, other.low), high: Math.max(one.high, other.high) })

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

/** Batch-1 error band of a metric (see workOutBand). */
export function bandFor(catalog: Catalog, engine: BandEngine, metric: string): Band {
  return cached(knownBands, catalog, engine, engine.errorBands, metric, workOutBand)
}

/**
 * A batch-1 band. The engine's own is the 10th-90th percentile of its leave-one-run-out ratios where
 * it has 10 or more; otherwise scripts/calibrate.ts stored the spread of the rows its factors were
 * fitted to, which says little about a run they do not include (transformers' 5 decode rows spanned
 * 0.98-1.02): that band is widened to hold the widest out-of-sample band of the other engines.
 */
function workOutBand(catalog: Catalog, engine: BandEngine, metric: string): Band {
  const found = ownOrWidest(catalog, engine, metric, (candidate) => candidate.errorBands, MIN_ROWS)
  if (found && 'own' in found) {
    const { own } = found
    if (isOutOfSample(own)) return { low: own.lowFactor, high: own.highFactor, basis: `${engine.id}, ${own.rows} calibration rows (10th-90th percentile of leave-one-run-out ratios)` }
    const spread = `${own.rows >= 10 ? '10th-90th percentile' : 'full range'} of the fitted rows`
    const outOfSample = widestOf(catalog, metric, (candidate) => candidate.errorBands, isOutOfSample)
    const widened = outOfSample ? union(factorsOf(own), outOfSample) : factorsOf(own)
    const grew = widened.low < own.lowFactor || widened.high > own.highFactor
    return { ...widened, basis: `${engine.id}, ${own.rows} calibration rows (${spread}${grew ? ', widened to hold the widest leave-one-run-out band of the engines that have one' : ''})` }
  }
  return { low: found?.low ?? 1, high: found?.high ?? 1, basis: `${engine.id} has fewer than ${MIN_ROWS} calibration rows for ${metric}: widest band of the calibrated engines` }
}

/**
 * Band of measured/estimated speed ratios for a serving family (leave-one-group-out quantiles): the
 * engine's own when it has MIN_SERVING_ROWS ratios, else the widest among the engines that have (a
 * factor of 2 either way when none has), widened to hold the engine's own few where they reach further.
 */
export function servingBandFor(catalog: Catalog, engine: BandEngine, family: 'ttftMs' | 'tpotMs' | 'outputTokensPerSecond'): Band {
  return cached(knownServingBands, catalog, engine, engine.serving?.errorBands, family, workOutServingBand)
}

function workOutServingBand(catalog: Catalog, engine: BandEngine, family: 'ttftMs' | 'tpotMs' | 'outputTokensPerSecond'): Band {
  const bandsOf = (candidate: Pick<Engine, 'serving'>) => candidate.serving?.errorBands
  const found = ownOrWidest(catalog, engine, family, bandsOf, MIN_SERVING_ROWS)
  if (found && 'own' in found) return { low: found.own.lowFactor, high: found.own.highFactor, basis: `${engine.id}, ${found.own.rows} serving calibration rows` }
  const few = bandsOf(engine)?.[family]
  if (!found && !few) return { low: 0.5, high: 2, basis: `no serving calibration in catalog ${catalog.version}: a factor of 2 either way` }
  // The stand-in: the widest band of the engines with enough ratios, else a factor of 2 either way. The
  // engine's own few ratios still count where they reach beyond it.
  const standIn = found ?? { low: 0.5, high: 2 }
  const band = few ? union(standIn, factorsOf(few)) : standIn
  const grew = band.low < standIn.low || band.high > standIn.high
  const what = found ? `widest band of the engines with ${MIN_SERVING_ROWS} or more` : `no engine in catalog ${catalog.version} has ${MIN_SERVING_ROWS}: a factor of 2 either way`
  return { ...band, basis: `${engine.id} has ${few ? few.rows : 'no'} serving calibration rows for ${family}, fewer than ${MIN_SERVING_ROWS}: ${what}${grew ? `, widened to hold its own ${few!.rows}` : ''}` }
}

/** A speed band [low, high] of measured/estimated ratios bounds a duration between value / high and value / low. */
export const durationRange = (valueMs: number, speedBand: Pick<Band, 'low' | 'high'>) => ({ low: valueMs * (1 / speedBand.high), high: valueMs * (1 / speedBand.low) })

/** A speed band scales a speed directly. */
export const speedRange = (value: number, speedBand: Pick<Band, 'low' | 'high'>) => ({ low: value * speedBand.low, high: value * speedBand.high })
