// src/server.ts as a real process: refuses bad configuration, serves, and on SIGTERM lets an
// in-flight request finish before exiting 0.
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CATALOG_DIR } from '../src/catalog/index.js'

function startServer(env: Record<string, string> = {}): { child: ChildProcess; port: Promise<number>; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = out.match(/listening at http:\/\/127\.0\.0\.1:(\d+)/)
      if (m) resolve(Number(m[1]))
    })
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', () => reject(new Error(`server exited early:\n${out}`)))
  })
  port.catch(() => undefined) // awaited only by tests that expect the server to come up
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, port, exit, output: () => out }
}

describe('server process', () => {
  it('refuses to start on bad configuration, naming the variable', async () => {
    const { exit, output } = startServer({ PORT: 'eighty' })
    expect(await exit).toBe(1)
    expect(output()).toMatch(/refusing to start: invalid configuration[\s\S]*PORT="eighty"/)
  })

  it('warns at start about a variable that looks like a misspelling of one it reads', async () => {
    const { child, port, exit, output } = startServer({ SHUTDOWN_GRACE_M: '1' })
    await port
    // The start-up lines are flushed together once it listens.
    for (let wait = 0; wait < 50 && !output().includes('SHUTDOWN_GRACE_M'); wait++) await new Promise((resolve) => setTimeout(resolve, 100))
    child.kill('SIGINT')
    await exit
    const line = output().split('\n').find((text) => text.includes('"variable":"SHUTDOWN_GRACE_M"'))
    expect(line, output()).toBeDefined()
    expect(JSON.parse(line!)).toMatchObject({ level: 40, variable: 'SHUTDOWN_GRACE_M', didYouMean: 'SHUTDOWN_GRACE_MS' })
  })

  it('refuses to start on a broken catalog, naming the file, the entry and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-catalog-'))
    cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true })
    const version = readdirSync(dir)[0]!
    const file = join(dir, version, 'hardware.json')
    const hardware = JSON.parse(readFileSync(file, 'utf8'))
    hardware.find((h: { id: string }) => h.id === 'h100-sxm').bandwidthGBps = -1
    writeFileSync(file, JSON.stringify(hardware))
    const { exit, output } = startServer({ CATALOG_DIR: dir })
    expect(await exit).toBe(1)
    expect(output()).toMatch(/refusing to start: invalid catalog[\s\S]*hardware\.json: entry "h100-sxm" \(index \d+\): field \/bandwidthGBps/)
  })

  it('finishes an in-flight request after SIGTERM, then exits 0', async () => {
    const { child, port, exit, output } = startServer({ SHUTDOWN_GRACE_MS: '5000', SHUTDOWN_READINESS_DELAY_MS: '0' })
    const p = await port
    const body = JSON.stringify({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 100, outputTokens: 10 })
    const half = Math.floor(body.length / 2)
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: p, path: '/estimate', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = ''
        res.on('data', (d) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      req.on('error', reject)
      req.write(body.slice(0, half))
      // The request is now in flight: half its body has arrived.
      setTimeout(() => {
        child.kill('SIGTERM')
        setTimeout(() => req.end(body.slice(half)), 300)
      }, 200)
    })
    const res = await response
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body).memory.fits).toBe(true)
    expect(await exit).toBe(0)
    expect(output()).toContain('shutting down')
  })

  it('SIGINT gives in-flight requests SHUTDOWN_GRACE_MS, not that plus the readiness delay, and says so in a log line when they overrun it', async () => {
    const { child, port, exit, output } = startServer({ SHUTDOWN_GRACE_MS: '1000', SHUTDOWN_READINESS_DELAY_MS: '5000' })
    const p = await port
    // A request whose body never finishes arriving holds the close open.
    const req = request({ host: '127.0.0.1', port: p, path: '/estimate', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 1000 } })
    req.on('error', () => undefined)
    req.write('{"model":')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = Date.now()
    child.kill('SIGINT')
    expect(await exit).toBe(1)
    const tookMs = Date.now() - started
    expect(tookMs).toBeGreaterThanOrEqual(900)
    expect(tookMs).toBeLessThan(4000)
    const line = output().split('\n').find((text) => text.includes('did not finish within SHUTDOWN_GRACE_MS'))
    expect(JSON.parse(line!)).toMatchObject({ level: 50, signal: 'SIGINT', graceMs: 1000 })
    req.destroy()
  })

  it('on SIGTERM: /readyz says 503 for the readiness delay while requests are served with Connection: close, then the listener closes', async () => {
    const readinessDelayMs = 1500
    const { child, port, exit, output } = startServer({ SHUTDOWN_GRACE_MS: '3000', SHUTDOWN_READINESS_DELAY_MS: String(readinessDelayMs) })
    const p = await port
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: p, path, headers }, (res) => {
          let text = ''
          res.on('data', (d) => (text += d))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
        })
        req.on('error', reject)
        req.end()
      })
    expect((await get('/readyz')).status).toBe(200)
    const signalledAt = Date.now()
    child.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 300))
    const ready = await get('/readyz', { 'x-request-id': 'drain-probe' })
    expect(ready.status).toBe(503)
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(ready.headers['retry-after']).toBe('1')
    expect(ready.headers['x-request-id']).toBe('drain-probe')
    const served = await get('/models/llama-2-7b')
    expect(served.status).toBe(200)
    expect(served.headers.connection).toBe('close')
    expect(Date.now() - signalledAt).toBeLessThan(readinessDelayMs)
    await new Promise((r) => setTimeout(r, readinessDelayMs + 300 - (Date.now() - signalledAt)))
    await expect(get('/healthz')).rejects.toThrow(/ECONNREFUSED/)
    expect(await exit).toBe(0)
    expect(output()).toContain('draining')
  })
})
