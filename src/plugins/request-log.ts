// One log line per request, written when the answer has gone out: method, route (the registered
// pattern; the raw URL only when no route matched), status, duration and the client address as
// resolved through the trusted proxies (request.ip), after the request id (`reqId`, where
// request.log's binding puts it). Fastify's own two lines per request ("incoming request", "request completed") are
// turned off in src/app.ts (disableRequestLogging).
//
// Levels: a 5xx is logged at error, so it shows at every useful LOG_LEVEL; probes (/healthz,
// /readyz, /metrics), the page, its assets and the API docs at debug, so an orchestrator polling
// every 2 s and browsers fetching assets do not fill the logs at the default `info`; everything
// else at info. The line is skipped before it is built when its level is off. A line for a matched
// route is put together from a template with pino's own prefix, timestamp and bindings
// (src/plugins/request-line.ts), the same bytes without pino's key-by-key walk.
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isProbeRoute, isStaticAssetRoute } from './operations.js'
import { directLineWriter, type RequestLineWriter } from './request-line.js'

export type RequestLogLevel = 'error' | 'info' | 'debug'

/** The level a finished request is logged at; `route` is the registered pattern (undefined when no route matched). */
export function requestLogLevel(route: string | undefined, statusCode: number): RequestLogLevel {
  if (statusCode >= 500) return 'error'
  return isProbeRoute(route) || isStaticAssetRoute(route) ? 'debug' : 'info'
}

type LineLogger = Pick<FastifyBaseLogger, RequestLogLevel>

/**
 * The onResponse hook writing the line. `appLog` is the logger every request's log is a child of:
 * the line is written there with the request id as its first field, which gives the bytes the
 * request's own child (whose one binding is that id, under Fastify's default label) would write,
 * without making that child (src/plugins/request-logger.ts makes it on first use; ~1% of a
 * request at LOG_LEVEL=info). Whether the line is written is still asked of the request's log,
 * so a route's own log level (fatal for /metrics) holds.
 */
function requestLogHook(appLog: LineLogger, direct: RequestLineWriter | undefined) {
  return function logRequest(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    const statusCode = reply.statusCode
    // Fastify's no-op logger (logging off) has no isLevelEnabled; calling it costs nothing there.
    const log = request.log as typeof request.log & { isLevelEnabled?: (level: string) => boolean }
    // Below 500 the line is at info or debug: with info off (LOG_LEVEL=warn or above) debug is off
    // too, and the route need not be read.
    if (statusCode < 500 && !(log.isLevelEnabled?.('info') ?? true)) return done()
    // Read once: Fastify builds a new routeOptions object on every read.
    const route = request.routeOptions.url
    const level = requestLogLevel(route, statusCode)
    if (log.isLevelEnabled?.(level) ?? true) {
      const reqId = request.id
      const method = request.method
      const durationMs = Math.round(reply.elapsedTime * 1000) / 1000
      const clientAddress = request.ip
      // A matched route (nearly every request) is written straight from its fields (src/plugins/request-line.ts).
      if (direct !== undefined && route !== undefined && direct(level, { reqId, method, route, statusCode, durationMs, clientAddress })) return done()
      // Two literals, not one with a spread in it (a spread builds the object the slow way).
      appLog[level](route === undefined ? { reqId, method, url: request.url, statusCode, durationMs, clientAddress } : { reqId, method, route, statusCode, durationMs, clientAddress }, 'request')
    }
    done()
  }
}

export default fp(
  async function requestLogPlugin(app: FastifyInstance) {
    app.addHook('onResponse', requestLogHook(app.log, directLineWriter(app.log)))
  },
  { name: 'request-log' }
)
