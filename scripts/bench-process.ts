// The bench's server processes: start one on a free loopback port, time its start, and read its CPU
// time and memory from /proc (Linux), so a figure is what the server spent, not what the load
// generator saw. Every process is started with --expose-gc and scripts/bench-gc-hook.mjs, so the
// bench can collect garbage in it (a message on an IPC channel) before sampling memory.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './free-port.js'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
const START_TIMEOUT_MS = 30_000

export interface ServerProcess {
  child: ChildProcess
  pid: number
  port: number
  url: string
  /** Milliseconds from spawn to the first 200 on the probe. */
  startMs: number
  /** Lines the process wrote to stdout so far (its log lines). */
  stdoutLines: () => number
  stop: () => Promise<void>
}

/** CPU microseconds (user + system) the process has used so far. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND
}

/** Resident set size now and its peak so far, in bytes. */
export function memoryBytes(pid: number): { rss: number; peakRss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kilobytes = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024
  return { rss: kilobytes('VmRSS'), peakRss: kilobytes('VmHWM') }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Collects garbage in the process (twice, so finalizers' garbage goes too). */
export async function collectGarbage(server: ServerProcess): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    const done = new Promise<void>((resolve) => server.child.once('message', () => resolve()))
    server.child.send('gc')
    await done
    await sleep(20)
  }
}

/**
 * Spawns `node <args>` with the bench's environment and polls `probe` every 2 ms until it answers
 * 200. The poll runs in this process, so its cost is the same for every server measured.
 */
export async function startServer(args: string[], env: Record<string, string>, probe = '/healthz'): Promise<ServerProcess> {
  const port = await freePort()
  const begun = performance.now()
  // Log lines go through a pipe, as they do to a container runtime, read by a process of its own
  // (cat into a file): read here, they would take CPU from the load generator beside them, and
  // the server would be measured at a lower request rate than a quiet one (CPU per request grows
  // as the rate falls). They are counted from the file between runs.
  const logFile = join(mkdtempSync(join(tmpdir(), 'bench-log-')), 'stdout.log')
  const sink = spawn('sh', ['-c', 'exec cat > "$0"', logFile], { stdio: ['pipe', 'ignore', 'inherit'] })
  const child = spawn(process.execPath, ['--expose-gc', '--import', './scripts/bench-gc-hook.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', sink.stdin!, 'inherit', 'ipc']
  })
  const lines = () => {
    const text = readFileSync(logFile)
    let count = 0
    for (let index = text.indexOf(10); index !== -1; index = text.indexOf(10, index + 1)) count++
    return count
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('exit', () => sink.stdin!.end())
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
  }
  while (performance.now() - begun < START_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`node ${args.join(' ')} exited with ${child.exitCode}`)
    try {
      const answer = await fetch(`${url}${probe}`)
      await answer.arrayBuffer()
      if (answer.ok) return { child, pid: child.pid!, port, url, startMs: performance.now() - begun, stdoutLines: lines, stop }
    } catch {
      /* not listening yet */
    }
    await sleep(2)
  }
  await stop()
  throw new Error(`node ${args.join(' ')} did not answer ${probe} within ${START_TIMEOUT_MS} ms`)
}
