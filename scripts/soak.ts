// npm run soak: the figures behind deploy/kubernetes' resource requests and limits. Builds and
// starts the compiled server (as the image runs it), drives it at saturation with autocannon
// (a mix of /estimate, /compare of 10, 100 and 500 candidates, and catalog reads) for SOAK_DURATION_S,
// and samples the process's resident memory and CPU time from /proc every 250 ms. Linux only;
// loopback only; bounded by the duration; stops its server.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { freePort } from './free-port.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DURATION_S = Number(process.env.SOAK_DURATION_S ?? 60)
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 16)
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim())

/** Resident bytes and CPU seconds (user + system) of one process, from /proc. */
function sample(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
  const residentBytes = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES
  return { cpuSeconds, residentBytes }
}

const hardware = ['a100-80gb', 'h100-sxm', 'l40s', 'h200', 'rtx-4090', 'mi300x', 'b200', 'l4', 'a100-40gb', 'h100-pcie']
const models = ['llama-2-7b', 'llama-2-13b', 'llama-3.1-8b', 'mistral-7b', 'qwen2.5-7b', 'llama-2-70b', 'mixtral-8x7b', 'gemma-2-9b', 'phi-3-mini', 'qwen2.5-72b']
const candidates = (count: number) => Array.from({ length: count }, (_, i) => ({ model: models[i % 10]!, hardware: hardware[Math.floor(i / 10) % 10]! }))
const json = (body: unknown) => ({ method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const REQUESTS = [
  { path: '/estimate', ...json({ model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 8 }) },
  { path: '/estimate', ...json({ model: '7B', hardware: 'GPU', promptTokens: 1000, outputTokens: 1000, batchSize: 2, deployment: 'local' }) },
  { path: '/compare', ...json({ workload: { promptTokens: 1000, outputTokens: 200, requestsPerDay: 100_000 }, candidates: candidates(10) }) },
  { path: '/compare', ...json({ workload: { promptTokens: 1000, outputTokens: 200 }, candidates: candidates(100) }) },
  // The largest comparison the service accepts (500 candidates, a ~3 MB answer): the memory worst case.
  { path: '/compare', ...json({ workload: { promptTokens: 1000, outputTokens: 200 }, candidates: candidates(500) }) },
  { path: '/models', method: 'GET' as const },
  { path: '/hardware/h100-sxm', method: 'GET' as const }
]

async function main() {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
  const port = await freePort()
  const server = spawn(process.execPath, ['dist/server.js'], { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] })
  const pid = server.pid!
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break
      } catch {
        if (attempt > 200) throw new Error('server did not start')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    const idle = sample(pid)
    const samples: { at: number; cpuSeconds: number; residentBytes: number }[] = []
    const timer = setInterval(() => samples.push({ at: Date.now(), ...sample(pid) }), 250)
    const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: DURATION_S, requests: REQUESTS, timeout: 10 })
    clearInterval(timer)
    const after = sample(pid)
    const cores = samples.slice(1).map((s, i) => (s.cpuSeconds - samples[i]!.cpuSeconds) / ((s.at - samples[i]!.at) / 1000))
    const sorted = [...cores].sort((a, b) => a - b)
    const mb = (bytes: number) => (bytes / 1e6).toFixed(0)
    console.log(`soak: ${DURATION_S} s, ${CONNECTIONS} connections, ${result.requests.total} requests (${result.requests.average.toFixed(0)} req/s), ${result.errors + result.timeouts} errors, ${result.non2xx} non-2xx`)
    console.log(`latency ms: p50 ${result.latency.p50}, p99 ${result.latency.p99}, max ${result.latency.max}`)
    console.log(`resident memory MB: idle ${mb(idle.residentBytes)}, peak ${mb(Math.max(...samples.map((s) => s.residentBytes)))}, after ${mb(after.residentBytes)}`)
    console.log(`CPU cores used: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)}, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(2)}, max ${sorted[sorted.length - 1]!.toFixed(2)}`)
  } finally {
    server.kill('SIGINT')
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
