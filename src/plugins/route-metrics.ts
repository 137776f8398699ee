// The per-route request histogram of /metrics: http_request_duration_seconds{method, route,
// status_code}, the same name, help, labels and buckets fastify-metrics' route metrics had, so
// dashboards and alerts keep working. It replaces them because of their cost on every request: a
// timer closure and a WeakMap entry per request, and a labels object that prom-client validated,
// sorted and hashed into a key on every observation (~3% of a POST /estimate's CPU in a profile).
// Here one hook reads Fastify's own elapsed time and looks up the histogram child of its labels in
// a Map (a few dozen label combinations exist), so the work per request is one string key.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Histogram } from 'prom-client'

/** Methods fastify-metrics did not time by default; kept out for the same series. */
const UNTIMED_METHODS = new Set(['HEAD', 'OPTIONS', 'TRACE', 'CONNECT'])
/** The route label of a request no route matched (fastify-metrics' name for it). */
export const UNKNOWN_ROUTE = '__unknown__'

type Child = ReturnType<Histogram<'method' | 'route' | 'status_code'>['labels']>

/**
 * Registers the histogram in prom-client's default registry and times every request on its
 * onResponse, except those to `untimedRoutes` (registered patterns) and the methods above.
 */
export function registerRouteMetrics(app: FastifyInstance, untimedRoutes: ReadonlySet<string>): void {
  const histogram = new Histogram({ name: 'http_request_duration_seconds', help: 'request duration in seconds', labelNames: ['method', 'route', 'status_code'] as const })
  const children = new Map<string, Child>()
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions.url ?? UNKNOWN_ROUTE
    if (UNTIMED_METHODS.has(request.method) || untimedRoutes.has(route)) return done()
    const statusCode = reply.statusCode
    const key = `${request.method} ${statusCode} ${route}`
    let child = children.get(key)
    if (child === undefined) {
      child = histogram.labels({ method: request.method, route, status_code: statusCode })
      children.set(key, child)
    }
    child.observe(reply.elapsedTime / 1000)
    done()
  })
}
