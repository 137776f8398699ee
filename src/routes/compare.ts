// POST /compare: validate, pick the catalog version, call the pure comparison.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { CatalogSet } from '../catalog/index.js'
import { catalogFor, compare } from '../estimator/index.js'
import { declaredResponses } from '../schemas/statuses.js'
import { CompareRequest, CompareResponse, MAX_CANDIDATES } from '../schemas/compare.js'
import { CompareQuery, includedParts } from '../schemas/include.js'

const compareRoutes: FastifyPluginAsyncTypebox<{ catalogs: CatalogSet }> = async (app, { catalogs }) => {
  app.post(
    '/compare',
    {
      schema: {
        tags: ['compare'],
        operationId: 'compare',
        summary: 'Compare configurations for one workload',
        description: [
          'Give a workload and either a list of candidates (each an /estimate request without the workload) or a matrix (models × hardware × precisions × deviceCounts; hardware "all" means the whole catalog).',
          'Every candidate goes through the same estimator as /estimate. Rows are ranked by sortBy, those meeting the constraints first, each saying which constraint it misses; best names the winner per criterion; pareto is the cost-vs-latency front.',
          'With requestsPerDay or requestsPerSecond, each row says how many replicas and devices carry the volume and what a month costs; breakEven gives the daily volume from which the cheapest self-hosted option beats the cheapest API.',
          `At most ${MAX_CANDIDATES} candidates per call (422 beyond). Candidates that cannot be estimated are listed under rejected with the reason.`,
          'Each row is a summary (key latency, throughput, serving, capacity and cost figures, constraint results, warnings); ask ?include=estimate for each row\'s full /estimate answer. Sources and formulas are named once for the whole answer (sourceIds, formulaIds); ?include=sources,formulas adds their text once.'
        ].join(' '),
        querystring: CompareQuery,
        body: CompareRequest,
        response: declaredResponses(CompareResponse, 'estimate')
      }
    },
    async (request, reply) => {
      const catalog = catalogFor(catalogs, request.body.catalogVersion, '/body/catalogVersion')
      reply.header('cache-control', 'no-store')
      const include = includedParts(request.query.include)
      return compare(catalog, request.body, { estimate: include.has('estimate'), sources: include.has('sources'), formulas: include.has('formulas') })
    }
  )
}

export default compareRoutes
