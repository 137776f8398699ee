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

type Eff = Engine['efficiency']
interface Param {
  path: string
  min: number
  max: number
}

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
  autoawq: [
    { path: 'decodeBandwidthEfficiency', min: 0.3, max: 0.95 },
    { path: 'prefillComputeEfficiency', min: 0.05, max: 1 },
    { path: 'decodeStepOverheadMs', min: 0, max: 50 },
    { path: 'decodeLayerOverheadUs', min: 0, max: 2000 },
    { path: 'quantizedLayerOverheadUs', min: 0, max: 2000 },
    { path: 'prefillOverheadMs', min: 0, max: 100 }
  ],
  transformers: [
    { path: 'decodeBandwidthEfficiency', min: 0.3, max: 0.95 },
    { path: 'prefillComputeEfficiency', min: 0.05, max: 1 },
    { path: 'decodeStepOverheadMs', min: 0, max: 50 },
    { path: 'decodeLayerOverheadUs', min: 0, max: 2000 },
    { path: 'quantizedLayerOverheadUs', min: 0, max: 2000 },
    { path: 'prefillOverheadMs', min: 0, max: 100 }
  ],
  vllm: [
    { path: 'decodeBandwidthEfficiency', min: 0.3, max: 0.95 },
    { path: 'decodeLayerOverheadUs', min: 0, max: 500 },
    { path: 'quantizedDecodePenalty', min: 1, max: 4 },
    { path: 'collectiveLatencyUs', min: 5, max: 200 }
  ],
  'tensorrt-llm': [
    { path: 'decodeBandwidthEfficiency', min: 0.3, max: 0.95 },
    { path: 'prefillComputeEfficiency', min: 0.05, max: 1 },
    { path: 'decodeLayerOverheadUs', min: 0, max: 500 },
    { path: 'prefillOverheadMs', min: 0, max: 50 },
    { path: 'collectiveLatencyUs', min: 5, max: 200 }
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

function withEngine(catalog: Catalog, engine: Engine): Catalog {
  const engines = catalog.engines.map((e) => (e.id === engine.id ? engine : e))
  return { ...catalog, engines, engineById: new Map(engines.map((e) => [e.id, e])) }
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

function fitEngine(catalog: Catalog, engine: Engine, measurements: Measurement[]): { engine: Engine; rows: Comparison[] } {
  const params = PARAMS[engine.id]
  const score = (eff: Eff) => loss(evaluate(withEngine(catalog, { ...engine, efficiency: eff }), measurements).rows)
  let eff = structuredClone(engine.efficiency) as Eff
  if (params) {
    for (const p of params) {
      const start = get(eff, p.path) ?? get(eff, p.path.split('.').at(-1)!) ?? (p.min + p.max) / 2
      eff = set(eff, p.path, Math.min(p.max, Math.max(p.min, start)))
    }
    let best = score(eff)
    let step = 0.5
    while (step > 0.002) {
      let improved = false
      for (const p of params) {
        const cur = get(eff, p.path)!
        const candidates = [cur * (1 + step), cur / (1 + step), cur + step * (p.max - p.min) * 0.1, cur - step * (p.max - p.min) * 0.1]
        for (const v of candidates) {
          const value = Math.min(p.max, Math.max(p.min, v))
          if (value === cur) continue
          const trial = set(eff, p.path, value)
          const s = score(trial)
          if (s < best - 1e-12) {
            best = s
            eff = trial
            improved = true
          }
        }
      }
      if (!improved) step /= 2
    }
  }
  const fitted = { ...engine, efficiency: eff }
  return { engine: fitted, rows: evaluate(withEngine(catalog, fitted), measurements).rows }
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
  `Fitted by scripts/calibrate.ts to the ${rows} ${engineId} rows of calibration/measurements.json (published benchmarks, sources in each row): coordinate descent on the squared log error of speed and latency, rows off by more than 2x weighted fifty times. Parameters fitted: ${params.map((p) => p.path).join(', ')}. Other factors keep their documented defaults. Rerun after changing the measurements or the model.`

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
    const { engine: fitted, rows } = fitEngine(catalog, engine, own)
    const speed = rows.filter(SPEED_OR_TIME)
    const decode = speed.filter((r) => r.band === 'decodeTokensPerSecond')
    const prefill = speed.filter((r) => r.band === 'prefillTokensPerSecond')
    const errorBands: NonNullable<Engine['errorBands']> = {}
    if (decode.length > 0) errorBands.decodeTokensPerSecond = band(decode)
    if (prefill.length > 0) errorBands.prefillTokensPerSecond = band(prefill)
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
