// POST /estimate: validate, pick the catalog version, call the pure estimator.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { CatalogSet } from '../catalog/index.js'
import { catalogFor, estimate, withDetail } from '../estimator/index.js'
import { EstimateQuery, includedParts } from '../schemas/include.js'
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
          'The answer holds memory (and whether it fits under the engine\'s real memory rule), latency, throughput, cost, an error band from the calibration residuals, the assumptions, the ids of the formulas used and of the catalog entries whose public sources back its figures, and warnings.',
          'Ask ?include=sources,formulas to get the sources (with how each figure was read) and the formulas in words in the answer; GET /catalog/sources?ids=... and GET /formulas give the same text.',
          `Limits: promptTokens ≤ ${LIMITS.maxPromptTokens}, outputTokens ≤ ${LIMITS.maxOutputTokens}, batchSize ≤ ${LIMITS.maxBatchSize}, deviceCount ≤ ${LIMITS.maxDeviceCount}.`
        ].join(' '),
        querystring: EstimateQuery,
        body: EstimateRequest,
        response: declaredResponses(EstimateResponse, 'estimate')
      }
    },
    // A plain function, not an async one: Fastify sends what it returns, and hands what it throws
    // to the error handler as it would a rejection, without a promise and a microtask per request.
    (request, reply) => {
      const catalog = catalogFor(catalogs, request.body.catalogVersion, '/body/catalogVersion')
      reply.header('cache-control', 'no-store')
      const include = includedParts(request.query.include)
      return withDetail(catalog, estimate(catalog, request.body), { sources: include.has('sources'), formulas: include.has('formulas') })
    }
  )
}

export default estimateRoutes
