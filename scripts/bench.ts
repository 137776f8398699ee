// npm run bench: what the service costs, measured on loopback against a bare Fastify baseline in
// the same run (this machine is shared and noisy, so only same-run comparisons mean anything).
//
// - Load: BENCH_ROUNDS interleaved rounds (the order of the two sides alternates) of autocannon
//   runs, BENCH_RUN_S seconds each. The figure is the server's own CPU time per request, read from
//   /proc before and after the run, not requests per second (the load generator shares the cores).
//   Every scenario rotates many different request bodies (scripts/bench-bodies.ts).
//   /estimate (batch and serving) is compared with the baseline answering a static body of the
//   same mean size; /estimate at LOG_LEVEL=info with the same at warn (a warn server of its own);
//   /compare at 10, 100 and 500 candidates with a daily volume gives CPU per candidate. The pairs
//   are run flat out, at a fixed rate, and both at half that rate at the same time.
//   BENCH_ONLY=section,... runs only some sections.
// - Start: cold start to the first /healthz 200 (wall clock and the CPU the process used) of the
//   bundled server and of a bare Fastify server,
//   alternating; idle RSS after a forced garbage collection; loaded (peak) RSS.
// - Heap: heap used after a forced collection (median of 3 samples) before and after a soak.
// - In-process: serialization per answer shape, the serving model, the estimator alone.
// Bounded: fixed durations and counts; every server is stopped at the end. Linux only (/proc).
import { build } from 'esbuild'
import autocannon from 'autocannon'
import { Bench } from 'tinybench'
import { loadCatalogSet } from '../src/catalog/index.js'
import { compare, estimate } from '../src/estimator/index.js'
import { batchEstimateBodies, compareBodies, servingEstimateBodies } from './bench-bodies.js'
import { collectGarbage, cpuMicros, memoryBytes, ROOT, startServer, type ServerProcess } from './bench-process.js'
import { benchSerialization } from './bench-serialize.js'
import { benchServing } from './bench-serving.js'
import { median, spread } from './bench-stats.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const RUN_S = Number(process.env.BENCH_RUN_S ?? 2)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const SOAK_REQUESTS = Number(process.env.BENCH_SOAK_REQUESTS ?? 20_000)
/**
 * The fixed request rate (req/s) of the "same load" rows. CPU per request falls as the rate rises
 * (more requests share each wake-up and system call), and a bare route runs at 2-3x our rate when
 * both are driven flat out, so the flat-out ratio also measures that; at a rate both sustain, it
 * compares the work per request alone.
 */
const FIXED_RATE = Number(process.env.BENCH_FIXED_RATE ?? 2000)
if (!(ROUNDS >= 1 && RUN_S > 0 && CONNECTIONS >= 1 && SOAK_REQUESTS >= 0)) throw new Error('BENCH_ROUNDS, BENCH_RUN_S, BENCH_CONNECTIONS and BENCH_SOAK_REQUESTS must be positive numbers')

/**
 * BENCH_ONLY: a comma-separated list of the sections to run (start, load, serialization, serving,
 * estimator); unset runs them all. Parts of the load section can be named alone: estimate (the
 * /estimate pairs against the bare route), log (info against warn), compare, memory.
 */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((name) => name.trim()).filter(Boolean))
const LOAD_PARTS = ['estimate', 'log', 'compare', 'memory']
const runs = (section: string) => ONLY.size === 0 || ONLY.has(section) || (section === 'load' && LOAD_PARTS.some((part) => ONLY.has(part)))
const runsLoadPart = (part: string) => ONLY.size === 0 || ONLY.has('load') || ONLY.has(part)

const SERVICE = ['dist/server.js']
const BASELINE = ['dist/bench-baseline.mjs']
const SERVICE_ENV = { RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', SHUTDOWN_READINESS_DELAY_MS: '0' }

interface Side {
  label: string
  server: ServerProcess
  /** The request list autocannon cycles through. */
  requests: { method: 'POST'; path: string; headers: Record<string, string>; body: string }[]
}

interface RunFigure {
  cpuMicrosPerRequest: number
  requests: number
  logLinesPerRequest: number
}

const json = { 'content-type': 'application/json' }
const posts = (path: string, bodies: unknown[]) => bodies.map((body) => ({ method: 'POST' as const, path, headers: json, body: JSON.stringify(body) }))

/** One bounded autocannon run against a side, with the server's CPU time read around it. */
async function run(side: Side, connections: number, rate?: number): Promise<RunFigure> {
  const linesBefore = side.server.stdoutLines()
  const cpuBefore = cpuMicros(side.server.pid)
  const result = await autocannon({ url: side.server.url, requests: side.requests, connections, duration: RUN_S, timeout: 30, ...(rate === undefined ? {} : { overallRate: rate }) })
  const cpuUsed = cpuMicros(side.server.pid) - cpuBefore
  // Log lines are written in batches (at the latest a second later): the count may miss the last
  // batch of a run (up to ~80 lines of thousands) and carry it into the next.
  await new Promise((resolve) => setTimeout(resolve, 50))
  if (result.errors || result.timeouts || result.non2xx) throw new Error(`${side.label}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`)
  const requests = result.requests.total
  return { cpuMicrosPerRequest: cpuUsed / requests, requests, logLinesPerRequest: (side.server.stdoutLines() - linesBefore) / requests }
}

/** Mean answer size in bytes over a side's bodies, checking every one answers 200. */
async function meanAnswerBytes(server: ServerProcess, requests: Side['requests']): Promise<number> {
  let total = 0
  for (const request of requests) {
    const answer = await fetch(`${server.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body })
    const bytes = (await answer.arrayBuffer()).byteLength
    if (answer.status !== 200) throw new Error(`${request.path} answered ${answer.status} to ${request.body.slice(0, 200)}`)
    total += bytes
  }
  return Math.round(total / requests.length)
}

async function heapUsedBytes(server: ServerProcess): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  return Number(text.match(/^nodejs_heap_size_used_bytes (\S+)/m)?.[1] ?? NaN)
}

/** Heap used after forced collections: the median of three samples. */
async function settledHeapBytes(server: ServerProcess): Promise<number> {
  const samples: number[] = []
  for (let sample = 0; sample < 3; sample++) {
    await collectGarbage(server)
    samples.push(await heapUsedBytes(server))
  }
  return median(samples)
}

const megabytes = (bytes: number) => bytes / 1e6

async function coldStarts() {
  const figures = { serviceMs: [] as number[], bareMs: [] as number[], ratio: [] as number[], serviceCpuMs: [] as number[], bareCpuMs: [] as number[], cpuRatio: [] as number[], firstEstimateMs: [] as number[], serviceRss: [] as number[], bareRss: [] as number[] }
  const firstBody = JSON.stringify(batchEstimateBodies(1)[0])
  for (let round = 0; round < ROUNDS; round++) {
    const measure = async (which: 'service' | 'bare') => {
      const server = which === 'service' ? await startServer(SERVICE, { ...SERVICE_ENV, LOG_LEVEL: 'info' }) : await startServer(BASELINE, {})
      // CPU the process used up to its first /healthz answer: on a shared machine steadier than the
      // wall clock, which also counts the time other processes held the cores.
      const cpuMs = cpuMicros(server.pid) / 1000
      try {
        if (which === 'service') {
          const begun = performance.now()
          const answer = await fetch(`${server.url}/estimate`, { method: 'POST', headers: json, body: firstBody })
          await answer.arrayBuffer()
          figures.firstEstimateMs.push(server.startMs + performance.now() - begun)
        }
        await new Promise((resolve) => setTimeout(resolve, 300))
        await collectGarbage(server)
        return { startMs: server.startMs, cpuMs, rss: memoryBytes(server.pid).rss }
      } finally {
        await server.stop()
      }
    }
    const order = round % 2 === 0 ? (['service', 'bare'] as const) : (['bare', 'service'] as const)
    const result: Record<string, { startMs: number; cpuMs: number; rss: number }> = {}
    for (const which of order) result[which] = await measure(which)
    figures.serviceMs.push(result.service!.startMs)
    figures.bareMs.push(result.bare!.startMs)
    figures.ratio.push(result.service!.startMs / result.bare!.startMs)
    figures.serviceCpuMs.push(result.service!.cpuMs)
    figures.bareCpuMs.push(result.bare!.cpuMs)
    figures.cpuRatio.push(result.service!.cpuMs / result.bare!.cpuMs)
    figures.serviceRss.push(megabytes(result.service!.rss))
    figures.bareRss.push(megabytes(result.bare!.rss))
  }
  return figures
}

interface Pair {
  name: string
  route: Side
  reference: Side
  connections: number
  rate?: number
  /**
   * Both sides loaded at the same time (each at `rate`), instead of one after the other: the
   * machine is shared, and whatever else runs on it then weighs on both sides alike.
   */
  together?: boolean
  answerBytes: number | string
}

/** The rate of each side of the "together" rows: together they make FIXED_RATE. */
const TOGETHER_RATE = FIXED_RATE / 2

/**
 * The load section: /estimate against the bare same-size route, info against warn, /compare per
 * candidate, memory. Info is compared with a warn server of its own (`warnTwin`) that serves
 * exactly what the info server serves, in the same alternating order: the shared warn server also
 * serves every other scenario (serving estimates, 500-candidate /compare), so its heap, its
 * optimised code and its idle time between runs differ from the info server's, and the ratio
 * would measure that history as well as the log line.
 */
async function loadSection() {
  const bodies = {
    batch: posts('/estimate', batchEstimateBodies(64)),
    serving: posts('/estimate', servingEstimateBodies(64)),
    compare10: posts('/compare', compareBodies(24, 10)),
    compare100: posts('/compare', compareBodies(12, 100)),
    compare500: posts('/compare', compareBodies(6, 500))
  }
  const withEstimate = runsLoadPart('estimate')
  const withLog = runsLoadPart('log')
  const withCompare = runsLoadPart('compare')
  const withMemory = runsLoadPart('memory')
  const warn = await startServer(SERVICE, { ...SERVICE_ENV, LOG_LEVEL: 'warn' })
  const info = withLog ? await startServer(SERVICE, { ...SERVICE_ENV, LOG_LEVEL: 'info' }) : undefined
  const warnTwin = withLog ? await startServer(SERVICE, { ...SERVICE_ENV, LOG_LEVEL: 'warn' }) : undefined
  const baseline = withEstimate ? await startServer(BASELINE, {}) : undefined
  try {
    const sizes = withEstimate ? { batch: await meanAnswerBytes(warn, bodies.batch), serving: await meanAnswerBytes(warn, bodies.serving) } : { batch: 0, serving: 0 }
    // The baseline answers a static body of the route's mean answer size to the same request bodies.
    const baselineOf = (requests: Side['requests'], bytes: number): Side => ({ label: `baseline ${bytes} B`, server: baseline!, requests: requests.map((request) => ({ ...request, path: `/static?bytes=${bytes}` })) })
    const estimatePairs: Pair[] = withEstimate
      ? [
          { name: 'POST /estimate (batch)', route: { label: '/estimate batch', server: warn, requests: bodies.batch }, reference: baselineOf(bodies.batch, sizes.batch), connections: CONNECTIONS, answerBytes: sizes.batch },
          { name: 'POST /estimate (serving)', route: { label: '/estimate serving', server: warn, requests: bodies.serving }, reference: baselineOf(bodies.serving, sizes.serving), connections: CONNECTIONS, answerBytes: sizes.serving },
          { name: `POST /estimate (batch), both at ${FIXED_RATE} req/s`, route: { label: '/estimate batch', server: warn, requests: bodies.batch }, reference: baselineOf(bodies.batch, sizes.batch), connections: CONNECTIONS, rate: FIXED_RATE, answerBytes: sizes.batch },
          { name: `POST /estimate (batch), both at ${TOGETHER_RATE} req/s at the same time`, route: { label: '/estimate batch', server: warn, requests: bodies.batch }, reference: baselineOf(bodies.batch, sizes.batch), connections: CONNECTIONS, rate: TOGETHER_RATE, together: true, answerBytes: sizes.batch }
        ]
      : []
    const logPairs: Pair[] =
      info && warnTwin
        ? [
            { name: 'POST /estimate (batch) at LOG_LEVEL=info vs warn', route: { label: '/estimate at info', server: info, requests: bodies.batch }, reference: { label: '/estimate at warn', server: warnTwin, requests: bodies.batch }, connections: CONNECTIONS, answerBytes: 'same' },
            { name: `POST /estimate (batch) at LOG_LEVEL=info vs warn, both at ${FIXED_RATE} req/s`, route: { label: '/estimate at info', server: info, requests: bodies.batch }, reference: { label: '/estimate at warn', server: warnTwin, requests: bodies.batch }, connections: CONNECTIONS, rate: FIXED_RATE, answerBytes: 'same' },
            { name: `POST /estimate (batch) at LOG_LEVEL=info vs warn, both at ${TOGETHER_RATE} req/s at the same time`, route: { label: '/estimate at info', server: info, requests: bodies.batch }, reference: { label: '/estimate at warn', server: warnTwin, requests: bodies.batch }, connections: CONNECTIONS, rate: TOGETHER_RATE, together: true, answerBytes: 'same' }
          ]
        : []
    const pairs = [...estimatePairs, ...logPairs]
    const compares = withCompare
      ? [
          { candidates: 10, side: { label: '/compare 10', server: warn, requests: bodies.compare10 } },
          { candidates: 100, side: { label: '/compare 100', server: warn, requests: bodies.compare100 } },
          { candidates: 500, side: { label: '/compare 500', server: warn, requests: bodies.compare500 } }
        ]
      : []
    const compareBytes = withCompare ? { 10: await meanAnswerBytes(warn, bodies.compare10), 100: await meanAnswerBytes(warn, bodies.compare100), 500: await meanAnswerBytes(warn, bodies.compare500) } : { 10: 0, 100: 0, 500: 0 }
    // Warm-up: every side once, so all run optimised code.
    for (const pair of pairs) {
      await run(pair.route, pair.connections)
      await run(pair.reference, pair.connections)
    }
    for (const entry of compares) await run(entry.side, 2)

    const pairFigures = pairs.map(() => ({ route: [] as number[], reference: [] as number[], ratio: [] as number[], logLines: [] as number[] }))
    const compareFigures = compares.map(() => [] as number[])
    const loadedRss: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, pair] of pairs.entries()) {
        const order = round % 2 === 0 ? (['route', 'reference'] as const) : (['reference', 'route'] as const)
        const figure: Record<string, RunFigure> = {}
        if (pair.together) [figure.route, figure.reference] = await Promise.all([run(pair.route, pair.connections, pair.rate), run(pair.reference, pair.connections, pair.rate)])
        else for (const which of order) figure[which] = await run(pair[which], pair.connections, pair.rate)
        pairFigures[index]!.route.push(figure.route!.cpuMicrosPerRequest)
        pairFigures[index]!.reference.push(figure.reference!.cpuMicrosPerRequest)
        pairFigures[index]!.ratio.push(figure.route!.cpuMicrosPerRequest / figure.reference!.cpuMicrosPerRequest)
        pairFigures[index]!.logLines.push(figure.route!.logLinesPerRequest)
      }
      const order = round % 2 === 0 ? compares : [...compares].reverse()
      for (const entry of order) {
        const figure = await run(entry.side, 2)
        compareFigures[compares.indexOf(entry)]!.push(figure.cpuMicrosPerRequest / entry.candidates)
        if (entry.candidates === 500) loadedRss.push(megabytes(memoryBytes(warn.pid).rss))
      }
    }

    const targets: string[] = []
    if (pairs.length > 0) {
      console.log('## Load (server CPU µs per request)')
      console.log('| scenario | answer bytes | route µs | reference µs | route ÷ reference | log lines per request |')
      console.log('|---|---|---|---|---|---|')
      for (const [index, pair] of pairs.entries()) {
        const figure = pairFigures[index]!
        console.log(`| ${pair.name} | ${pair.answerBytes} | ${spread(figure.route)} | ${spread(figure.reference)} | ${spread(figure.ratio, 2)}× | ${spread(figure.logLines, 2)} |`)
      }
    }
    if (withEstimate) {
      const estimateRatio = median(pairFigures[0]!.ratio)
      targets.push(`/estimate CPU ≤ 2.5× the bare same-size route: ${estimateRatio <= 2.5 ? 'met' : 'MISSED'} (${estimateRatio.toFixed(2)}×; ${median(pairFigures[2]!.ratio).toFixed(2)}× at the same ${FIXED_RATE} req/s; ${median(pairFigures[3]!.ratio).toFixed(2)}× at ${TOGETHER_RATE} req/s each at the same time)`)
    }
    if (withLog) {
      const first = estimatePairs.length
      const infoRatio = median(pairFigures[first]!.ratio)
      targets.push(`at info within 10% of warn: ${infoRatio <= 1.1 ? 'met' : 'MISSED'} (${infoRatio.toFixed(2)}×; ${median(pairFigures[first + 1]!.ratio).toFixed(2)}× at the same ${FIXED_RATE} req/s; ${median(pairFigures[first + 2]!.ratio).toFixed(2)}× at ${TOGETHER_RATE} req/s each at the same time)`)
    }
    if (withCompare) {
      console.log('\n| /compare with a daily volume | answer bytes | CPU µs per candidate | per candidate ÷ at 10 |')
      console.log('|---|---|---|---|')
      for (const [index, entry] of compares.entries()) {
        const ratios = compareFigures[index]!.map((value, round) => value / compareFigures[0]![round]!)
        console.log(`| ${entry.candidates} candidates | ${compareBytes[entry.candidates as 10 | 100 | 500]} | ${spread(compareFigures[index]!, 1)} | ${spread(ratios, 2)}× |`)
      }
      const perCandidate500 = median(compareFigures[2]!.map((value, round) => value / compareFigures[0]![round]!))
      targets.push(`/compare 500 answer ≤ 600 KB: ${compareBytes[500] <= 600_000 ? 'met' : 'MISSED'} (${compareBytes[500]} B)`)
      targets.push(`CPU per candidate at 500 ≤ 1.25× at 10: ${perCandidate500 <= 1.25 ? 'met' : 'MISSED'} (${perCandidate500.toFixed(2)}×)`)
    }
    if (targets.length > 0) console.log(`\ntargets: ${targets.join('; ')}`)

    if (!withMemory) return
    // Memory: loaded, then the heap check.
    const peak = memoryBytes(warn.pid).peakRss
    console.log(`\n## Memory\n- loaded RSS right after a 500-candidate /compare run: ${loadedRss.length > 0 ? spread(loadedRss, 1) : 'n/a (compare not run)'} MB; peak RSS of the run: ${megabytes(peak).toFixed(1)} MB`)
    const heapBefore = await settledHeapBytes(warn)
    const soakBegun = performance.now()
    const soak = await autocannon({ url: warn.url, requests: [...bodies.batch, ...bodies.serving], connections: CONNECTIONS, amount: SOAK_REQUESTS, timeout: 30 })
    const soakSeconds = (performance.now() - soakBegun) / 1000
    const heapAfter = await settledHeapBytes(warn)
    const growth = (heapAfter - heapBefore) / heapBefore
    console.log(`- heap check: ${SOAK_REQUESTS} more /estimate requests (${(soak.requests.total / soakSeconds).toFixed(0)} req/s, ${soak.errors + soak.timeouts} errors, ${soak.non2xx} non-2xx); heap used after a forced GC (median of 3) ${megabytes(heapBefore).toFixed(1)} → ${megabytes(heapAfter).toFixed(1)} MB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%): ${growth <= 0.1 ? 'no growth beyond 10%' : 'GREW beyond 10% (a leak?)'}`)
  } finally {
    await Promise.all([warn, info, warnTwin, baseline].map((server) => server?.stop()))
  }
}

async function main() {
  console.log(`# npm run bench — ${new Date().toISOString()}, Node ${process.version}, ${ROUNDS} interleaved rounds, ${RUN_S} s per run, ${CONNECTIONS} connections, loopback`)
  console.log('Figures are median (min–max) over the rounds; CPU is the server process\'s user + system time.\n')
  await build({ entryPoints: [`${ROOT}/scripts/bench-baseline.ts`], outfile: `${ROOT}/dist/bench-baseline.mjs`, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' })

  if (runs('start')) {
    const starts = await coldStarts()
    console.log('## Start')
    console.log('| figure | service (bundled) | bare Fastify | service ÷ bare |')
    console.log('|---|---|---|---|')
    console.log(`| cold start to first /healthz 200, ms | ${spread(starts.serviceMs)} | ${spread(starts.bareMs)} | ${spread(starts.ratio, 2)}× |`)
    console.log(`| CPU used up to the first /healthz 200, ms | ${spread(starts.serviceCpuMs)} | ${spread(starts.bareCpuMs)} | ${spread(starts.cpuRatio, 2)}× |`)
    console.log(`| idle RSS after start and a forced GC, MB | ${spread(starts.serviceRss, 1)} | ${spread(starts.bareRss, 1)} | |`)
    console.log(`| cold start to the first /estimate answered, ms | ${spread(starts.firstEstimateMs)} | | |`)
    console.log(`targets: cold start ≤ 2× bare: ${median(starts.ratio) <= 2 ? 'met' : 'MISSED'}; idle RSS ≤ 90 MB: ${median(starts.serviceRss) <= 90 ? 'met' : 'MISSED'}\n`)
  }

  if (runs('load')) await loadSection()

  if (runs('serialization')) {
    console.log(`\n## Serialization per answer (in-process, ${ROUNDS} interleaved rounds)`)
    for (const line of benchSerialization(ROUNDS)) console.log(line)
  }

  if (runs('serving')) benchServing()
  if (!runs('estimator')) return

  // The estimator alone: no HTTP, no serialization.
  const catalog = loadCatalogSet().get()!
  const estimateBodies = batchEstimateBodies(64)
  const compare10 = compareBodies(8, 10)
  let next = 0
  const bench = new Bench({ time: 500 })
  bench.add('estimate()', () => estimate(catalog, estimateBodies[next++ % estimateBodies.length]!)).add('compare() of 10 candidates', () => compare(catalog, compare10[next++ % compare10.length]!))
  await bench.run()
  console.log('\n## Estimator alone (tinybench, no HTTP)')
  console.log('| task | mean µs |')
  console.log('|---|---|')
  for (const task of bench.tasks) {
    const mean = (task.result as { latency?: { mean: number } } | undefined)?.latency?.mean
    console.log(`| ${task.name} | ${mean === undefined ? 'n/a' : (mean * 1000).toFixed(1)} |`)
  }
}

await main()
process.exit(0)
