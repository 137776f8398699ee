// The per-route request histogram of /metrics: http_request_duration_seconds{method, route,
// status_code}, the same name, help, labels and buckets fastify-metrics' route metrics had, so
// dashboards and alerts keep working. It replaces them because of their cost on every request: a
// timer closure and a WeakMap entry per request, and a labels object that prom-client validated,
// sorted and hashed into a key on every observation (~3% of a POST /estimate's CPU in a profile).
// prom-client's own histogram child still did that per observation (a labels object checked, then
// turned into its key string, ~1.6% of a request's CPU): the counts are kept here instead, one
// series per label combination (a few dozen exist) found by one string key, and prom-client's
// registry reads them as it reads any metric, through get(), when /metrics is scraped.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { register, type Metric } from 'prom-client'

/** Methods fastify-metrics did not time by default; kept out for the same series. */
const UNTIMED_METHODS = new Set(['HEAD', 'OPTIONS', 'TRACE', 'CONNECT'])
/** The route label of a request no route matched (fastify-metrics' name for it). */
export const UNKNOWN_ROUTE = '__unknown__'

const NAME = 'http_request_duration_seconds'
const HELP = 'request duration in seconds'
/** Upper bounds in seconds: prom-client's default buckets, which fastify-metrics' histogram used. */
export const BUCKET_UPPER_BOUNDS_S: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

type Labels = { method: string; route: string; status_code: number }

/** One line of the exposition, as prom-client's registry formats it. */
interface Row {
  labels: Record<string, string | number>
  value: number
  metricName: string
  /** prom-client's buckets carry null (no exemplar); its _sum and _count lines none. */
  exemplar?: null
}

interface Series {
  labels: Labels
  /** Observations per bucket, not cumulative (the last bucket's upper bound is +Inf). */
  bucketCounts: number[]
  sumSeconds: number
  count: number
}

/**
 * A histogram as prom-client's registry reads it (name, help, type, aggregator, get, reset), with
 * the series prom-client's Histogram would give for the same observations: the same cumulative
 * buckets, `+Inf`, `_sum` and `_count` lines, labels in the same order, series in order of first
 * observation.
 */
export class RouteHistogram {
  readonly name = NAME
  readonly help = HELP
  readonly type = 'histogram' as const
  readonly aggregator = 'sum' as const
  private series = new Map<string, Series>()

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${statusCode} ${route}`
    let series = this.series.get(key)
    if (series === undefined) {
      series = { labels: { method, route, status_code: statusCode }, bucketCounts: new Array<number>(BUCKET_UPPER_BOUNDS_S.length + 1).fill(0), sumSeconds: 0, count: 0 }
      this.series.set(key, series)
    }
    let bucket = 0
    while (bucket < BUCKET_UPPER_BOUNDS_S.length && seconds > BUCKET_UPPER_BOUNDS_S[bucket]!) bucket++
    series.bucketCounts[bucket]!++
    series.sumSeconds += seconds
    series.count++
  }

  async get(): Promise<{ name: string; help: string; type: 'histogram'; values: Row[]; aggregator: 'sum' }> {
    const values: Row[] = []
    for (const { labels, bucketCounts, sumSeconds, count } of this.series.values()) {
      let cumulative = 0
      for (const [index, upperBound] of BUCKET_UPPER_BOUNDS_S.entries()) {
        cumulative += bucketCounts[index]!
        values.push({ labels: { le: upperBound, ...labels }, value: cumulative, metricName: `${NAME}_bucket`, exemplar: null })
      }
      values.push({ labels: { le: '+Inf', ...labels }, value: count, metricName: `${NAME}_bucket`, exemplar: null })
      values.push({ labels: { ...labels }, value: sumSeconds, metricName: `${NAME}_sum` })
      values.push({ labels: { ...labels }, value: count, metricName: `${NAME}_count` })
    }
    return { name: NAME, help: HELP, type: 'histogram', values, aggregator: 'sum' }
  }

  reset(): void {
    this.series = new Map()
  }
}

/**
 * Registers the histogram in prom-client's default registry and times every request on its
 * onResponse, except those to `untimedRoutes` (registered patterns) and the methods above.
 */
export function registerRouteMetrics(app: FastifyInstance, untimedRoutes: ReadonlySet<string>): RouteHistogram {
  const histogram = new RouteHistogram()
  register.registerMetric(histogram as unknown as Metric)
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions.url ?? UNKNOWN_ROUTE
    if (UNTIMED_METHODS.has(request.method) || untimedRoutes.has(route)) return done()
    histogram.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000)
    done()
  })
  return histogram
}
