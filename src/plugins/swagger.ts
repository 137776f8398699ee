// OpenAPI 3.1 generated from the route schemas, served at /openapi.json, with Swagger UI at /docs.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { SERVICE_VERSION } from '../version.js'

export const TAGS = [
  { name: 'estimate', description: 'Estimate memory, latency, throughput and cost of one configuration.' },
  { name: 'compare', description: 'Compare several configurations for one workload.' },
  { name: 'models', description: 'Models in the catalog, with their architecture and sources.' },
  { name: 'hardware', description: 'Devices in the catalog, with datasheet figures and sources.' },
  { name: 'catalog', description: 'Catalog versions, precisions and serving engines.' },
  { name: 'ops', description: 'Health and readiness probes.' }
]

export default fp(
  async function swaggerPlugin(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'LLM inference calculator',
          version: SERVICE_VERSION,
          description: [
            'Estimates what running a large language model on given hardware costs: memory, latency, throughput and money, with the assumptions and public sources behind every number.',
            '',
            'Units: 1 GB = 1e9 bytes; bandwidth in GB/s (1e9 bytes per second); compute in TFLOPS (1e12 operations per second); times in milliseconds; prices in USD.',
            '',
            'Validation: unknown request fields are rejected with a 400 (never silently dropped); query strings are coerced to their declared types, JSON bodies are not. Errors are RFC 9457 application/problem+json documents whose errors[] name each failing field with a JSON pointer.',
            '',
            'Catalog: every route takes ?catalogVersion= to pin a catalog version (the newest is the default); catalog routes send ETag and Cache-Control and answer 304 to a matching If-None-Match.'
          ].join('\n')
        },
        servers: [],
        tags: TAGS
      },
      hideUntagged: true
    })
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true, tryItOutEnabled: true } })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'swagger' }
)
