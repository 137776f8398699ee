// Operations: Prometheus metrics, security headers, rate limiting and load shedding.
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.js'

describe('GET /metrics', () => {
  it('counts requests and times them by route and status, with process metrics', async () => {
    const app = await buildTestApp()
    await app.inject({ method: 'GET', url: '/models' })
    await app.inject({ method: 'GET', url: '/models/no-such-model' })
    await app.inject({ method: 'POST', url: '/estimate', payload: { model: '7b', hardware: 'a100', promptTokens: 10, outputTokens: 10 } })
    const res = await app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    const text = res.body
    expect(text).toMatch(/http_request_duration_seconds_bucket\{.*method="GET".*route="\/models".*status_code="200".*\}/)
    expect(text).toMatch(/http_request_duration_seconds_count\{.*route="\/models\/:id".*status_code="404".*\} 1/)
    expect(text).toMatch(/http_request_duration_seconds_count\{.*method="POST".*route="\/estimate".*status_code="200".*\} 1/)
    expect(text).toMatch(/process_resident_memory_bytes \d+/)
    expect(text).toMatch(/nodejs_eventloop_lag_seconds/)
    // Which build and catalog this replica answers from.
    const ready = (await app.inject({ url: '/readyz' })).json() as { catalog: { defaultVersion: string; sha256: string } }
    const { SERVICE_VERSION } = await import('../../src/version.js')
    expect(text).toContain(`llm_calc_build_info{version="${SERVICE_VERSION}",catalog_version="${ready.catalog.defaultVersion}",catalog_sha256="${ready.catalog.sha256.slice(0, 12)}"} 1`)
    await app.close()
  })
  it('is in the OpenAPI document, with the content type it answers in', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/metrics' })
    const operation = (app.swagger() as { paths: Record<string, { get: { tags: string[]; operationId: string; responses: Record<string, { content?: Record<string, unknown> }> } }> }).paths['/metrics']!.get
    expect(operation.tags).toEqual(['ops'])
    expect(operation.operationId).toBe('metrics')
    expect(Object.keys(operation.responses['200']!.content!)).toEqual([res.headers['content-type']])
    // The headers it declares are the ones it sends.
    expect(res.headers['cache-control']).toBe('no-store')
    // HEAD as on every other GET route: the same headers, no body.
    const head = await app.inject({ method: 'HEAD', url: '/metrics' })
    expect([head.statusCode, head.headers['content-type'], head.headers['cache-control'], head.body]).toEqual([200, res.headers['content-type'], 'no-store', ''])
    await app.close()
  })
  it('can be turned off', async () => {
    const app = await buildTestApp({ METRICS_ENABLED: 'false' })
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404)
    await app.close()
  })
})

describe('security headers', () => {
  it('sends helmet headers with a CSP that keeps Swagger UI on its own assets', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/docs/' })
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/)
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/)
    expect(res.headers['x-frame-options']).toBeDefined()
    await app.close()
  })
})

describe('rate limiting', () => {
  it('answers 429 problems with Retry-After past the limit, never for probes', async () => {
    const app = await buildTestApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' })
    const codes: number[] = []
    for (let i = 0; i < 5; i++) codes.push((await app.inject({ method: 'GET', url: '/models' })).statusCode)
    expect(codes).toEqual([200, 200, 200, 429, 429])
    const limited = await app.inject({ method: 'GET', url: '/hardware' })
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(limited.json()).toMatchObject({ type: '/problems/too-many-requests', status: 429 })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
    await app.close()
  })
})

describe('load shedding', () => {
  it('answers 503 problems with Retry-After while the event loop lags', async () => {
    const app = await buildTestApp({ MAX_EVENT_LOOP_DELAY_MS: '10' })
    // Block the event loop well past the threshold, then let the sampler see it; on a busy machine the
    // sampler may need another round, so try a bounded number of times.
    let res = await app.inject({ method: 'GET', url: '/healthz' })
    for (let attempt = 0; attempt < 6; attempt++) {
      const until = Date.now() + 600
      while (Date.now() < until) {
        /* busy */
      }
      await new Promise((resolve) => setTimeout(resolve, 30))
      res = await app.inject({ method: 'GET', url: '/models' })
      if (res.statusCode === 503) break
    }
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ type: '/problems/unavailable', status: 503 })
    expect(res.headers['retry-after']).toBe('1')
    await app.close()
  })
})
