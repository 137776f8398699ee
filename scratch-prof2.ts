import { loadCatalogSet } from './src/catalog/index.js'
import { resolveRequest, runSpecOf } from './src/estimator/index.js'
import { efficiencyFor, memoryFor } from './src/estimator/performance.js'
import { servingContext, DEFAULT_ENGINE_SERVING } from './src/estimator/serving/index.js'
import { operatingPoint } from './src/estimator/serving/operating-point.js'
const catalog = loadCatalogSet().get()!
const r = resolveRequest(catalog, { model: 'llama-3.1-70b', hardware: 'h100-sxm', deviceCount: 2, precision: 'fp8', engine: 'tensorrt-llm', promptTokens: 5000, outputTokens: 500, deployment: 'local' })
const run = runSpecOf(r)
const eff = efficiencyFor(run.engine, 'gpu', run.precision, 80)
const ctx = servingContext({ run, efficiency: eff, memory: memoryFor(run), serving: DEFAULT_ENGINE_SERVING, engineSequenceLimit: 100, maxBatchedTokens: 8192 })
let n = 0; const inner = ctx.step; ctx.step = (s) => { n++; return inner(s) }
let x = 0
for (let round = 0; round < 3; round++) {
  n = 0
  const t = performance.now()
  for (let i = 0; i < 20000; i++) x += operatingPoint(ctx, { kind: 'fixed', requestsPerSecond: 1 + (i % 3) * 0.1 }, 1).meanStepMs
  console.log('point us', (performance.now() - t) / 20, 'steps per point', n / 20000)
}
import { estimate } from './src/estimator/index.js'
import { serve } from './src/estimator/serving/index.js'
for (let round = 0; round < 3; round++) {
  let t = performance.now()
  for (let i = 0; i < 5000; i++) x += estimate(catalog, { model: 'llama-3.1-70b', hardware: 'h100-sxm', deviceCount: 2, precision: 'fp8', engine: 'tensorrt-llm', promptTokens: 5000 + (i % 7), outputTokens: 500 }).memory!.totalGB
  const est = (performance.now() - t) / 5
  t = performance.now()
  for (let i = 0; i < 5000; i++) x += serve({ run, efficiency: eff, memory: memoryFor(run), serving: DEFAULT_ENGINE_SERVING, engineSequenceLimit: 100, maxBatchedTokens: 8192, load: { kind: 'closed', concurrency: 25 + (i % 5) } })!.ttftMs.mean
  const sv = (performance.now() - t) / 5
  t = performance.now()
  for (let i = 0; i < 100000; i++) x += Math.log(i + 1) * Math.exp(-i)
  console.log('estimate us', est.toFixed(1), 'serve us', sv.toFixed(1), 'ratio', (est / (est + sv)).toFixed(2), 'spin', (performance.now() - t).toFixed(1))
}
