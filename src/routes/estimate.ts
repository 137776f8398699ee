// POST /estimate: validate, pick the catalog version, call the pure estimator.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { CatalogSet } from '../catalog/index.js'
import { catalogFor, estimate } from '../estimator/index.js'
import { declaredResponses } from '../schemas/statuses.js'
import { EstimateRequest, LIMITS } from '../schemas/estimate.js'
import { EstimateResponse } from '../schemas/estimate-answer.js'

const estimateRoutes: FastifyPluginAsyncTypebox<{ catalogs: CatalogSet }> = async (app, { catalogs }) => {
  app.post(
    '/estimate',
    {
      schema: {
        tags: ['estimate'],
        operationId: 'estimate',
        summary: 'Estimate memory, latency, throughput and cost',
        description: [
          'Give a model (catalog id, alias or inline architecture), hardware (catalog id, alias or inline figures) and a workload.',
          'The answer holds memory (and whether it fits under the engine\'s real memory rule), latency, throughput, cost, an error band from the calibration residuals, the assumptions and formulas used, the public sources of every catalog figure, and warnings.',
          `Limits: promptTokens ≤ ${LIMITS.maxPromptTokens}, outputTokens ≤ ${LIMITS.maxOutputTokens}, batchSize ≤ ${LIMITS.maxBatchSize}, deviceCount ≤ ${LIMITS.maxDeviceCount}.`
        ].join(' '),
        body: EstimateRequest,
        response: declaredResponses(EstimateResponse, 'estimate')
      }
    },
    async (request, reply) => {
      const catalog = catalogFor(catalogs, request.body.catalogVersion, '/body/catalogVersion')
      reply.header('cache-control', 'no-store')
      return estimate(catalog, request.body)
    }
  )
}

export default estimateRoutes
