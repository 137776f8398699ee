// GET /hardware and GET /hardware/:id: the device catalog, filterable, with the models each fits.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findHardware, hardwareKeys } from '../catalog/lookup.js'
import { filterHardware } from '../catalog/query.js'
import { unknownId } from '../estimator/errors.js'
import { catalogFor, defaultFitContext, FIT_CONTEXT_TOKENS, FIT_DEVICE_LIMIT, fitOptions } from '../estimator/index.js'
import { IdParams } from '../schemas/common.js'
import { declaredResponses } from '../schemas/statuses.js'
import { HardwareDetail, HardwareDetailQuery, HardwareList, HardwareQuery } from '../schemas/responses.js'
import type { CatalogSet } from '../catalog/index.js'
import { CATALOG_CACHE_CONTROL } from './cache-policy.js'

const hardwareRoutes: FastifyPluginAsyncTypebox<{ catalogs: CatalogSet }> = async (app, { catalogs }) => {
  app.get(
    '/hardware',
    {
      schema: {
        tags: ['hardware'],
        operationId: 'listHardware',
        summary: 'List catalog hardware',
        description: 'Devices with memory, bandwidth, dense peak compute per data type, power, typical rental price (dated) and sources.',
        querystring: HardwareQuery,
        response: declaredResponses(HardwareList, 'catalogList')
      }
    },
    async (request, reply) => {
      const { catalogVersion, q: text, ...filter } = request.query
      const catalog = catalogFor(catalogs, catalogVersion)
      const hardware = filterHardware(catalog.hardware, { ...filter, text })
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { catalogVersion: catalog.version, count: hardware.length, hardware: [...hardware] }
    }
  )

  app.get(
    '/hardware/:id',
    {
      schema: {
        tags: ['hardware'],
        operationId: 'getHardware',
        summary: 'One device, with the models that fit on it',
        description: `The hardware entry plus, for every self-hostable catalog model, each precision at which it and one sequence of contextTokens fit on at most ${FIT_DEVICE_LIMIT} such devices. Aliases (e.g. gpu, cpu) are accepted.`,
        params: IdParams,
        querystring: HardwareDetailQuery,
        response: declaredResponses(HardwareDetail, 'catalogEntry')
      }
    },
    async (request, reply) => {
      const catalog = catalogFor(catalogs, request.query.catalogVersion)
      const hardware = findHardware(catalog, request.params.id)
      if (!hardware) throw unknownId('hardware', request.params.id, hardwareKeys(catalog), '/params/id', catalog.version, 404)
      const fixed = request.query.contextTokens
      const models = catalog.models
        .map((model) => ({ modelId: model.id, name: model.name, options: fitOptions(catalog, model, hardware, fixed ?? defaultFitContext(model)) }))
        .filter((model) => model.options.length > 0)
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { catalogVersion: catalog.version, hardware, fits: { basis: { contextTokens: fixed ?? FIT_CONTEXT_TOKENS, maxDevices: FIT_DEVICE_LIMIT }, models } }
    }
  )
}

export default hardwareRoutes
