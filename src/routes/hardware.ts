// GET /hardware and GET /hardware/:id: the device catalog, filterable, with the models each fits.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findHardware, hardwareKeys } from '../catalog/lookup.js'
import { unknownId } from '../estimator/errors.js'
import { defaultFitContext, FIT_CONTEXT_TOKENS, FIT_DEVICE_LIMIT, fitOptions } from '../estimator/index.js'
import { HardwareIdParams, responses } from '../schemas/common.js'
import { HardwareDetail, HardwareDetailQuery, HardwareList, HardwareQuery } from '../schemas/responses.js'
import type { CatalogSet } from '../catalog/index.js'
import { CATALOG_CACHE_CONTROL, catalogFor } from './context.js'

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
        response: responses(HardwareList, [304, 400, 404])
      }
    },
    async (request, reply) => {
      const q = request.query
      const catalog = catalogFor(catalogs, q.catalogVersion)
      const text = q.q?.toLowerCase()
      const hardware = catalog.hardware.filter(
        (h) =>
          (q.kind === undefined || h.kind === q.kind) &&
          (q.minMemoryGB === undefined || h.memoryGB >= q.minMemoryGB) &&
          (q.vendor === undefined || h.vendor.toLowerCase() === q.vendor.toLowerCase()) &&
          (text === undefined || `${h.id} ${h.name} ${h.vendor}`.toLowerCase().includes(text))
      )
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
        params: HardwareIdParams,
        querystring: HardwareDetailQuery,
        response: responses(HardwareDetail, [304, 400, 404])
      }
    },
    async (request, reply) => {
      const catalog = catalogFor(catalogs, request.query.catalogVersion)
      const hardware = findHardware(catalog, request.params.id)
      if (!hardware) throw unknownId('hardware', request.params.id, hardwareKeys(catalog), '/params/id', catalog.version, 404)
      const fixed = request.query.contextTokens
      const models = catalog.models
        .map((m) => ({ modelId: m.id, name: m.name, options: fitOptions(catalog, m, hardware, fixed ?? defaultFitContext(m)) }))
        .filter((m) => m.options.length > 0)
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { catalogVersion: catalog.version, hardware, fits: { basis: { contextTokens: fixed ?? FIT_CONTEXT_TOKENS, maxDevices: FIT_DEVICE_LIMIT }, models } }
    }
  )
}

export default hardwareRoutes
