// Swagger UI at /docs/, loaded on its first request instead of at start.
//
// Loading @fastify/swagger-ui and what it pulls (@fastify/static 10 with glob, yaml) and registering
// it took ~60 ms of CPU at every start (a CPU profile of the bundle's start, 442 ms busy), for pages
// few replicas ever serve. Fastify cannot add routes once started, so the /docs routes are ours
// from the start, with the URLs the plugin gives them, and forward each request with inject() to a
// private Fastify instance that registers the real plugin on the first one. The plugin itself still
// builds every answer (page, initializer, its static files with their ETag, Last-Modified, ranges
// and 304s, the YAML document), so their bytes and headers do not change; our hooks (security
// headers, request id, base path, logging, metrics) run on our route as they ran on the plugin's.
// A file the plugin does not have goes to this service's not-found handler, and an error it raises
// (a range it cannot satisfy) to this service's error handler, as when the plugin was registered
// here. /docs/json is answered here, as an object, so src/plugins/base-path.ts can set its servers.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Fastify from 'fastify'
import fp from 'fastify-plugin'

/** Where Swagger UI is served, and the routes @fastify/swagger-ui registers under it. */
export const DOCS_PREFIX = '/docs'
const FORWARDED_ROUTES = ['', '/', '/static/index.html', '/static/swagger-initializer.js', '/yaml', '/static/*']

/** Response headers of the private instance that belong to its own (simulated) connection. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date'])
/** Request header carrying the forwarded request's number, so its outcome can be found. */
const CALL_HEADER = 'x-docs-ui-call'

type Outcome = { notFound: true } | { error: FastifyError }

export interface DocsUiOptions {
  /** @fastify/swagger-ui's options; its routePrefix is always DOCS_PREFIX. */
  ui: { uiConfig: Record<string, unknown>; transformSpecification: (document: Readonly<Record<string, unknown>>) => Record<string, unknown> }
}

/** The private instance, with @fastify/swagger-ui registered, its document taken from `app`. */
async function buildUiInstance(app: FastifyInstance, options: DocsUiOptions, outcomes: Map<string, Outcome>): Promise<FastifyInstance> {
  const { default: swaggerUi } = await import('@fastify/swagger-ui')
  const ui = Fastify({ logger: false, routerOptions: { maxParamLength: 200 } })
  // @fastify/swagger-ui requires @fastify/swagger and reads the document through app.swagger().
  await ui.register(
    fp(
      async (instance) => {
        instance.decorate('swagger', ((opts?: { yaml?: boolean }) => app.swagger(opts as { yaml: true })) as FastifyInstance['swagger'])
      },
      { name: '@fastify/swagger' }
    )
  )
  await ui.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: options.ui.uiConfig, transformSpecification: options.ui.transformSpecification })
  const callOf = (request: FastifyRequest) => String(request.headers[CALL_HEADER])
  ui.setNotFoundHandler((request, reply) => {
    outcomes.set(callOf(request), { notFound: true })
    return reply.code(404).send()
  })
  ui.setErrorHandler((error: FastifyError, request, reply) => {
    outcomes.set(callOf(request), { error })
    return reply.code(500).send()
  })
  await ui.ready()
  return ui
}

export default fp(
  async function docsUiPlugin(app: FastifyInstance, options: DocsUiOptions) {
    let instance: Promise<FastifyInstance> | undefined
    const outcomes = new Map<string, Outcome>()
    let calls = 0

    async function forward(request: FastifyRequest, reply: FastifyReply) {
      if (!instance) {
        instance = buildUiInstance(app, options, outcomes)
        instance.catch(() => (instance = undefined))
      }
      const ui = await instance
      const call = String(++calls)
      // HEAD is asked as GET: our HEAD route sends no body and sets Content-Length from the answer.
      const answer = await ui.inject({ method: 'GET', url: request.url, headers: { ...request.headers, [CALL_HEADER]: call } })
      const outcome = outcomes.get(call)
      outcomes.delete(call)
      if (outcome && 'notFound' in outcome) {
        reply.callNotFound()
        return reply
      }
      if (outcome) return reply.send(outcome.error)
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !CONNECTION_HEADERS.has(name)) reply.header(name, value)
      reply.code(answer.statusCode)
      return answer.rawPayload.length > 0 ? reply.send(answer.rawPayload) : reply.send()
    }

    app.addHook('onClose', async () => {
      const built = await instance?.catch(() => undefined)
      await built?.close()
    })

    for (const route of FORWARDED_ROUTES) app.get(`${DOCS_PREFIX}${route}`, { schema: { hide: true } }, forward)
    app.get(`${DOCS_PREFIX}/json`, { schema: { hide: true } }, async () => options.ui.transformSpecification(app.swagger() as unknown as Readonly<Record<string, unknown>>))
  },
  { name: 'docs-ui', dependencies: ['@fastify/swagger'] }
)
