// The bundle `npm start` and the image run (dist/server.js, built by scripts/build.mjs with
// esbuild): it starts, answers, finds the files it reads beside the source tree (catalog, page,
// Chart.js, Swagger UI's assets, package.json), and the CLI bundle runs. The build takes about a
// second, so the test always builds.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LOG_FLUSH_INTERVAL_MS } from '../src/plugins/log-destination.js'

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }

describe('the bundled server and CLI', () => {
  it('builds, starts, answers the probes, an estimate, the page and the docs, and stops on SIGTERM', async () => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'pipe' })
    const child = spawn(process.execPath, ['dist/server.js'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_READINESS_DELAY_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      const base = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          const match = output.match(/listening at (http:\/\/127\.0\.0\.1:\d+)/)
          if (match) resolve(match[1]!)
        })
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
        child.on('exit', () => reject(new Error(`the bundle exited early:\n${output}`)))
      })
      const health = await fetch(`${base}/healthz`)
      expect(health.status).toBe(200)
      expect(((await health.json()) as { version: string }).version).toBe(pkg.version)
      expect((await fetch(`${base}/readyz`)).status).toBe(200)
      const estimate = await fetch(`${base}/estimate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'bundle-test' },
        body: JSON.stringify({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 100, outputTokens: 10 })
      })
      expect(estimate.status).toBe(200)
      expect(((await estimate.json()) as { memory: { fits: boolean } }).memory.fits).toBe(true)
      for (const path of ['/', '/assets/app.js', '/vendor/chart.umd.min.js', '/docs/', '/docs/static/swagger-ui.css', '/openapi.json']) {
        const answer = await fetch(`${base}${path}`)
        expect(answer.status, path).toBe(200)
        expect((await answer.arrayBuffer()).byteLength, path).toBeGreaterThan(0)
      }
      // One log line for the estimate, none for the probes and assets. Lines are written in
      // batches, at the latest after LOG_FLUSH_INTERVAL_MS.
      const requestLinesNow = () => output.split('\n').filter((line) => line.includes('"msg":"request"'))
      for (const begun = Date.now(); requestLinesNow().length === 0 && Date.now() - begun < LOG_FLUSH_INTERVAL_MS + 1000; ) await new Promise((resolve) => setTimeout(resolve, 50))
      await new Promise((resolve) => setTimeout(resolve, 100))
      const requestLines = requestLinesNow()
      expect(requestLines).toHaveLength(1)
      expect(JSON.parse(requestLines[0]!)).toMatchObject({ reqId: 'bundle-test', route: '/estimate', statusCode: 200 })
      child.kill('SIGTERM')
      expect(await exit).toBe(0)
    } finally {
      child.kill('SIGKILL')
    }
    const cli = execFileSync(process.execPath, ['dist/cli/main.js', 'estimate', '--model', 'llama-2-7b', '--hardware', 'a100-80gb', '--prompt-tokens', '100', '--output-tokens', '10', '--json'], { encoding: 'utf8' })
    expect(JSON.parse(cli).model.id).toBe('llama-2-7b')
  }, 60_000)
})
