// npm run bench: load-tests the real server on loopback with autocannon, each route next to a
// baseline measured in the same run (a minimal Fastify route answering a static JSON body of the
// same size), and reports ratios; then a 100k-request soak and an estimator micro-benchmark.
// Bounded: every run has a fixed duration or request count, and the script stops its servers.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { Bench } from 'tinybench'
import { loadCatalogSet } from '../src/catalog/index.js'
import { compare, estimate, resolveScenario } from '../src/estimator/index.js'
import { benchServing } from './bench-serving.js'
import { freePort } from './free-port.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const SOAK_REQUESTS = Number(process.env.BENCH_SOAK_REQUESTS ?? 100_000)

/** Starts a server process on a free port and waits until GET /healthz (or /static) answers. */
async function start(args: string[], env: Record<string, string>, probe: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort()
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] })
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`)
    try {
      if ((await fetch(`http://127.0.0.1:${port}${probe}`)).ok) return { child, port }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`${args.join(' ')} did not start within 20 s`)
}

interface Result {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

async function load(url: string, opts: { method?: 'GET' | 'POST'; body?: string; duration?: number; amount?: number; connections?: number }): Promise<Result> {
  const r = await autocannon({
    url,
    method: opts.method ?? 'GET',
    body: opts.body,
    headers: opts.body ? { 'content-type': 'application/json' } : {},
    connections: opts.connections ?? CONNECTIONS,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? DURATION_S }),
    timeout: 10
  })
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx }
}

async function responseBytes(url: string, method: string, body?: string): Promise<number> {
  const res = await fetch(url, { method, body, headers: body ? { 'content-type': 'application/json' } : {} })
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`)
  return (await res.arrayBuffer()).byteLength
}

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  const m = text.match(new RegExp(`^${name} (\\S+)`, 'm'))
  return m ? Number(m[1]) : NaN
}

const candidates = (n: number) => {
  const models = ['llama-2-7b', 'llama-2-13b', 'llama-3.1-8b', 'mistral-7b', 'qwen2.5-7b', 'llama-2-70b', 'mixtral-8x7b', 'gemma-2-9b', 'phi-3-mini', 'qwen2.5-72b']
  const hardware = ['a100-80gb', 'h100-sxm', 'l40s', 'h200', 'rtx-4090', 'mi300x', 'b200', 'l4', 'a100-40gb', 'h100-pcie']
  return Array.from({ length: n }, (_, i) => ({ model: models[i % 10]!, hardware: hardware[Math.floor(i / 10) % 10]! }))
}

const ESTIMATE_BODY = { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 8 }
const compareBody = (n: number) => ({ workload: { promptTokens: 1000, outputTokens: 200, requestsPerDay: 100_000 }, candidates: candidates(n) })

const fmt = (x: number, d = 1) => x.toFixed(d)

async function main() {
  console.log(`# npm run bench — ${new Date().toISOString()}, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s per run, loopback, server LOG_LEVEL=warn`)
  const env = { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0' }
  const service = await start(['dist/server.js'], env, '/healthz')
  const baseline = await start(['--import', 'tsx', 'scripts/bench-baseline.ts'], env, '/static?bytes=10')
  const svc = `http://127.0.0.1:${service.port}`
  const base = `http://127.0.0.1:${baseline.port}`
  try {
    // Warm both servers up.
    await load(`${svc}/estimate`, { method: 'POST', body: JSON.stringify(ESTIMATE_BODY), duration: 2 })
    await load(`${base}/static?bytes=1000`, { duration: 2 })

    const scenarios = [
      { name: 'GET /models', method: 'GET' as const, path: '/models' },
      { name: 'POST /estimate', method: 'POST' as const, path: '/estimate', body: JSON.stringify(ESTIMATE_BODY) },
      { name: 'POST /compare (10 candidates)', method: 'POST' as const, path: '/compare', body: JSON.stringify(compareBody(10)) },
      { name: 'POST /compare (100 candidates)', method: 'POST' as const, path: '/compare', body: JSON.stringify(compareBody(100)) }
    ]
    const rows: { name: string; bytes: number; route: Result; base: Result }[] = []
    for (const s of scenarios) {
      const bytes = await responseBytes(`${svc}${s.path}`, s.method, s.body)
      const baseUrl = `${base}/static?bytes=${bytes}`
      const b = await load(baseUrl, { method: s.method, body: s.body })
      const r = await load(`${svc}${s.path}`, { method: s.method, body: s.body })
      rows.push({ name: s.name, bytes, route: r, base: b })
      if (r.errors || r.non2xx) console.log(`  ! ${s.name}: ${r.errors} errors, ${r.non2xx} non-2xx`)
    }
    console.log('\n| route | response bytes | req/s | p50 ms | p99 ms | baseline req/s | baseline p99 ms | req/s ratio |')
    console.log('|---|---|---|---|---|---|---|---|')
    for (const r of rows) {
      console.log(`| ${r.name} | ${r.bytes} | ${fmt(r.route.rps, 0)} | ${r.route.p50} | ${r.route.p99} | ${fmt(r.base.rps, 0)} | ${r.base.p99} | ${fmt(r.route.rps / r.base.rps, 2)}x |`)
    }
    const c10 = rows[2]!
    const c100 = rows[3]!
    // Server time per request = 1 / throughput (latency under 10 connections includes queueing).
    const msPer = (r: Result) => 1000 / r.rps
    const perCandidate = (msPer(c100.route) - msPer(c10.route)) / 90
    console.log(`\n/compare cost per candidate: ${fmt(perCandidate * 1000, 0)} µs of server time (from 10 → 100 candidates); a 10-candidate call takes ${fmt(msPer(c10.route), 2)} ms, a 100-candidate call ${fmt(msPer(c100.route), 2)} ms (10× the 10-candidate call would be ${fmt(msPer(c10.route) * 10, 2)} ms: ${msPer(c100.route) <= msPer(c10.route) * 10 ? 'linear or better' : 'worse than linear'})`)
    const est = rows[1]!
    console.log(`targets: POST /estimate at ${fmt(est.route.rps / est.base.rps, 2)}x baseline req/s (target >= 0.75x), p99 ${est.route.p99} ms at ${CONNECTIONS} connections (target < 10 ms)`)

    // Soak: memory after warm-up vs after SOAK_REQUESTS more requests.
    await load(`${svc}/estimate`, { method: 'POST', body: JSON.stringify(ESTIMATE_BODY), amount: 20_000 })
    const rssWarm = await metric(service.port, 'process_resident_memory_bytes')
    const heapWarm = await metric(service.port, 'nodejs_heap_size_used_bytes')
    const soak = await load(`${svc}/estimate`, { method: 'POST', body: JSON.stringify(ESTIMATE_BODY), amount: SOAK_REQUESTS })
    const rssAfter = await metric(service.port, 'process_resident_memory_bytes')
    const heapAfter = await metric(service.port, 'nodejs_heap_size_used_bytes')
    const growth = (rssAfter - rssWarm) / rssWarm
    const heapGrowth = (heapAfter - heapWarm) / heapWarm
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x * 100)}%`
    console.log(`\nsoak: ${SOAK_REQUESTS} POST /estimate at ${fmt(soak.rps, 0)} req/s, ${soak.errors} errors, ${soak.non2xx} non-2xx`)
    console.log(`  RSS ${fmt(rssWarm / 1e6)} MB after warm-up → ${fmt(rssAfter / 1e6)} MB after (${pct(growth)}); heap used ${fmt(heapWarm / 1e6)} → ${fmt(heapAfter / 1e6)} MB (${pct(heapGrowth)})`)
    console.log(`  target: no growth beyond 10% (a leak grows; a shrink is the garbage collector settling): ${growth <= 0.1 && heapGrowth <= 0.1 ? 'holds' : 'MISSED'}`)
  } finally {
    service.child.kill('SIGTERM')
    baseline.child.kill('SIGTERM')
  }

  // Where the time goes: the estimator alone, no HTTP.
  const catalog = loadCatalogSet().get()!
  const bench = new Bench({ time: 1000 })
  const jsonStringifyBaseline = estimate(catalog, ESTIMATE_BODY)
  bench
    .add('JSON.stringify of an estimate (baseline)', () => JSON.stringify(jsonStringifyBaseline))
    .add('resolveScenario (catalog lookups)', () => resolveScenario(catalog, ESTIMATE_BODY))
    .add('estimate()', () => estimate(catalog, ESTIMATE_BODY))
    .add('compare() of 10 candidates', () => compare(catalog, compareBody(10)))
  await bench.run()
  console.log('\n| micro-benchmark (no HTTP) | ops/s | mean µs | vs JSON.stringify baseline |')
  console.log('|---|---|---|---|')
  const hzOf = (t: (typeof bench.tasks)[number]) => (t.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? NaN
  const baseHz = hzOf(bench.tasks[0]!)
  for (const t of bench.tasks) {
    const hz = hzOf(t)
    console.log(`| ${t.name} | ${fmt(hz, 0)} | ${fmt(1e6 / hz, 1)} | ${fmt(hz / baseHz, 2)}x |`)
  }
  benchServing()
}

await main()
process.exit(0)
