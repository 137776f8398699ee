// The service under a gateway's path prefix: PUBLIC_BASE_PATH, or X-Forwarded-Prefix from a
// trusted proxy, prefixes the OpenAPI servers, redirects and problem URIs (app.inject comes
// from 127.0.0.1).
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { forwardedPrefix, normaliseBasePath } from '../../src/plugins/base-path.js'
import { buildTestApp, shippedCatalogs } from '../helpers/app.js'

/** The servers of the generated document (what the swagger plugin gives it). */
const documentServers = (app: FastifyInstance) => (app.swagger() as { servers?: unknown }).servers

describe('normaliseBasePath and forwardedPrefix', () => {
  it('drop trailing slashes and accept the root', () => {
    expect(normaliseBasePath('/llm-calc/')).toBe('/llm-calc')
    expect(normaliseBasePath('/llm-calc')).toBe('/llm-calc')
    expect(normaliseBasePath('/a/b/')).toBe('/a/b')
    expect(normaliseBasePath('/')).toBe('')
    expect(normaliseBasePath('')).toBe('')
  })
  it('refuse what is not a plain absolute path', () => {
    for (const bad of ['llm-calc', 'https://evil.example/x', '//evil.example', '/a/../b', '/a b', '/a"b', '/<script>', `/${'x'.repeat(300)}`]) {
      expect(normaliseBasePath(bad), bad).toBeUndefined()
    }
  })
  it('join one value per proxy, outermost first', () => {
    expect(forwardedPrefix('/outer, /inner/')).toBe('/outer/inner')
    expect(forwardedPrefix(['/outer', '/inner'])).toBe('/outer/inner')
    expect(forwardedPrefix(undefined)).toBeUndefined()
    expect(forwardedPrefix('/ok, https://evil.example')).toBeUndefined()
  })
})

describe('PUBLIC_BASE_PATH', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildTestApp({ PUBLIC_BASE_PATH: '/llm-calc/' })
  })
  afterAll(() => app.close())

  it('is the server of the served OpenAPI document, at both document routes', async () => {
    for (const url of ['/openapi.json', '/docs/json']) {
      const res = await app.inject({ url })
      expect(res.statusCode, url).toBe(200)
      expect(res.json().servers, url).toEqual([{ url: '/llm-calc', description: expect.any(String) }])
      expect(res.json().paths['/estimate'], url).toBeDefined()
    }
  })
  it('prefixes problem type and instance URIs', async () => {
    const res = await app.inject({ method: 'POST', url: '/estimate', payload: { model: 'llama-2-7b', promptToken: 3 } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ type: '/llm-calc/problems/validation-error', instance: '/llm-calc/estimate' })
    const described = await app.inject({ url: '/problems/validation-error' })
    expect(described.json().type).toBe('/llm-calc/problems/validation-error')
    expect(described.headers['cache-control']).toBe('public, max-age=300, must-revalidate')
  })
  it('redirects /docs to /docs/ and Swagger UI redirects under the prefix', async () => {
    const docs = await app.inject({ url: '/docs' })
    expect(docs.statusCode).toBe(301)
    expect(docs.headers.location).toBe('/llm-calc/docs/')
    const staticIndex = await app.inject({ url: '/docs/static/index.html' })
    expect(staticIndex.statusCode).toBe(302)
    expect(staticIndex.headers.location).toBe('/llm-calc/docs/')
  })
  it('the calculator page links its assets, the docs and the document by relative URLs', async () => {
    const res = await app.inject({ url: '/' })
    expect(res.statusCode).toBe(200)
    const links = [...res.body.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]!).filter((link) => !link.startsWith('data:'))
    expect(links).toEqual(expect.arrayContaining(['assets/app.js', 'assets/style.css', 'vendor/chart.umd.min.js', 'docs/', 'openapi.json']))
    for (const link of links) expect(link, link).not.toMatch(/^\/|^[a-z]+:/)
    for (const link of links) expect((await app.inject({ url: `/${link}` })).statusCode, link).toBe(200)
  })
  it('Swagger UI at /docs/ loads its assets by relative URLs', async () => {
    const res = await app.inject({ url: '/docs/' })
    expect(res.statusCode).toBe(200)
    const sources = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(sources.length).toBeGreaterThan(3)
    for (const source of sources) expect(source, source).toMatch(/^\.\/static\//)
  })
})

describe('X-Forwarded-Prefix', () => {
  it('is believed from a trusted proxy and overrides PUBLIC_BASE_PATH', async () => {
    const app = await buildTestApp({ TRUST_PROXY: '127.0.0.1', PUBLIC_BASE_PATH: '/configured' })
    try {
      const spec = await app.inject({ url: '/openapi.json', headers: { 'x-forwarded-prefix': '/llm-calc/' } })
      expect(spec.json().servers[0].url).toBe('/llm-calc')
      const missing = await app.inject({ url: '/models/no-such-model', headers: { 'x-forwarded-prefix': '/llm-calc' } })
      expect(missing.json()).toMatchObject({ type: '/llm-calc/problems/not-found', instance: '/llm-calc/models/no-such-model' })
      const plain = await app.inject({ url: '/openapi.json' })
      expect(plain.json().servers[0].url).toBe('/configured')
      const malformed = await app.inject({ url: '/openapi.json', headers: { 'x-forwarded-prefix': 'https://evil.example/' } })
      expect(malformed.json().servers[0].url).toBe('/configured')
    } finally {
      await app.close()
    }
  })
  it('is ignored from an untrusted peer, which is named in a warning', async () => {
    const lines: string[] = []
    const app = await buildApp(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }), {
      catalogs: shippedCatalogs(),
      logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } }
    })
    try {
      const spec = await app.inject({ url: '/openapi.json', headers: { 'x-forwarded-prefix': '/llm-calc', 'x-forwarded-for': '203.0.113.9' } })
      expect(spec.json().servers).toEqual(documentServers(app))
      await app.inject({ url: '/healthz', headers: { 'x-forwarded-for': '203.0.113.9' } })
      const warnings = lines.map((line) => JSON.parse(line)).filter((entry) => /X-Forwarded-For arrived from 127\.0\.0\.1/.test(entry.msg))
      expect(warnings).toHaveLength(1)
      expect(warnings[0].msg).toContain('TRUST_PROXY')
    } finally {
      await app.close()
    }
  })
  it('without any prefix the served document keeps its own servers, and problems their plain URIs', async () => {
    const app = await buildTestApp()
    try {
      expect((await app.inject({ url: '/openapi.json' })).json().servers).toEqual(documentServers(app))
      expect((await app.inject({ url: '/nope' })).json()).toMatchObject({ type: '/problems/not-found', instance: '/nope' })
    } finally {
      await app.close()
    }
  })
})
