// What an operator behind a gateway needs: optional rate limiting, load shedding under event-loop
// pressure, and Prometheus metrics (the security headers are set in src/app.ts). Each is
// configured from the environment (src/config.ts) and answers in problem+json like every other
// error.
import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import metricsModule from 'fastify-metrics'
import type { Config } from '../config.js'
import { registerRouteMetrics } from './route-metrics.js'
import { RETRY_AFTER_SECONDS } from './retry-after.js'
import { Gauge, register } from 'prom-client'
import type { CatalogSet } from '../catalog/index.js'
import { SERVICE_VERSION } from '../version.js'
import { declaredTextResponses } from '../schemas/statuses.js'

/** Where Prometheus scrapes. */
const METRICS_PATH = '/metrics'
/** Routes (as registered, so query strings never matter) that a busy replica must still answer. */
const PROBE_ROUTES = new Set(['/healthz', '/readyz', METRICS_PATH])
/** The page, its assets and the API docs: fetched by browsers in bursts, cheap, never rate limited. */
const STATIC_ROUTES = new Set(['/', '/assets/*', '/vendor/*', '/docs', '/openapi.json'])

// These take the registered route (request.routeOptions.url), which a caller reads once per request:
// Fastify builds a new routeOptions object on every read.
/** A probe route (registered pattern; undefined when no route matched). */
export const isProbeRoute = (route: string | undefined) => route !== undefined && PROBE_ROUTES.has(route)
/** The page, one of its assets or the API docs (registered pattern). */
export const isStaticAssetRoute = (route: string | undefined) => route !== undefined && (STATIC_ROUTES.has(route) || route.startsWith('/docs/'))

export default fp(
  async function operationsPlugin(app: FastifyInstance, { config, catalogs }: { config: Config; catalogs: CatalogSet }) {
    if (config.metricsEnabled) {
      // fastify-metrics is CommonJS: under NodeNext its default export arrives wrapped.
      const metrics = ((metricsModule as unknown as { default?: typeof metricsModule }).default ?? metricsModule) as unknown as FastifyPluginAsync<Record<string, unknown>>
      await app.register(metrics, {
        // A route of fastify-metrics' own, documented in the OpenAPI document like the probes.
        endpoint: {
          url: METRICS_PATH,
          method: 'GET',
          logLevel: 'fatal',
          exposeHeadRoute: true,
          schema: {
            tags: ['ops'],
            operationId: 'metrics',
            summary: 'Prometheus metrics',
            description:
              'Prometheus text exposition format (version 0.0.4): request counts and durations per route and status (http_request_duration_seconds), the process and Node.js runtime metrics, and llm_calc_build_info (the service and catalog versions this replica answers from). Present when METRICS_ENABLED is true (the default); never rate limited or shed under load.',
            response: declaredTextResponses(register.contentType, 'Metrics in the Prometheus text format.')
          },
          // Scrapes read the state now: no cache on the way may answer one (as the probes).
          onRequest: (_request, reply, done) => {
            reply.header('cache-control', 'no-store')
            done()
          },
          handler: () => undefined
        } as RouteOptions,
        clearRegisterOnInit: true,
        // The route histogram is ours (src/plugins/route-metrics.ts): the same series at a fraction
        // of the cost per request. No per-request summaries either: a t-digest costs ~100 µs each,
        // and histograms aggregate across replicas.
        routeMetrics: { enabled: false }
      })
      registerRouteMetrics(app, new Set([METRICS_PATH]))
      // Which build and catalog a replica answers from, for dashboards and alerts across a rollout.
      const catalog = catalogs.get()
      new Gauge({ name: 'llm_calc_build_info', help: 'Always 1: the service version and the default catalog version (and the start of its sha256) this replica answers from.', labelNames: ['version', 'catalog_version', 'catalog_sha256'] }).set(
        { version: SERVICE_VERSION, catalog_version: catalog?.version ?? '', catalog_sha256: catalog?.sha256.slice(0, 12) ?? '' },
        1
      )
    }

    if (config.loadShedding) {
      await app.register(underPressure, {
        maxEventLoopDelay: config.loadShedding.maxEventLoopDelayMs,
        maxEventLoopUtilization: config.loadShedding.maxEventLoopUtilization,
        retryAfter: RETRY_AFTER_SECONDS,
        // A rejected promise reaches the error handler, which answers 503 problem+json.
        pressureHandler: async (request, reply, type, value) => {
          if (isProbeRoute(request.routeOptions.url)) return
          reply.header('retry-after', String(RETRY_AFTER_SECONDS))
          throw Object.assign(new Error(`overloaded (${type} at ${value}); retry after ${RETRY_AFTER_SECONDS} s`), { statusCode: 503 })
        }
      })
    }

    if (config.rateLimit) {
      await app.register(rateLimit, {
        max: config.rateLimit.max,
        timeWindow: config.rateLimit.windowMs,
        allowList: (request) => {
          const route = request.routeOptions.url
          return isProbeRoute(route) || isStaticAssetRoute(route)
        }
      })
    }
  },
  { name: 'operations' }
)
