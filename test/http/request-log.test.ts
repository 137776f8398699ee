// Request logging: one line per request with what an operator needs, probes and static assets
// silent at the default level, errors still logged.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { shippedCatalogs } from '../helpers/app.js'

interface LogLine {
  level: number
  msg: string
  reqId?: string
  method?: string
  route?: string
  url?: string
  statusCode?: number
  durationMs?: number
  clientAddress?: string
}

async function loggingApp(level: string, env: Record<string, string> = {}) {
  const lines: LogLine[] = []
  const app = await buildApp(loadConfig(env), { catalogs: shippedCatalogs(), logger: { level, stream: { write: (line: string) => lines.push(JSON.parse(line)) } } })
  app.get('/test-failure', { schema: { hide: true } }, async () => {
    throw new Error('a bug')
  })
  await app.ready()
  return { app, lines, of: (reqId: string) => lines.filter((line) => line.reqId === reqId) }
}

const ESTIMATE = { model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 100, outputTokens: 10 }

describe('request logging at info', () => {
  let app: FastifyInstance
  let of: (reqId: string) => LogLine[]
  beforeAll(async () => {
    ;({ app, of } = await loggingApp('info', { TRUST_PROXY: '10.0.0.1' }))
  })
  afterAll(() => app.close())

  it('writes one line per request: method, route, status, duration, request id and client address', async () => {
    const res = await app.inject({ method: 'POST', url: '/estimate', payload: ESTIMATE, headers: { 'x-request-id': 'estimate-1' } })
    expect(res.statusCode).toBe(200)
    const lines = of('estimate-1')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request', method: 'POST', route: '/estimate', statusCode: 200, clientAddress: '127.0.0.1' })
    expect(lines[0]!.durationMs).toBeGreaterThan(0)
    expect(lines[0]!.url).toBeUndefined()
  })

  it('names the client as resolved through a trusted proxy', async () => {
    await app.inject({ method: 'GET', url: '/models/llama-2-7b', remoteAddress: '10.0.0.1', headers: { 'x-request-id': 'proxied', 'x-forwarded-for': '203.0.113.7' } })
    await app.inject({ method: 'GET', url: '/models/llama-2-7b', remoteAddress: '10.0.0.2', headers: { 'x-request-id': 'untrusted', 'x-forwarded-for': '203.0.113.7' } })
    expect(of('proxied')).toMatchObject([{ route: '/models/:id', statusCode: 200, clientAddress: '203.0.113.7' }])
    expect(of('untrusted')).toMatchObject([{ statusCode: 200, clientAddress: '10.0.0.2' }])
  })

  it('logs client errors at info, with the raw URL when no route matched', async () => {
    await app.inject({ method: 'POST', url: '/estimate', payload: { ...ESTIMATE, promptTokens: -1 }, headers: { 'x-request-id': 'bad-body' } })
    await app.inject({ method: 'GET', url: '/no-such-route?x=1', headers: { 'x-request-id': 'no-route' } })
    expect(of('bad-body')).toMatchObject([{ level: 30, route: '/estimate', statusCode: 400 }])
    expect(of('no-route')).toMatchObject([{ level: 30, url: '/no-such-route?x=1', statusCode: 404 }])
  })

  it('logs a server error at error level: the error itself and the request line', async () => {
    const res = await app.inject({ method: 'GET', url: '/test-failure', headers: { 'x-request-id': 'failure' } })
    expect(res.statusCode).toBe(500)
    const lines = of('failure')
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [50, 'unhandled error'],
      [50, 'request']
    ])
    expect(lines[1]).toMatchObject({ route: '/test-failure', statusCode: 500 })
  })

  it('keeps probes, metrics, the page, its assets and the docs out of the log', async () => {
    for (const [index, url] of ['/healthz', '/readyz', '/metrics', '/', '/assets/app.js', '/openapi.json', '/docs/'].entries()) {
      const res = await app.inject({ method: 'GET', url, headers: { 'x-request-id': `quiet-${index}` } })
      expect(res.statusCode, url).toBeLessThan(400)
      expect(res.headers['x-request-id'], url).toBe(`quiet-${index}`)
      expect(of(`quiet-${index}`), url).toEqual([])
    }
  })
})

describe('request logging at debug', () => {
  it('logs probes and assets too, one line each', async () => {
    const { app, of } = await loggingApp('debug')
    try {
      for (const [index, url] of ['/healthz', '/readyz', '/assets/app.js'].entries()) {
        await app.inject({ method: 'GET', url, headers: { 'x-request-id': `debug-${index}` } })
        expect(of(`debug-${index}`), url).toMatchObject([{ level: 20, msg: 'request', route: expect.any(String), statusCode: 200 }])
      }
    } finally {
      await app.close()
    }
  })
})

describe('request logging at warn', () => {
  it('writes nothing for a successful request', async () => {
    const { app, lines } = await loggingApp('warn')
    try {
      await app.inject({ method: 'POST', url: '/estimate', payload: ESTIMATE })
      expect(lines).toEqual([])
    } finally {
      await app.close()
    }
  })
})
