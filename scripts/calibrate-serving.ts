// Fits each serving engine's few serving factors to calibration/serving.json (published serving runs
// under load) and writes them, with leave-one-group-out error bands, into the catalog's engines.json.
// Run by `npm run calibrate` after the batch-1 fit; never by the tests.
//
// Factors (per engine, never per row or model): the per-sequence cost of a step, the multiplier on the
// wait for the prefill budget, the per-MoE-layer step cost, the per-expert-per-MoE-layer step cost, the
// FP4 compute efficiency (TensorRT-LLM), and — for engines without batch-1 prompt
// measurements — the prompt compute efficiency and the fixed time to first token (SGLang, which has no
// batch-1 rows at all, also its decode bandwidth, eager per-layer cost and all-reduce latency); then,
// with those held, SGLang's start-up wave factors (large-multiply compute efficiency, start-up cost).
// Coordinate descent on the absolute log error, every metric family (TTFT, TPOT, throughput, p99s)
// weighted equally and each published run (group) weighted equally within its family.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Catalog } from '../src/catalog/index.js'
import { DEFAULT_CATALOG_DIR, loadCatalogSet } from '../src/catalog/index.js'
import { findHardware } from '../src/catalog/lookup.js'
import { quantile } from '../src/calibration/evaluate.js'
import { evaluateServing, familyOf, groupOf, type ServingComparison, type ServingMeasurement } from '../src/calibration/serving.js'
import type { Engine } from '../src/schemas/catalog.js'
import { coordinateDescent, descendToFixedPoint } from '../src/calibration/descent.js'
import { COLLECTIVE_LATENCY_US, withEngine, type Param } from '../src/calibration/engine-params.js'


const SERVING_PARAMS: Param[] = [
  { path: 'serving.perSequenceStepUs', min: 0, max: 100 },
  { path: 'serving.prefillQueueFactor', min: 0.2, max: 20 },
  { path: 'efficiency.moeLayerOverheadUs', min: 0, max: 500 },
  // Grouped expert kernels pay per expert a step touches: nearly all of them in a large step, top-k for one token.
  { path: 'efficiency.moeExpertStepOverheadUs', min: 0, max: 20 }
]
/**
 * Matrix multiplies with thousands of rows (prompt steps of a loaded server) run nearer the peak than
 * the few hundred rows of one short prompt: the efficiency rises with the rows of a step towards
 * largeMatmulComputeEfficiency (see matmulEfficiency). SGLang's wave stage fits them;
 * CALIBRATE_LARGE_MATMUL=vllm (an experiment, see the README's "Reproducing the serving fit") adds them
 * to other engines' first stage, from 0.5 and 2,048 rows where the catalog has none.
 */
const LARGE_MATMUL_PARAMS: Param[] = [
  { path: 'efficiency.largeMatmulComputeEfficiency', min: 0.2, max: 0.9 },
  { path: 'efficiency.matmulHalfRateRows', min: 1, max: 16384 }
]
/**
 * Factors of the start-up wave, fitted after the others with those held (a second stage): a handful
 * of closed-loop runs show the wave, and hundreds of steady-state rows set the step costs. SGLang's
 * runs at 16-100 clients report a p99 TTFT 400-860 ms above their median whether the wave holds 8,000
 * or 60,000 prompt tokens: a fixed start-up cost, and prompt steps of 16,384 tokens whose matrix
 * multiplies (thousands of rows, hundreds per expert) run nearer the peak than small ones.
 */
const WAVE_PARAMS: Record<string, Param[]> = {
  sglang: [...LARGE_MATMUL_PARAMS, { path: 'serving.startupWaveMs', min: 0, max: 2000 }]
}
/** Engines whose prompt figures have no batch-1 measurements: their prompt compute and fixed TTFT come from the serving runs. */
const PROMPT_PARAMS: Param[] = [
  { path: 'efficiency.prefillComputeEfficiency', min: 0.2, max: 0.9 },
  { path: 'efficiency.prefillOverheadMs', min: 0, max: 100 }
]
const largeMatmulFor = (id: string) => (process.env.CALIBRATE_LARGE_MATMUL?.split(',').includes(id) ? LARGE_MATMUL_PARAMS : [])
const PARAMS: Record<string, Param[]> = {
  vllm: [...SERVING_PARAMS, ...PROMPT_PARAMS, ...largeMatmulFor('vllm')],
  sglang: [
    ...SERVING_PARAMS,
    ...PROMPT_PARAMS,
    { path: 'efficiency.decodeBandwidthEfficiency', min: 0.4, max: 0.95 },
    // Per-layer cost of steps SGLang runs eagerly: prompt steps, and decode steps larger than its captured CUDA graphs.
    { path: 'efficiency.decodeLayerOverheadUs', min: 0, max: 1000 },
    // Its runs are all tensor-parallel: the latency of its all-reduces shows in every step.
    { path: 'efficiency.collectiveLatencyUs', ...COLLECTIVE_LATENCY_US }
  ],
  'tensorrt-llm': [
    ...SERVING_PARAMS,
    // FP4 matrix multiplies (NVFP4 on Blackwell) reach a smaller share of their doubled peak than FP8 ones:
    // its runs are the only ones with FP4 prompts on native FP4 units.
    { path: 'efficiency.fp4ComputeEfficiency', min: 0.1, max: 0.9 },
    ...largeMatmulFor('tensorrt-llm')
  ]
}

const read = (engine: Engine, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], engine) as number | undefined
/** A factor's value; an absent one counts as the estimator reads it (see ABSENT_AS; the rest 0). */
const get = (engine: Engine, path: string) => read(engine, path) ?? ABSENT_AS[path]?.(engine) ?? 0
/** Factors that, when absent, the estimator reads as another factor. */
const ABSENT_AS: Record<string, (engine: Engine) => number> = {
  'efficiency.fp4ComputeEfficiency': (engine) => engine.efficiency.prefillComputeEfficiency,
  // Where the curve lies below the small-prompt efficiency the loss is flat: start above it.
  'efficiency.largeMatmulComputeEfficiency': () => 0.5,
  'efficiency.matmulHalfRateRows': () => 2048
}

function set(engine: Engine, path: string, value: number): Engine {
  const copy = structuredClone(engine) as unknown as Record<string, Record<string, unknown>>
  // moeLayerOverheadUs, moeExpertStepOverheadUs and fp4ComputeEfficiency may start absent
  const [section, key] = path.split('.') as [string, string]
  copy[section] = { ...copy[section], [key]: value }
  return copy as unknown as Engine
}

/** Weight of the squared excess beyond 2x (LOSS_OUTLIER_WEIGHT overrides it for experiments). */
const OUTLIER_WEIGHT = Number(process.env.LOSS_OUTLIER_WEIGHT ?? 10)

/** Rows further off than this are not explained by any factor (warm-up outliers, a different setup): their cost stops growing. */
const GIVE_UP_FACTOR = 4

/**
 * Absolute log error (its minimum is at the median ratio, and the targets are medians) with every
 * family, and every group within it, weighing the same; rows beyond 2x pay a squared excess on top,
 * so no row is sacrificed to the median, up to 4x, beyond which a row costs the same wherever the
 * factors go (a handful of runs dominated by a slow first request would otherwise drag every factor).
 */
function loss(rows: readonly ServingComparison[]): number {
  const perFamily = new Map<string, Map<string, number[]>>()
  for (const row of rows) {
    const log = Math.min(Math.abs(Math.log(row.ratio)), Math.log(GIVE_UP_FACTOR))
    const cost = log + (log > Math.log(2) ? OUTLIER_WEIGHT * (log - Math.log(2)) ** 2 : 0)
    const groups = perFamily.get(row.family) ?? new Map<string, number[]>()
    groups.set(row.group, [...(groups.get(row.group) ?? []), cost])
    perFamily.set(row.family, groups)
  }
  let total = 0
  for (const groups of perFamily.values()) {
    let family = 0
    for (const costs of groups.values()) family += costs.reduce((a, b) => a + b, 0) / costs.length
    total += family / groups.size
  }
  return total
}

/** Factors are stored to four decimals. */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4

/** All factors an engine's serving fit sets, in the order they are fitted. */
const paramsOf = (id: string) => [...(PARAMS[id] ?? []), ...(WAVE_PARAMS[id] ?? [])]

/**
 * Restart each descent from its own rounded result until nothing moves (CALIBRATE_FIXED_POINT=1): the
 * stored factors are then a fixed point of the script. Off by default: the shipped factors are one
 * descent from where they stood, and a fixed point moves them (see the README's "Reproducing the
 * serving fit").
 */
const FIXED_POINT = process.env.CALIBRATE_FIXED_POINT === '1'

/**
 * The fit: one descent per stage (the start-up wave's factors after the others), or with FIXED_POINT
 * each stage to a fixed point of its rounded factors and the two stages in turn until neither moves a
 * factor. A leave-one-group-out refit makes `rounds` passes of one descent from the full fit.
 */
function fit(catalog: Catalog, engine: Engine, measurements: readonly ServingMeasurement[], rounds = Infinity): Engine {
  const score = (candidate: Engine) => loss(evaluateServing(withEngine(catalog, candidate), measurements).rows)
  const factorsOf = (params: readonly Param[]) => params.map((param) => ({ min: param.min, max: param.max, get: (current: Engine) => get(current, param.path), set: (current: Engine, value: number) => set(current, param.path, value) }))
  const roundAll = (params: readonly Param[]) => (state: Engine) => params.reduce((current, param) => set(current, param.path, round4(get(current, param.path))), state)
  const stage = (state: Engine, params: readonly Param[]) => {
    const factors = factorsOf(params)
    // Start inside the bounds (a stored value may predate them).
    const start = factors.reduce((current, factor) => factor.set(current, Math.min(factor.max, Math.max(factor.min, factor.get(current)))), state)
    if (!FIXED_POINT || rounds !== Infinity) return coordinateDescent(start, factors, score, { minStep: 0.01, rounds })
    return descendToFixedPoint(start, factors, score, roundAll(params), { minStep: 0.01 }).state
  }
  const all = paramsOf(engine.id)
  let state = engine
  for (let pass = 0; pass < (FIXED_POINT && rounds === Infinity ? 10 : 1); pass++) {
    const steady = stage(state, PARAMS[engine.id] ?? [])
    const next = WAVE_PARAMS[engine.id] ? stage(steady, WAVE_PARAMS[engine.id]!) : steady
    const moved = all.some((param) => get(next, param.path) !== get(state, param.path))
    state = next
    if (!moved) break
  }
  return state
}

/** Rows each leave-one-group-out refit uses at most. */
const REFIT_ROWS = 120
/** Passes over the factors each leave-one-group-out refit makes, started from the full fit (one moves every factor once). */
const REFIT_ROUNDS = 1

const BAND_FAMILIES = { ttftMs: ['ttft'], tpotMs: ['tpot'], outputTokensPerSecond: ['throughput'] } as const

/**
 * Leave-one-group-out: refit without each published run and score that run with the refit factors;
 * the band is the 10th-90th percentile of those out-of-sample ratios. Each refit starts from the full
 * fit and makes one pass over the factors on an even sample of the other runs' rows, which keeps the
 * loop over TensorRT-LLM's 90-odd runs to minutes (a run's absence moves the factors little, and the
 * first pass is where they move).
 */
function bands(catalog: Catalog, engine: Engine, measurements: readonly ServingMeasurement[]) {
  const mine = measurements.filter((m) => m.request?.engine === engine.id)
  const groups = new Map<string, ServingMeasurement[]>()
  for (const m of mine) groups.set(groupOf(m), [...(groups.get(groupOf(m)) ?? []), m])
  const outOfSample: ServingComparison[] = []
  for (const [group, held] of groups) {
    // The refit sees an even sample of the other runs' rows (at most REFIT_ROWS) to keep the loop affordable.
    const rest = mine.filter((m) => !held.includes(m))
    const stride = Math.max(1, Math.ceil(rest.length / REFIT_ROWS))
    const refit = fit(catalog, engine, rest.filter((_, index) => index % stride === 0), REFIT_ROUNDS)
    outOfSample.push(...evaluateServing(withEngine(catalog, refit), held).rows.filter((row) => row.group === group))
  }
  const result: Record<string, { lowFactor: number; highFactor: number; rows: number }> = {}
  for (const [name, families] of Object.entries(BAND_FAMILIES)) {
    const ratios = outOfSample.filter((row) => (families as readonly string[]).includes(row.family)).map((row) => row.ratio)
    if (ratios.length < 3) continue
    const r4 = (x: number) => Math.round(x * 1e4) / 1e4
    result[name] = { lowFactor: r4(Math.min(1, quantile(ratios, 0.1))), highFactor: r4(Math.max(1, quantile(ratios, 0.9))), rows: ratios.length }
  }
  return result
}

/** Catalog ids of the hardware some rows ran on, sorted (aliases resolved). */
const hardwareOf = (catalog: Catalog, rows: readonly ServingMeasurement[]) =>
  [...new Set(rows.flatMap((m) => (typeof m.request?.hardware === 'string' ? [findHardware(catalog, m.request.hardware)?.id ?? m.request.hardware] : [])))].sort()

/** How the speed factors of an engine with no batch-1 rows were obtained (its efficiency section's method). */
function servingOnlyEfficiencyMethod(id: string): string {
  return `No ${id} rows in calibration/measurements.json: its speed factors (${paramsOf(id).filter((p) => p.path.startsWith('efficiency.')).map((p) => p.path.slice('efficiency.'.length)).join(', ')}) are fitted by scripts/calibrate-serving.ts to its rows of calibration/serving.json, with its serving factors (see serving.method); the others keep vLLM's batch-1 values, which they were given when the engine was added. Its error band is the widest of the calibrated engines.`
}

function main() {
  const started = performance.now()
  const set_ = loadCatalogSet()
  const version = set_.defaultVersion
  const enginesPath = `${DEFAULT_CATALOG_DIR}${version}/engines.json`
  const measurements: ServingMeasurement[] = JSON.parse(readFileSync(fileURLToPath(new URL('../calibration/serving.json', import.meta.url)), 'utf8')).measurements
  let catalog = set_.get()!
  const engines: Engine[] = JSON.parse(readFileSync(enginesPath, 'utf8'))
  // CALIBRATE_ONLY=sglang,vllm refits just those engines. BANDS_ONLY=1 keeps the stored factors and
  // recomputes only the error bands (after a change to the model that the factors are not refitted for).
  const only = process.env.CALIBRATE_ONLY?.split(',')
  const bandsOnly = process.env.BANDS_ONLY === '1'
  for (const id of Object.keys(PARAMS)) {
    const engine = catalog.engineById.get(id)
    if (!engine?.serving || (only && !only.includes(id))) continue
    const mine = measurements.filter((m) => m.request?.engine === id)
    const fitted = bandsOnly ? engine : fit(catalog, engine, mine)
    catalog = withEngine(catalog, fitted)
    const errorBands = process.env.SKIP_BANDS ? engine.serving.errorBands : bands(catalog, fitted, mine)
    const params = paramsOf(id)
    const stored = engines.find((e) => e.id === id)!
    for (const param of params) {
      const [section, key] = param.path.split('.') as ['serving' | 'efficiency', string]
      ;(stored[section] as unknown as Record<string, number>)[key] = round4(get(fitted, param.path))
    }
    const efficiencyParams = params.filter((p) => p.path.startsWith('efficiency.')).map((p) => p.path.slice('efficiency.'.length))
    if (efficiencyParams.length) {
      stored.efficiency.fittedFactors = [...new Set([...(stored.efficiency.fittedFactors ?? []), ...efficiencyParams])]
      stored.efficiency.fitted = true
      // An engine whose decode bandwidth is fitted here has no batch-1 rows: every speed factor is this fit's.
      if (efficiencyParams.includes('decodeBandwidthEfficiency')) stored.efficiency.method = servingOnlyEfficiencyMethod(id)
    }
    stored.serving = {
      ...stored.serving!,
      fitted: true,
      fittedFactors: params.map((p) => p.path),
      method: `Fitted by scripts/calibrate-serving.ts to the ${mine.length} ${id} rows of calibration/serving.json (published serving runs under load: closed loop, open loop, offline maximum throughput; sources in each row): coordinate descent on the absolute log error (its minimum is the median ratio), metric families and published runs weighted equally, a squared penalty on rows off by 2x to 4x, rows beyond 4x (warm-up outliers) no longer pulling. Parameters fitted: ${params.map((p) => p.path).join(', ')}${WAVE_PARAMS[id] ? ` (the last ${WAVE_PARAMS[id]!.length}, the start-up wave's, in a second stage with the others held)` : ''}. Error bands: 10th-90th percentile of leave-one-group-out ratios (each published run left out in turn, factors refitted without it: one pass from the full fit on an even sample of at most ${REFIT_ROWS} of the other runs' rows). Rerun after changing the measurements or the model.`,
      // The hardware the rows ran on, and the hardware of the rows that measured TTFT or TPOT (the
      // two figures the warning this list feeds speaks of) rather than throughput: an answer
      // elsewhere says what it carries over.
      calibrationHardware: hardwareOf(catalog, mine),
      latencyCalibrationHardware: hardwareOf(catalog, mine.filter((m) => ['ttft', 'ttftP99', 'tpot', 'tpotP99'].includes(familyOf(m.metric) ?? ''))),
      ...(errorBands ? { errorBands } : {})
    }
    console.log(id, params.map((p) => `${p.path}=${round4(get(fitted, p.path))}`).join(' '), JSON.stringify(errorBands))
  }
  writeFileSync(enginesPath, `${JSON.stringify(engines, null, 2)}\n`)
  console.log(`wrote ${enginesPath} in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

main()
