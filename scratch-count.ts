import { loadCatalogSet } from './src/catalog/index.js'
import { resolveRequest, runSpecOf } from './src/estimator/index.js'
import { efficiencyFor, memoryFor } from './src/estimator/performance.js'
import { servingContext, DEFAULT_ENGINE_SERVING } from './src/estimator/serving/index.js'
import { operatingPoint } from './src/estimator/serving/operating-point.js'
import { capacityOf, closedLoop } from './src/estimator/serving/load.js'
const catalog = loadCatalogSet().get()!
const r = resolveRequest(catalog, { model: 'llama-3.1-70b', hardware: 'h100-sxm', deviceCount: 2, precision: 'fp8', engine: 'tensorrt-llm', promptTokens: 5000, outputTokens: 500, deployment: 'local' })
const run = runSpecOf(r)
const eff = efficiencyFor(run.engine, 'gpu', run.precision, 80)
const ctx = servingContext({ run, efficiency: eff, memory: memoryFor(run), serving: DEFAULT_ENGINE_SERVING, engineSequenceLimit: 100, maxBatchedTokens: 8192 })
let n = 0; const inner = ctx.step; ctx.step = (s) => { n++; return inner(s) }
operatingPoint(ctx, { kind: "fixed", requestsPerSecond: 1.2 }, 1); console.log('point steps', n); n = 0
const cap = capacityOf(ctx); console.log('capacity steps', n); n = 0
closedLoop(ctx, 25, cap); console.log('closed steps', n)
