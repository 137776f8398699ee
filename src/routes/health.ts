// GET /healthz (liveness: the process answers) and GET /readyz (readiness: catalog loaded).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { CatalogSet } from '../catalog/index.js'
import { declaredResponses } from '../schemas/statuses.js'
import { Health, Ready } from '../schemas/responses.js'
import { SERVICE_VERSION } from '../version.js'
import { RETRY_AFTER_SECONDS } from '../plugins/retry-after.js'
import { sendProblem } from '../plugins/problem-details.js'

const healthRoutes: FastifyPluginAsyncTypebox<{ catalogs: CatalogSet }> = async (app, { catalogs }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['ops'], operationId: 'liveness', summary: 'Liveness probe', description: 'Answers 200 while the process runs. Any query string (a cache-buster) is ignored; never rate limited or shed under load.', response: declaredResponses(Health, 'probe') } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store')
      return { status: 'ok' as const, version: SERVICE_VERSION, uptimeSeconds: Math.round(process.uptime() * 1000) / 1000 }
    }
  )
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        operationId: 'readiness',
        summary: 'Readiness probe',
        description: 'Ready once the catalog is loaded and validated; 503 while the server shuts down. Any query string is ignored; never rate limited or shed under load.',
        response: declaredResponses(Ready, 'probe')
      }
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      if (app.drain.draining) {
        reply.header('retry-after', String(RETRY_AFTER_SECONDS))
        return sendProblem(request, reply, 503, 'unavailable', 'draining before shutdown: requests are still served, but send new ones to another replica')
      }
      const def = catalogs.get()!
      return { status: 'ready' as const, catalog: { defaultVersion: def.version, versions: catalogs.versions.map((v) => v.version), sha256: def.sha256 } }
    }
  )
}

export default healthRoutes
