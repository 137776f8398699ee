// Fits each engine's efficiency factors to calibration/measurements.json and writes them, with
// the error bands of the residuals, into the catalog's engines.json (npm run calibrate).
//
// A few physically meaningful factors per engine (bandwidth and compute efficiency per hardware
// kind, per-layer decode overhead, dequantization penalties, collective latency), never one per
// row: coordinate descent on the sum of squared log errors, with rows off by more than 2x
// weighted fifty times so no row is sacrificed to the median. Bounds keep factors physical: no
// engine reaches more than 95% of peak bandwidth, and a device-to-device collective costs at
// least 5 µs (NCCL's small-message latency is of that order), so tensor parallelism never scales
// for free.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Catalog } from '../src/catalog/index.js'
import { DEFAULT_CATALOG_DIR, loadCatalogSet } from '../src/catalog/index.js'
import { evaluate, quantile, type Comparison, type Measurement } from '../src/calibration/evaluate.js'
import type { Engine } from '../src/schemas/catalog.js'
import { coordinateDescent, descendToFixedPoint } from '../src/calibration/descent.js'
import { COLLECTIVE_LATENCY_US, withEngine, type Param } from '../src/calibration/engine-params.js'

type Eff = Engine['efficiency']

/** AutoAWQ and transformers both run eager PyTorch layers: the same factors identify them (fitted apart, to their own rows). */
const PYTORCH_EAGER_PARAMS: Param[] = [
  { path: 'decodeBandwidthEfficiency', min: 0.3, max: 0.95 },
  { path: 'prefillComputeEfficiency', min: 0.05, max: 1 },
  { path: 'decodeStepOverheadMs', min: 0, max: 50 },
  { path: 'decodeLayerOverheadUs', min: 0, max: 2000 },
  { path: 'quantizedLayerOverheadUs', min: 0, max: 2000 },
  { path: 'prefillOverheadMs', min: 0, max: 100 }
]

/** What each engine's rows can identify. Engines without rows keep documented defaults. */
const PARAMS: Record<string, Param[]> = {
  'llama.cpp': [
    { path: 'byKind.apple.bandwidth', min: 0.3, max: 0.95 },
    { path: 'byKind.gpu.bandwidth', min: 0.3, max: 0.95 },
    { path: 'byKind.apple.compute', min: 0.1, max: 2 },
    { path: 'byKind.gpu.compute', min: 0.1, max: 2 },
    { path: 'byKind.apple.layerOverheadUs', min: 0, max: 1000 },
    { path: 'byKind.gpu.layerOverheadUs', min: 0, max: 1000 },
    { path: 'quantizedDecodePenalty', min: 1, max: 2 },
    { path: 'quantizedPrefillPenalty', min: 1, max: 2 },
    { path: 'prefillOverheadMs', min: 0, max: 50 }
  ],
  autoawq: PYTORCH_EAGER_PARAMS,
  transformers: PYTORCH_EAGER_PARAMS,
  vllm: [
    { path: 'decodeBandwidthEfficiency', min: 0.3, max: 0.95 },
    { path: 'decodeLayerOverheadUs', min: 0, max: 500 },
    { path: 'quantizedDecodePenalty', min: 1, max: 4 },
    { path: 'collectiveLatencyUs', ...COLLECTIVE_LATENCY_US }
  ],
  'tensorrt-llm': [
    { path: 'decodeBandwidthEfficiency', min: 0.3, max: 0.95 },
    { path: 'prefillComputeEfficiency', min: 0.05, max: 1 },
    { path: 'decodeLayerOverheadUs', min: 0, max: 500 },
    { path: 'prefillOverheadMs', min: 0, max: 50 },
    { path: 'collectiveLatencyUs', ...COLLECTIVE_LATENCY_US }
  ]
}

function get(eff: Eff, path: string): number | undefined {
  let cur: unknown = eff
  for (const k of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[k]
  return typeof cur === 'number' ? cur : undefined
}

function set(eff: Eff, path: string, value: number): Eff {
  const out = structuredClone(eff) as unknown as Record<string, unknown>
  const keys = path.split('.')
  let cur = out
  for (const k of keys.slice(0, -1)) {
    cur[k] = { ...((cur[k] as Record<string, unknown>) ?? {}) }
    cur = cur[k] as Record<string, unknown>
  }
  cur[keys.at(-1)!] = value
  return out as unknown as Eff
}

const SPEED_OR_TIME = (c: Comparison) => c.band !== 'memory'

function loss(rows: Comparison[]): number {
  let sum = 0
  for (const r of rows.filter(SPEED_OR_TIME)) {
    const l = Math.log(r.ratio)
    sum += l * l + (Math.abs(l) > Math.log(2) ? 50 * (Math.abs(l) - Math.log(2)) ** 2 : 0)
  }
  return sum
}

const factorsOf = (params: Param[]) => params.map((p) => ({ min: p.min, max: p.max, get: (state: Eff) => get(state, p.path)!, set: (state: Eff, value: number) => set(state, p.path, value) }))

function fitEngine(catalog: Catalog, engine: Engine, measurements: Measurement[]): { engine: Engine; rows: Comparison[] } {
  const params = PARAMS[engine.id]
  const score = (eff: Eff) => loss(evaluate(withEngine(catalog, { ...engine, efficiency: eff }), measurements).rows)
  let eff = structuredClone(engine.efficiency) as Eff
  if (params) {
    for (const p of params) {
      const start = get(eff, p.path) ?? get(eff, p.path.split('.').at(-1)!) ?? (p.min + p.max) / 2
      eff = set(eff, p.path, Math.min(p.max, Math.max(p.min, start)))
    }
    // CALIBRATE_FIXED_POINT=1: restart from the rounded result until nothing moves (see calibrate-serving.ts).
    eff = process.env.CALIBRATE_FIXED_POINT === '1' ? descendToFixedPoint(eff, factorsOf(params), score, round).state : coordinateDescent(eff, factorsOf(params), score)
  }
  const fitted = { ...engine, efficiency: eff }
  return { engine: fitted, rows: evaluate(withEngine(catalog, fitted), measurements).rows }
}

/** One published run: the rows of one source on one device. */
const runOf = (m: Measurement) => `${m.source} | ${m.hardware.name ?? `${m.hardware.memoryGB} GB, ${m.hardware.bandwidthGBps} GB/s`}`

/** Passes over the factors each leave-one-run-out refit makes, started from the full fit. */
const LOGO_ROUNDS = 3

/**
 * Leave-one-run-out ratios: each published run's rows estimated with the factors refitted without
 * that run (a few passes from the full fit), so the bands say how far the estimator is from a run it
 * has not seen. Empty with fewer than three runs (nothing sensible to leave out).
 */
function leaveOneRunOut(catalog: Catalog, fitted: Engine, own: Measurement[]): Comparison[] {
  const params = PARAMS[fitted.id]
  const runs = [...new Set(own.map(runOf))]
  if (!params || runs.length < 3) return []
  const out: Comparison[] = []
  for (const run of runs) {
    const train = own.filter((m) => runOf(m) !== run)
    const score = (eff: Eff) => loss(evaluate(withEngine(catalog, { ...fitted, efficiency: eff }), train).rows)
    const eff = coordinateDescent(fitted.efficiency, factorsOf(params), score, { rounds: LOGO_ROUNDS })
    out.push(...evaluate(withEngine(catalog, { ...fitted, efficiency: eff }), own.filter((m) => runOf(m) === run)).rows.filter(SPEED_OR_TIME))
  }
  return out
}

/** Bands from the leave-one-run-out ratios of a family when it has 10 or more, else from the in-sample ratios. */
function bandsOf(inSample: Comparison[], outOfSample: Comparison[]): NonNullable<Engine['errorBands']> {
  const errorBands: NonNullable<Engine['errorBands']> = {}
  for (const family of ['decodeTokensPerSecond', 'prefillTokensPerSecond'] as const) {
    const held = outOfSample.filter((r) => r.band === family)
    const fitted = inSample.filter((r) => r.band === family)
    if (held.length >= 10) errorBands[family] = { ...band(held), outOfSample: true }
    else if (fitted.length > 0) errorBands[family] = band(fitted)
  }
  return errorBands
}

/** measured/estimated spread: 10th-90th percentile with 10+ rows, else the full range; always containing 1. */
function band(rows: Comparison[]) {
  const ratios = rows.map((r) => r.ratio)
  const lo = ratios.length >= 10 ? quantile(ratios, 0.1) : Math.min(...ratios)
  const hi = ratios.length >= 10 ? quantile(ratios, 0.9) : Math.max(...ratios)
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4
  return { lowFactor: r4(Math.min(lo, 1)), highFactor: r4(Math.max(hi, 1)), rows: rows.length }
}

const round = (eff: Eff): Eff => JSON.parse(JSON.stringify(eff, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v)))

/** How an engine's factors were obtained, in words (stored as efficiency.method). */
const method = (rows: number, engineId: string, params: Param[]) =>
  `Fitted by scripts/calibrate.ts to the ${rows} ${engineId} rows of calibration/measurements.json (published benchmarks, sources in each row): coordinate descent on the squared log error of speed and latency, rows off by more than 2x weighted fifty times. Parameters fitted: ${params.map((p) => p.path).join(', ')}. Other factors keep their documented defaults. Error bands: 10th-90th percentile of leave-one-run-out ratios (each published run, one source on one device, left out in turn and the factors refitted without it, ${LOGO_ROUNDS} passes from the full fit) when a family has 10 or more, else the in-sample spread. Rerun after changing the measurements or the model.`

async function main() {
  const version = loadCatalogSet().defaultVersion
  const enginesPath = `${DEFAULT_CATALOG_DIR}${version}/engines.json`
  const measurements: Measurement[] = JSON.parse(readFileSync(fileURLToPath(new URL('../calibration/measurements.json', import.meta.url)), 'utf8')).measurements
  let catalog = loadCatalogSet().get()!
  const out: Engine[] = []
  // CALIBRATE_ONLY=autoawq,transformers refits just those engines.
  const only = process.env.CALIBRATE_ONLY?.split(',')
  for (const engine of catalog.engines) {
    const own = measurements.filter((m) => m.engine === engine.id)
    if (!PARAMS[engine.id] || own.length === 0 || (only && !only.includes(engine.id))) {
      out.push(engine)
      continue
    }
    // CALIBRATE_BANDS_ONLY=1 keeps the factors and recomputes only the bands.
    const { engine: fitted, rows } = process.env.CALIBRATE_BANDS_ONLY ? { engine, rows: evaluate(catalog, own).rows } : fitEngine(catalog, engine, own)
    const speed = rows.filter(SPEED_OR_TIME)
    const errorBands = bandsOf(speed, leaveOneRunOut(catalog, fitted, own))
    const eff = round(fitted.efficiency)
    eff.fitted = true
    // Factors the serving calibration fitted stay listed.
    eff.fittedFactors = [...new Set([...PARAMS[engine.id]!.map((p) => p.path), ...(engine.efficiency.fittedFactors ?? []).filter((factor) => !PARAMS[engine.id]!.some((p) => p.path === factor))])]
    eff.method = method(speed.length, engine.id, PARAMS[engine.id]!)
    out.push({ ...fitted, efficiency: eff, errorBands })
    catalog = withEngine(catalog, out.at(-1)!)
    console.log(`${engine.id}: ${speed.length} rows fitted`, JSON.stringify(eff, (k, v) => (k === 'method' ? undefined : v)))
  }
  // SGLang has no published rows here: it shares vLLM's execution model (paged KV, CUDA graphs,
  // tensor parallelism), so it takes vLLM's fitted speed factors and is marked as not fitted.
  const vllm = out.find((e) => e.id === 'vllm')
  const final = out.map((e) =>
    e.id === 'sglang' && vllm && !e.serving?.fitted
      ? {
          ...e,
          efficiency: {
            ...vllm.efficiency,
            fitted: false,
            fittedFactors: [],
            method: 'No SGLang measurements in calibration/measurements.json: SGLang shares vLLM\'s execution model (paged KV cache, CUDA graphs, tensor parallelism), so it uses vLLM\'s fitted factors. Its error band is the widest of the calibrated engines.'
          }
        }
      : e
  )
  writeFileSync(enginesPath, `${JSON.stringify(final, null, 2)}\n`)
  console.log(`wrote ${enginesPath}`)
}

await main()
