// The service behind a real nginx (Debian's package) under the path prefix /llm-calc/, with two
// replicas upstream: the calculator page and Swagger UI load through the prefix in Chromium and
// "Try it out" answers 200; SIGTERM to one replica while a bounded load runs yields no 5xx.
// nginx runs as this test's own process, with a temporary prefix and config on free loopback
// ports. The suite fails (never skips) when nginx or the browser cannot start.
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/free-port.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'
const PREFIX = '/llm-calc'
const READINESS_DELAY_MS = 1000

interface Replica {
  port: number
  process: ChildProcess
  exited: Promise<number | null>
}

let nginx: ChildProcess | undefined
let nginxDir = ''
let gateway = ''
let browser: Browser
const replicas: Replica[] = []

async function waitFor(url: string, what: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${what} did not come up at ${url}`)
}

async function startReplica(): Promise<Replica> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '127.0.0.1',
      SHUTDOWN_READINESS_DELAY_MS: String(READINESS_DELAY_MS),
      SHUTDOWN_GRACE_MS: '3000'
    },
    stdio: 'ignore'
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { port, process: child, exited }
}

/** The nginx configuration a gateway would use: prefix stripped, X-Forwarded-* set, upstream keep-alive. */
function nginxConfig(dir: string, listenPort: number, upstreamPorts: number[]) {
  return `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { text/html html; application/javascript js; text/css css; }
  upstream llm_calc {
${upstreamPorts.map((port) => `    server 127.0.0.1:${port};`).join('\n')}
    keepalive 16;
    keepalive_timeout 60s;
  }
  # Compress JSON answers (a 500-candidate /compare of ~510 KB is ~53 KB at gzip level 1).
  gzip on;
  gzip_proxied any;
  gzip_types application/json application/problem+json;
  # The service's BODY_LIMIT_BYTES (1 MiB by default): nginx refuses a larger body itself (413), before
  # streaming it to a replica that would close the connection half-way (nginx then answers 502 and
  # counts the replica as failed).
  client_max_body_size 1m;
  server {
    listen 127.0.0.1:${listenPort};
    # Metrics are for the scraper inside the cluster, not for the world.
    location ${PREFIX}/metrics { deny all; }
    location ${PREFIX}/ {
      proxy_pass http://llm_calc/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Prefix ${PREFIX};
      # A replica that is closing may reset a connection nginx just opened, or answer 503: try the
      # other one. POST /estimate and /compare are pure, so retrying them (non_idempotent) is safe.
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
    }
  }
}
`
}

beforeAll(async () => {
  replicas.push(await startReplica(), await startReplica())
  await Promise.all(replicas.map((replica) => waitFor(`http://127.0.0.1:${replica.port}/readyz`, 'replica')))
  nginxDir = mkdtempSync(join(tmpdir(), 'llm-calc-nginx-'))
  chmodSync(nginxDir, 0o755)
  const listenPort = await freePort()
  writeFileSync(join(nginxDir, 'nginx.conf'), nginxConfig(nginxDir, listenPort, replicas.map((replica) => replica.port)))
  nginx = spawn(NGINX, ['-p', nginxDir, '-c', join(nginxDir, 'nginx.conf'), '-e', join(nginxDir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let nginxErrors = ''
  nginx.stderr!.on('data', (chunk: Buffer) => (nginxErrors += chunk.toString()))
  gateway = `http://127.0.0.1:${listenPort}${PREFIX}`
  await waitFor(`${gateway}/healthz`, `nginx (${nginxErrors})`)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  nginx?.kill('SIGQUIT')
  for (const replica of replicas) replica.process.kill('SIGINT')
  if (nginxDir) rmSync(nginxDir, { recursive: true, force: true })
})

describe('behind nginx under a path prefix', () => {
  it('compresses JSON, refuses an oversized body at the gateway without failing a replica, and keeps /metrics inside', async () => {
    const spec = await fetch(`${gateway}/openapi.json`, { headers: { 'accept-encoding': 'gzip' } })
    expect(spec.status).toBe(200)
    expect(spec.headers.get('content-encoding')).toBe('gzip')
    const big = await fetch(`${gateway}/estimate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'x'.repeat(1_200_000) }) })
    expect(big.status).toBe(413)
    // Both replicas still answer through the gateway.
    for (let request = 0; request < 4; request++) expect((await fetch(`${gateway}/healthz`)).status).toBe(200)
    expect((await fetch(`${gateway}/metrics`)).status).toBe(403)
    expect((await fetch(`http://127.0.0.1:${replicas[0]!.port}/metrics`)).status).toBe(200)
  })

  it('serves the OpenAPI document with the prefix as its server, and problems with prefixed URIs', async () => {
    const spec = await (await fetch(`${gateway}/openapi.json`)).json()
    expect(spec.servers[0].url).toBe(PREFIX)
    const problem = await fetch(`${gateway}/models/no-such-model`)
    expect(problem.status).toBe(404)
    expect(await problem.json()).toMatchObject({ type: `${PREFIX}/problems/not-found`, instance: `${PREFIX}/models/no-such-model` })
    const redirect = await fetch(`${gateway}/docs`, { redirect: 'manual' })
    expect(redirect.headers.get('location')).toBe(`${PREFIX}/docs/`)
  })

  it('the calculator page loads everything through the prefix', async () => {
    const page = await browser.newPage()
    const requested: string[] = []
    const failed: string[] = []
    page.on('request', (request) => requested.push(new URL(request.url()).pathname))
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`)
    })
    await page.goto(`${gateway}/`)
    await page.waitForSelector('body[data-ready="true"][data-estimate-state="done"]', { timeout: 15_000 })
    expect(failed).toEqual([])
    expect(requested.length).toBeGreaterThan(2)
    for (const path of requested) expect(path, path).toMatch(new RegExp(`^${PREFIX}/`))
    await page.close()
  })

  it('Swagger UI loads at /docs and "Try it out" on POST /estimate answers 200 through the prefix', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    const requested: string[] = []
    page.on('request', (request) => requested.push(new URL(request.url()).pathname))
    await page.goto(`${gateway}/docs`)
    expect(new URL(page.url()).pathname).toBe(`${PREFIX}/docs/`)
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 15_000 })
    const operation = page.locator('#operations-estimate-estimate')
    await operation.locator('.opblock-summary').first().click()
    // Swagger UI opens operations in "Try it out" mode (tryItOutEnabled); press it when it does not.
    const tryItOut = operation.getByRole('button', { name: 'Try it out' })
    if (await tryItOut.isVisible()) await tryItOut.click()
    // Our own body, so this checks the routing through the prefix whatever examples the document has.
    const body = operation.locator('textarea.body-param__text')
    await body.fill(JSON.stringify({ model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200 }))
    const answered = page.waitForResponse((response) => response.request().method() === 'POST')
    await operation.locator('.execute').click()
    const response = await answered
    expect(new URL(response.url()).pathname).toBe(`${PREFIX}/estimate`)
    expect(response.status()).toBe(200)
    await expect.poll(() => operation.locator('.live-responses-table tbody .response-col_status').first().innerText()).toBe('200')
    for (const path of requested) expect(path, path).toMatch(new RegExp(`^${PREFIX}/`))
    await page.close()
  })

  it('SIGTERM to one of two replicas under load: no 5xx, no failed request', async () => {
    const statuses = new Map<number, number>()
    let networkErrors = 0
    let running = true
    const body = JSON.stringify({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 500, outputTokens: 100 })
    const worker = async (index: number) => {
      for (let n = 0; running; n++) {
        try {
          const res = (index + n) % 3 === 0 ? await fetch(`${gateway}/models`) : await fetch(`${gateway}/estimate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          await res.arrayBuffer()
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        } catch {
          networkErrors++
        }
      }
    }
    const connections = 8
    const load = Promise.all(Array.from({ length: connections }, (_, index) => worker(index)))
    await new Promise((resolve) => setTimeout(resolve, 500))
    const stopped = replicas[0]!
    stopped.process.kill('SIGTERM')
    const exitCode = await stopped.exited
    await new Promise((resolve) => setTimeout(resolve, 500))
    running = false
    await load
    const total = [...statuses.values()].reduce((sum, count) => sum + count, 0)
    const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0)
    const upstreamLog = readFileSync(join(nginxDir, 'error.log'), 'utf8')
    console.warn(`gateway drain: ${total} requests through nginx, ${serverErrors} 5xx, ${networkErrors} network errors, statuses ${JSON.stringify(Object.fromEntries(statuses))}`)
    expect(exitCode).toBe(0)
    expect(total).toBeGreaterThan(100)
    expect(serverErrors, upstreamLog).toBe(0)
    expect(networkErrors).toBe(0)
    expect([...statuses.keys()]).toEqual([200])
  })
})
