// What an operator behind a gateway needs: security headers, optional rate limiting, load
// shedding under event-loop pressure, and Prometheus metrics. Each is configured from the
// environment (src/config.ts) and answers in problem+json like every other error.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import helmet from 'helmet'
import rateLimit from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import metricsModule from 'fastify-metrics'
import type { Config } from '../config.js'
import { sendProblem } from './errors.js'

export default fp(
  async function operationsPlugin(app: FastifyInstance, { config }: { config: Config }) {
    // Security headers from helmet, built once. (@fastify/helmet rebuilds the middleware, CSP
    // parsing included, on every request; that alone cost more than the estimator itself.)
    const securityHeaders = helmet({
      // Swagger UI and the calculator page load only their own scripts; Swagger UI sets inline
      // styles and shows data: images.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"]
        }
      },
      crossOriginEmbedderPolicy: false
    })
    app.addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined))
    })

    if (config.metricsEnabled) {
      // fastify-metrics is CommonJS: under NodeNext its default export arrives wrapped.
      const metrics = ((metricsModule as unknown as { default?: typeof metricsModule }).default ?? metricsModule) as unknown as FastifyPluginAsync<Record<string, unknown>>
      await app.register(metrics, {
        endpoint: '/metrics',
        clearRegisterOnInit: true,
        // Histograms aggregate across replicas; per-request summaries (t-digest) cost ~100 µs each.
        routeMetrics: { enabled: { histogram: true, summary: false }, registeredRoutesOnly: false, groupStatusCodes: false, routeBlacklist: ['/metrics'] }
      })
    }

    if (config.loadShedding) {
      const retryAfterSeconds = 1
      await app.register(underPressure, {
        maxEventLoopDelay: config.loadShedding.maxEventLoopDelayMs,
        maxEventLoopUtilization: config.loadShedding.maxEventLoopUtilization,
        retryAfter: retryAfterSeconds,
        pressureHandler: (request, reply, type, value) => {
          reply.header('retry-after', String(retryAfterSeconds))
          sendProblem(request, reply, 503, 'unavailable', `overloaded (${type} at ${value}); retry after ${retryAfterSeconds} s`)
        }
      })
    }

    if (config.rateLimit) {
      await app.register(rateLimit, {
        max: config.rateLimit.max,
        timeWindow: config.rateLimit.windowMs,
        // Probes and metrics scrapes are never limited.
        allowList: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url.split('?')[0] ?? '')
      })
    }
  },
  { name: 'operations' }
)
