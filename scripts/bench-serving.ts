// The serving model's cost, measured as process CPU time in interleaved rounds against a baseline
// measured in the same run (these machines are shared and noisy):
// - serving estimates (concurrency or requestsPerSecond given) against batch-1 estimates;
// - a 500-candidate /compare with a daily volume and latency constraints (replicas sized by the
//   serving model) against the same /compare without a volume.
// Request bodies vary from call to call, so nothing can be answered from a cache.
// Each side of a /compare round is several calls in a row (BENCH_COMPARE_CALLS, 4), the side that
// goes first alternating from round to round: a /compare keeps its 500 rows alive until it answers,
// so the collections during a call copy them, and with one call per side a side's garbage was
// partly collected in the next side's time, and whether a 30 ms call met a collection at all made
// single rounds swing 1.4-6x.
// The estimator is measured twice (BENCH_SERVING_CODE=bundle or source runs one): as the server
// runs it, an esbuild bundle made like `npm run build` makes dist/server.js, and as tsx runs the
// source, as this bench did before. tsx names every closure it makes (keepNames: a
// defineProperty per closure made, ~12% of a /compare with a volume, whose serving model makes
// several per operating point) and calls every function imported from another module through a
// getter; the server's bundle does neither.
import { buildSync } from 'esbuild'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCatalogSet } from '../src/catalog/index.js'
import * as sourceEstimator from '../src/estimator/index.js'
import type { CompareRequest } from '../src/schemas/compare.js'
import type { EstimateRequest } from '../src/schemas/estimate.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const ESTIMATES_PER_ROUND = Number(process.env.BENCH_ESTIMATES ?? 2000)
const COMPARE_CALLS = Number(process.env.BENCH_COMPARE_CALLS ?? 4)
const CODE = process.env.BENCH_SERVING_CODE

type Estimator = Pick<typeof sourceEstimator, 'compare' | 'estimate'>

/**
 * The estimator bundled as the server's build bundles it (esbuild, no keepNames, syntax and whitespace
 * minified), as CommonJS so that it loads synchronously. The file goes to a temporary folder;
 * `import.meta.url` (how the version is read from package.json) is made the URL such a bundle has in
 * dist/, as the server's does.
 */
function bundledEstimator(): Estimator {
  const folder = mkdtempSync(join(tmpdir(), 'bench-serving-'))
  const outfile = join(folder, 'estimator.cjs')
  buildSync({
    entryPoints: [fileURLToPath(new URL('../src/estimator/index.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    define: { 'import.meta.url': JSON.stringify(new URL('../dist/bench-serving-estimator.cjs', import.meta.url).href) },
    logLevel: 'warning'
  })
  try {
    return createRequire(import.meta.url)(outfile) as Estimator
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

const catalog = loadCatalogSet().get()!
const CONFIGURATIONS = [
  { model: 'llama-3.1-8b', hardware: 'h100-sxm', engine: 'vllm' },
  { model: 'llama-3.1-70b', hardware: 'h100-sxm', deviceCount: 4, engine: 'tensorrt-llm', precision: 'fp8' },
  { model: 'qwen3-30b-a3b', hardware: 'h200', engine: 'sglang' },
  { model: 'mistral-7b', hardware: 'l40s' },
  { model: 'llama-2-7b', hardware: 'a100-80gb' }
] as const

const body = (index: number): EstimateRequest => ({ ...CONFIGURATIONS[index % CONFIGURATIONS.length]!, promptTokens: 200 + (index % 997) * 7, outputTokens: 50 + (index % 389) * 3 })
const load = (index: number) => (index % 2 === 0 ? { concurrency: 1 + (index % 257) } : { requestsPerSecond: 0.1 + (index % 101) * 0.37 })

/** CPU microseconds of `work` (user + system). */
function cpuMicros(work: () => void): number {
  const start = process.cpuUsage()
  work()
  const used = process.cpuUsage(start)
  return used.user + used.system
}

const hardwareIds = catalog.hardware.filter((entry) => entry.kind === 'gpu' && entry.dataCentre && entry.tflops.fp16 !== undefined).map((entry) => entry.id)
const modelIds = ['llama-3.1-8b', 'mistral-7b', 'qwen2.5-7b', 'llama-2-7b', 'qwen3-8b', 'llama-3.1-70b', 'qwen2.5-32b', 'gemma-2-9b']
// 8 models × 19 GPUs × 1–2 devices × 2 engines: 608 configurations, of which each call takes 500
// distinct ones (every 7th, 7 and the list's length being coprime), so no two candidates of a call share
// any work and /compare's per-call memo never answers. Both sides take the same list.
const configurations = modelIds.flatMap((model) => hardwareIds.flatMap((hardware) => [1, 2].flatMap((deviceCount) => ['vllm', 'sglang'].map((engine) => ({ model, hardware, deviceCount, engine })))))
function compareBody(round: number, volume: boolean): CompareRequest {
  const candidates = Array.from({ length: 500 }, (_, index) => configurations[(index * 7 + round) % configurations.length]!)
  return {
    workload: { promptTokens: 900 + round, outputTokens: 300 + round, ...(volume ? { requestsPerDay: 2_000_000 + round } : {}) },
    candidates,
    ...(volume ? { constraints: { maxTtftMs: 2000, maxTpotMs: 60, latencyPercentile: 'p90' as const } } : {})
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const range = (values: number[]) => `median ${median(values).toFixed(2)} (min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)})`

function benchEstimator({ compare, estimate }: Estimator, label: string): void {
  // Warm-up so both sides run optimised code.
  for (let index = 0; index < 500; index++) {
    estimate(catalog, body(index))
    estimate(catalog, { ...body(index), ...load(index) })
  }
  // /compare runs far fewer calls than the estimates: after one call of each, the first timed rounds
  // took up to six times their later CPU time (code still being optimised), so each side runs five.
  for (let round = 101; round <= 105; round++) {
    compare(catalog, compareBody(round, false))
    compare(catalog, compareBody(round, true))
  }
  const estimateRatios: number[] = []
  const compareRatios: number[] = []
  const perEstimate: { batch: number[]; serving: number[] } = { batch: [], serving: [] }
  const perCompareMs: { plain: number[]; sized: number[] } = { plain: [], sized: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    const offset = round * ESTIMATES_PER_ROUND
    const batch = cpuMicros(() => {
      for (let index = 0; index < ESTIMATES_PER_ROUND; index++) estimate(catalog, body(offset + index))
    })
    const serving = cpuMicros(() => {
      for (let index = 0; index < ESTIMATES_PER_ROUND; index++) estimate(catalog, { ...body(offset + index), ...load(offset + index) })
    })
    perEstimate.batch.push(batch / ESTIMATES_PER_ROUND)
    perEstimate.serving.push(serving / ESTIMATES_PER_ROUND)
    // Rate ratio: serving estimates per second over batch-1 estimates per second.
    estimateRatios.push(batch / serving)
    // COMPARE_CALLS calls in a row per side, each with its own body; the side that goes first alternates.
    const calls = (volume: boolean) => cpuMicros(() => {
      for (let call = 0; call < COMPARE_CALLS; call++) compare(catalog, compareBody(round * COMPARE_CALLS + call, volume))
    }) / COMPARE_CALLS
    const plainFirst = round % 2 === 1
    const first = calls(!plainFirst)
    const second = calls(plainFirst)
    const plain = plainFirst ? first : second
    const sized = plainFirst ? second : first
    compareRatios.push(sized / plain)
    perCompareMs.plain.push(plain / 1000)
    perCompareMs.sized.push(sized / 1000)
  }
  console.log(`\n## Serving model, ${label} (${ROUNDS} interleaved rounds, process CPU time)`)
  console.log(`- batch-1 estimate: ${range(perEstimate.batch)} µs; serving estimate: ${range(perEstimate.serving)} µs`)
  console.log(`- serving estimates per second ÷ batch-1 estimates per second: ${range(estimateRatios)} (target >= 0.2)`)
  console.log(`- 500-candidate /compare (${COMPARE_CALLS} calls in a row per side and round) without a volume: ${range(perCompareMs.plain)} ms per call; with a daily volume and constraints: ${range(perCompareMs.sized)} ms per call`)
  console.log(`- 500-candidate /compare with a daily volume and constraints ÷ without a volume, CPU: ${range(compareRatios)} (target <= 3)`)
}

export function benchServing(): void {
  if (CODE !== 'source') benchEstimator(bundledEstimator(), 'bundled as the server runs it')
  if (CODE !== 'bundle') benchEstimator(sourceEstimator, 'source under tsx')
}

if (process.argv[1]?.endsWith('bench-serving.ts')) benchServing()
