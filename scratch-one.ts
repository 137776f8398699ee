import { loadCatalogSet } from './src/catalog/index.js'
import { resolveRequest, runSpecOf } from './src/estimator/index.js'
import { efficiencyFor, memoryFor } from './src/estimator/performance.js'
import { serve, DEFAULT_ENGINE_SERVING } from './src/estimator/serving/index.js'
const catalog = loadCatalogSet().get()!
const body = JSON.parse(process.argv[2])
const { concurrency, requestsPerSecond, ...req } = body
const r = resolveRequest(catalog, { ...req, deployment: 'local' })
const run = runSpecOf(r)
const eff = efficiencyFor(run.engine, r.selfHosted!.hardware.kind, run.precision, run.model.architecture.layers)
const mem = memoryFor(run)
const t0 = performance.now()
let s
for (let i = 0; i < 1000; i++) s = serve({ run, efficiency: eff, memory: mem, serving: { ...DEFAULT_ENGINE_SERVING, kvReservation: run.engine.id === 'tensorrt-llm' ? 'full-length' : 'current-length' }, engineSequenceLimit: run.engine.memory.maxSequences, maxBatchedTokens: run.engine.memory.maxTokensInFlight, load: concurrency !== undefined ? { kind: 'closed', concurrency } : { kind: 'open', requestsPerSecond } })
console.log('us per serve', ((performance.now() - t0)).toFixed(1))
console.log(JSON.stringify(s, (k, v) => typeof v === 'number' ? Math.round(v * 100) / 100 : v))
