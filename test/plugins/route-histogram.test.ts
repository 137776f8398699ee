// Our route histogram must print exactly what prom-client's Histogram prints for the same
// observations (buckets, +Inf, _sum, _count, label order, series order), so that dashboards and
// alerts built on fastify-metrics' series keep working.
import { Histogram, Registry, type Metric } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { BUCKET_UPPER_BOUNDS_S, RouteHistogram } from '../../src/plugins/route-metrics.js'

const observations: [string, string, number, number][] = [
  ['GET', '/healthz', 200, 0.0004],
  ['POST', '/estimate', 200, 0.005],
  ['GET', '/healthz', 200, 0.0051],
  ['POST', '/estimate', 422, 0.3],
  ['GET', '/models/:id', 404, 10],
  ['GET', '/models/:id', 404, 12.5],
  ['GET', '/healthz', 200, 0],
  ['POST', '/compare', 200, 2.5000001],
  ['GET', '__unknown__', 404, 0.1]
]

describe('route histogram', () => {
  it('prints what prom-client prints for the same observations', async () => {
    const ours = new RouteHistogram()
    const oursRegistry = new Registry()
    oursRegistry.registerMetric(ours as unknown as Metric)
    const theirsRegistry = new Registry()
    const theirs = new Histogram({ name: 'http_request_duration_seconds', help: 'request duration in seconds', labelNames: ['method', 'route', 'status_code'] as const, registers: [theirsRegistry] })
    for (const [method, route, statusCode, seconds] of observations) {
      ours.observe(method, route, statusCode, seconds)
      theirs.labels({ method, route, status_code: statusCode }).observe(seconds)
    }
    const text = await oursRegistry.metrics()
    expect(text).toBe(await theirsRegistry.metrics())
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="POST",route="/estimate",status_code="200"} 1')
    expect(text).toContain('http_request_duration_seconds_bucket{le="10",method="GET",route="/models/:id",status_code="404"} 1')
    expect(text).toContain('http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/models/:id",status_code="404"} 2')
    expect(await oursRegistry.getMetricsAsJSON()).toEqual(await theirsRegistry.getMetricsAsJSON())
  })

  it('keeps prom-client\'s default buckets and starts again from zero on reset', async () => {
    const defaults = new Histogram({ name: 'probe', help: 'probe', registers: [] }) as unknown as { upperBounds: number[] }
    expect(BUCKET_UPPER_BOUNDS_S).toEqual(defaults.upperBounds)
    const ours = new RouteHistogram()
    ours.observe('GET', '/healthz', 200, 0.001)
    ours.reset()
    expect((await ours.get()).values).toEqual([])
  })
})
