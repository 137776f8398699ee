// Swagger UI at /docs/ (src/plugins/docs-ui.ts): @fastify/swagger-ui is loaded on the first request
// to /docs instead of at start, and its answers reach the client as the plugin builds them, with
// this service's headers, not-found and error handling around them.
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.js'

const STATIC_DIR = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static')

describe('Swagger UI at /docs/', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildTestApp()
  })
  afterAll(async () => {
    await app.close()
  })

  it('is not loaded at start, only on the first request to /docs', () => {
    // A process of its own: in this one another test file may have loaded the plugin already.
    const script = `
      import { createRequire } from 'node:module'
      import { buildTestApp } from './test/helpers/app.ts'
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('swagger-ui'))
      const app = await buildTestApp()
      const atStart = loaded()
      const page = await app.inject({ url: '/docs/' })
      console.log(JSON.stringify({ atStart, status: page.statusCode, afterDocs: loaded() }))
      await app.close()`
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({ atStart: false, status: 200, afterDocs: true })
  })

  it('answers requests that arrive together before it is loaded', async () => {
    const fresh = await buildTestApp()
    try {
      const answers = await Promise.all(['/docs/', '/docs/static/swagger-ui.css', '/docs/static/swagger-initializer.js', '/docs/yaml', '/docs/'].map((url) => fresh.inject({ url })))
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200])
    } finally {
      await fresh.close()
    }
  })

  it('serves the page with this service security headers and request id', async () => {
    const page = await app.inject({ url: '/docs/', headers: { 'x-request-id': 'docs-page' } })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('./static/swagger-ui-bundle.js')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['x-request-id']).toBe('docs-page')
    expect(page.headers['content-length']).toBe(String(page.rawPayload.length))
  })

  it('/openapi.json carries an ETag and answers 304 to it (clients revalidate instead of downloading 170 KB again)', async () => {
    const first = await app.inject({ url: '/openapi.json' })
    expect(first.statusCode).toBe(200)
    expect(first.headers.etag).toMatch(/^"/)
    expect(first.headers['cache-control']).toBe('no-cache')
    const again = await app.inject({ url: '/openapi.json', headers: { 'if-none-match': String(first.headers.etag) } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  it('serves Swagger UI files unchanged, with ETag, 304, ranges and HEAD', async () => {
    const onDisk = readFileSync(join(STATIC_DIR, 'swagger-ui.css'))
    const file = await app.inject({ url: '/docs/static/swagger-ui.css' })
    expect(file.statusCode).toBe(200)
    expect(file.rawPayload.equals(onDisk)).toBe(true)
    expect(file.headers['content-type']).toBe('text/css; charset=utf-8')
    expect(file.headers['content-length']).toBe(String(onDisk.length))
    expect(file.headers['cache-control']).toBe('public, max-age=0')
    expect(file.headers['last-modified']).toBe(statSync(join(STATIC_DIR, 'swagger-ui.css')).mtime.toUTCString())
    expect(file.headers.etag).toMatch(/^W\/"/)
    expect(file.headers.connection).toBe('keep-alive')

    const notModified = await app.inject({ url: '/docs/static/swagger-ui.css', headers: { 'if-none-match': String(file.headers.etag) } })
    expect(notModified.statusCode).toBe(304)
    expect(notModified.rawPayload.length).toBe(0)
    expect(notModified.headers['content-length']).toBeUndefined()

    const range = await app.inject({ url: '/docs/static/swagger-ui.css', headers: { range: 'bytes=10-19' } })
    expect(range.statusCode).toBe(206)
    expect(range.headers['content-range']).toBe(`bytes 10-19/${onDisk.length}`)
    expect(range.rawPayload.equals(onDisk.subarray(10, 20))).toBe(true)

    const head = await app.inject({ method: 'HEAD', url: '/docs/static/swagger-ui.css' })
    expect(head.statusCode).toBe(200)
    expect(head.rawPayload.length).toBe(0)
    expect(head.headers['content-length']).toBe(String(onDisk.length))
  })

  it('answers a missing file and an unsatisfiable range with this service problem documents', async () => {
    const missing = await app.inject({ url: '/docs/static/no-such-file.js', headers: { 'x-request-id': 'docs-missing' } })
    expect(missing.statusCode).toBeGreaterThanOrEqual(404)
    expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(missing.json()).toMatchObject({ instance: '/docs/static/no-such-file.js', requestId: 'docs-missing' })

    const unsatisfiable = await app.inject({ url: '/docs/static/swagger-ui.css', headers: { range: 'bytes=999999999-' } })
    expect(unsatisfiable.statusCode).toBe(416)
    expect(unsatisfiable.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(unsatisfiable.json()).toMatchObject({ status: 416, detail: 'Range Not Satisfiable' })
  })

  it('redirects the static index.html to the page', async () => {
    const redirect = await app.inject({ url: '/docs/static/index.html' })
    expect(redirect.statusCode).toBe(302)
    expect(redirect.headers.location).toBe('/docs/')
  })

  it('serves the document as JSON and YAML, with servers relative to /docs/', async () => {
    const json = await app.inject({ url: '/docs/json' })
    const yamlAnswer = await app.inject({ url: '/docs/yaml' })
    expect(yamlAnswer.headers['content-type']).toBe('application/x-yaml')
    const document = json.json()
    expect(document.servers).toEqual([expect.objectContaining({ url: '..' })])
    expect(parse(yamlAnswer.body)).toEqual(document)
    expect(document.paths['/estimate']).toBeDefined()
  })
})
