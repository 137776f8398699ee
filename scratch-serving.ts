import { readFileSync } from 'node:fs'
import { loadCatalogSet } from './src/catalog/index.js'
import { resolveRequest, runSpecOf } from './src/estimator/index.js'
import { efficiencyFor, memoryFor } from './src/estimator/performance.js'
import { serve, DEFAULT_ENGINE_SERVING } from './src/estimator/serving/index.js'
import { familyOf, groupOf, type ServingMeasurement } from './src/calibration/serving.js'

const catalog = loadCatalogSet().get()!
const rows: ServingMeasurement[] = JSON.parse(readFileSync('calibration/serving.json', 'utf8')).measurements
const overrides = JSON.parse(process.env.OVR ?? '{}')
const results: any[] = []
let skipped = 0
const reasons = new Map<string, number>()
for (const m of rows) {
  const { concurrency, requestsPerSecond, ...req } = m.request as any
  let r
  try { r = resolveRequest(catalog, { ...req, deployment: 'local' }) } catch (e: any) { skipped++; const k = e.message.slice(0, 60); reasons.set(k, (reasons.get(k) ?? 0) + 1); continue }
  const run = runSpecOf(r)
  const eff = efficiencyFor(run.engine, r.selfHosted!.hardware.kind, run.precision, run.model.architecture.layers)
  const o = overrides[run.engine.id] ?? {}
  if (o.compute) eff.compute = o.compute
  const mem = memoryFor(run)
  const seqLimit = o.seq ?? run.engine.memory.maxSequences
  const s = serve({ run, efficiency: eff, memory: mem, serving: { ...DEFAULT_ENGINE_SERVING, mixesPrefillWithDecode: run.engine.id !== 'sglang', kvReservation: run.engine.id === 'tensorrt-llm' ? 'full-length' : 'current-length', ...o.serving }, engineSequenceLimit: seqLimit, maxBatchedTokens: o.tokens ?? run.engine.memory.maxTokensInFlight, load: concurrency !== undefined ? { kind: 'closed', concurrency } : { kind: 'open', requestsPerSecond } })
  if (!s) { skipped++; reasons.set('no fit', (reasons.get('no fit') ?? 0) + 1); continue }
  const src = m.scoredAs === 'capacity' ? s.capacity : s
  const metric = m.metric
  let est: number | undefined
  if (metric === 'output_tok_s_total') est = src.outputTokensPerSecond
  else if (metric === 'total_tok_s_total') est = src.totalTokensPerSecond
  else if (metric === 'requests_per_s') est = src.requestsPerSecond
  else if (metric === 'ttft_ms_mean') est = s.ttftMs.mean
  else if (metric === 'ttft_ms_median') est = s.ttftMs.p50
  else if (metric === 'ttft_ms_p99') est = s.ttftMs.p99
  else if (metric === 'tpot_ms_mean' || metric === 'itl_ms_mean') est = s.tpotMs.mean
  else if (metric === 'tpot_ms_median') est = s.tpotMs.p50
  else if (metric === 'tpot_ms_p99') est = s.tpotMs.p99
  else if (metric === 'e2e_ms_mean') est = s.e2eMs.mean
  if (est === undefined) continue
  const ratio = metric.includes('_ms_') ? est / m.value : m.value / est
  results.push({ id: m.id, engine: run.engine.id, family: familyOf(metric), metric, load: m.load, ratio, err: Math.abs(est - m.value) / m.value, est, val: m.value, group: groupOf(m), limit: s.capacity.limitedBy, req: m.request })
}
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN }
console.log('skipped', skipped, [...reasons.entries()].slice(0, 8))
const fams = ['ttft', 'ttftP99', 'tpot', 'tpotP99', 'throughput', 'e2e']
for (const eng of ['all', 'tensorrt-llm', 'vllm', 'sglang']) {
  const sel = results.filter((r) => eng === 'all' || r.engine === eng)
  console.log(eng.padEnd(13), fams.map((f) => { const g = sel.filter((r) => r.family === f); return `${f}:${g.length}/${(med(g.map((r) => r.err)) * 100).toFixed(0)}%/lr${med(g.map((r) => Math.log(r.ratio))).toFixed(2)}` }).join('  '), 'in2x', (sel.filter((r) => r.ratio < 2 && r.ratio > 0.5).length / sel.length * 100).toFixed(0) + '%')
}
if (process.env.DUMP) for (const r of results.filter((r) => !process.env.DUMP || r.family === process.env.DUMP || process.env.DUMP === 'all')) console.log(r.id, r.engine, r.metric, r.load, r.ratio.toFixed(2), r.est.toFixed(1), r.val, r.limit, JSON.stringify(r.req))
