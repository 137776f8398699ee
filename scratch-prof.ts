import { loadCatalogSet } from './src/catalog/index.js'
import { resolveRequest, runSpecOf } from './src/estimator/index.js'
import { efficiencyFor, memoryFor } from './src/estimator/performance.js'
import { servingContext, DEFAULT_ENGINE_SERVING } from './src/estimator/serving/index.js'
import { decodeOnly } from './src/estimator/serving/step.js'
import { operatingPoint } from './src/estimator/serving/operating-point.js'
import { capacityOf } from './src/estimator/serving/load.js'
const catalog = loadCatalogSet().get()!
const r = resolveRequest(catalog, { model: 'llama-3.1-70b', hardware: 'h100-sxm', deviceCount: 2, precision: 'fp8', engine: 'tensorrt-llm', promptTokens: 5000, outputTokens: 500, deployment: 'local' })
const run = runSpecOf(r)
const eff = efficiencyFor(run.engine, 'gpu', run.precision, 80)
const ctx = servingContext({ run, efficiency: eff, memory: memoryFor(run), serving: DEFAULT_ENGINE_SERVING, engineSequenceLimit: 100, maxBatchedTokens: 8192 })
let t = performance.now(); let x = 0
for (let i = 0; i < 100000; i++) x += ctx.step(decodeOnly(10 + (i % 7), 5000)).ms
console.log('step us', (performance.now() - t) / 100)
t = performance.now()
for (let i = 0; i < 1000; i++) x += operatingPoint(ctx, { kind: "fixed", requestsPerSecond: 1 + (i % 3) * 0.1 }, 1).meanStepMs
console.log('point us', (performance.now() - t))
t = performance.now()
for (let i = 0; i < 100; i++) x += capacityOf(ctx).requestsPerSecond
console.log('capacity us', (performance.now() - t) * 10)
