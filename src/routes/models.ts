// GET /models and GET /models/:id: the model catalog, filterable, with fit tables.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findModel, modelKeys } from '../catalog/lookup.js'
import { filterModels } from '../catalog/query.js'
import { unknownId } from '../estimator/errors.js'
import { catalogFor, defaultFitContext, FIT_DEVICE_LIMIT, fitOptions } from '../estimator/index.js'
import { IdParams } from '../schemas/common.js'
import { declaredResponses } from '../schemas/statuses.js'
import { ModelDetail, ModelDetailQuery, ModelList, ModelsQuery } from '../schemas/responses.js'
import type { CatalogSet } from '../catalog/index.js'
import { CATALOG_CACHE_CONTROL } from './cache-policy.js'

const modelRoutes: FastifyPluginAsyncTypebox<{ catalogs: CatalogSet }> = async (app, { catalogs }) => {
  app.get(
    '/models',
    {
      schema: {
        tags: ['models'],
        operationId: 'listModels',
        summary: 'List catalog models',
        description: 'Models with their architecture, parameter counts, API prices where hosted, and sources. Filters combine with AND.',
        querystring: ModelsQuery,
        response: declaredResponses(ModelList, 'catalogListWithLimits')
      }
    },
    async (request, reply) => {
      const { catalogVersion, q: text, ...filter } = request.query
      const catalog = catalogFor(catalogs, catalogVersion)
      const models = filterModels(catalog.models, { ...filter, text })
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { catalogVersion: catalog.version, count: models.length, models: [...models] }
    }
  )

  app.get(
    '/models/:id',
    {
      schema: {
        tags: ['models'],
        operationId: 'getModel',
        summary: 'One model, with the hardware it fits on',
        description: `The model entry plus, for every catalog device, each precision at which the model and one sequence of contextTokens fit on at most ${FIT_DEVICE_LIMIT} devices under the engine's memory rule. Aliases (e.g. 7b) are accepted.`,
        params: IdParams,
        querystring: ModelDetailQuery,
        response: declaredResponses(ModelDetail, 'catalogEntry')
      }
    },
    async (request, reply) => {
      const catalog = catalogFor(catalogs, request.query.catalogVersion)
      const model = findModel(catalog, request.params.id)
      if (!model) throw unknownId('model', request.params.id, modelKeys(catalog), '/params/id', catalog.version, 404)
      const contextTokens = request.query.contextTokens ?? defaultFitContext(model)
      const hardware = catalog.hardware
        .map((device) => ({ hardwareId: device.id, name: device.name, options: fitOptions(catalog, model, device, contextTokens) }))
        .filter((device) => device.options.length > 0)
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { catalogVersion: catalog.version, model, fits: { basis: { contextTokens, maxDevices: FIT_DEVICE_LIMIT }, hardware } }
    }
  )
}

export default modelRoutes
