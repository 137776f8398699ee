// The route histogram keeps fastify-metrics' series: one child per method, route and status, every
// request counted once, probes of /metrics and HEAD/OPTIONS requests not timed, unmatched URLs under
// one label.
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.js'

const countOf = (text: string, labels: string) => Number(text.match(new RegExp(`^http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm'))?.[1] ?? 0)

describe('route metrics', () => {
  it('counts each request once under its method, registered route and status', async () => {
    const app = await buildTestApp()
    for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: '/healthz' })
    await app.inject({ method: 'GET', url: '/models/no-such-model' })
    await app.inject({ method: 'GET', url: '/models/also-missing' })
    await app.inject({ method: 'GET', url: '/no/such/path' })
    await app.inject({ method: 'HEAD', url: '/healthz' })
    await app.inject({ method: 'GET', url: '/metrics' })
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body
    expect(countOf(text, 'method="GET",route="/healthz",status_code="200"')).toBe(3)
    expect(countOf(text, 'method="GET",route="/models/:id",status_code="404"')).toBe(2)
    expect(countOf(text, 'method="GET",route="__unknown__",status_code="404"')).toBe(1)
    expect(text).not.toMatch(/method="HEAD"/)
    expect(text).not.toMatch(/route="\/metrics"/)
    // The le="+Inf" bucket holds every observation, the sum is a positive duration in seconds.
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/healthz",status_code="200"\} 3$/m)
    const sum = Number(text.match(/^http_request_duration_seconds_sum\{method="GET",route="\/healthz",status_code="200"\} (\S+)$/m)?.[1])
    expect(sum).toBeGreaterThan(0)
    expect(sum).toBeLessThan(10)
    await app.close()
  })

  it('starts from zero in a new app (the registry is cleared on init)', async () => {
    const first = await buildTestApp()
    await first.inject({ method: 'GET', url: '/healthz' })
    await first.close()
    const second = await buildTestApp()
    await second.inject({ method: 'GET', url: '/healthz' })
    const text = (await second.inject({ method: 'GET', url: '/metrics' })).body
    expect(countOf(text, 'method="GET",route="/healthz",status_code="200"')).toBe(1)
    await second.close()
  })
})
