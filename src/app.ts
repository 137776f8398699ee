// buildApp(): the Fastify instance with validation policy, logging, errors, OpenAPI and routes.
// It never listens; src/server.ts does.
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import cors from '@fastify/cors'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Ajv } from 'ajv'
import type { CatalogSet } from './catalog/index.js'
import type { Config } from './config.js'
import basePathPlugin from './plugins/base-path.js'
import drainPlugin from './plugins/drain.js'
import errorsPlugin from './plugins/errors.js'
import operationsPlugin from './plugins/operations.js'
import proxyTrustPlugin from './plugins/proxy-trust.js'
import swaggerPlugin from './plugins/swagger.js'
import { registerRoutes } from './routes/index.js'

export interface BuildOptions {
  catalogs: CatalogSet
  /** false turns logging off (tests); otherwise pino options or true. */
  logger?: FastifyServerOptions['logger']
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Validation policy: unknown fields are errors (removeAdditional off), every failing field is
 * reported (allErrors), defaults are filled in. Query strings, path parameters and headers are
 * coerced to their declared types; JSON bodies are not (a string "100" is not a token count).
 */
function validators() {
  const base = { allErrors: true, verbose: true, removeAdditional: false, useDefaults: true, strict: false } as const
  const body = new Ajv({ ...base, coerceTypes: false })
  const rest = new Ajv({ ...base, coerceTypes: 'array' })
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? body : rest).compile(schema)
}

export async function buildApp(config: Config, options: BuildOptions): Promise<FastifyInstance> {
  const logger: FastifyServerOptions['logger'] =
    options.logger === undefined
      ? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'] }
      : options.logger
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    // src/plugins/drain.ts answers requests that arrive while closing, as problem+json.
    return503OnClosing: false,
    routerOptions: { maxParamLength: 200 }
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setValidatorCompiler(validators())
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  await app.register(errorsPlugin)
  await app.register(proxyTrustPlugin, { config })
  await app.register(basePathPlugin, { config })
  await app.register(operationsPlugin, { config })
  await app.register(drainPlugin)
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins, exposedHeaders: ['x-request-id', 'etag'] })
  }
  await app.register(swaggerPlugin)
  await registerRoutes(app, options.catalogs)
  return app
}
