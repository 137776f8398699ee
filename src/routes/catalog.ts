// GET /catalog, /catalog/sources, /precisions, /engines: versions, hashes, counts, the public sources
// of the entries, and the formats and engines.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { answerVersions, catalogFor, catalogSources } from '../estimator/index.js'
import type { CatalogSet } from '../catalog/index.js'
import { NoQuery, VersionQuery } from '../schemas/common.js'
import { declaredResponses } from '../schemas/statuses.js'
import { CatalogInfo, EngineList, PrecisionList, SourceList, SourcesQuery } from '../schemas/responses.js'
import { CATALOG_CACHE_CONTROL } from './cache-policy.js'

const catalogRoutes: FastifyPluginAsyncTypebox<{ catalogs: CatalogSet }> = async (app, { catalogs }) => {
  app.get(
    '/catalog',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'getCatalog',
        summary: 'Catalog versions',
        description: 'Every loaded catalog version with its release date, content hash, entry counts, operator overrides and aliases; the newest is the default.',
        querystring: NoQuery,
        response: declaredResponses(CatalogInfo, 'catalogIndex')
      }
    },
    async (_request, reply) => {
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return {
        defaultVersion: catalogs.defaultVersion,
        versions: catalogs.versions.map((c) => ({
          version: c.version,
          releasedAt: c.releasedAt,
          ...(c.notes ? { notes: c.notes } : {}),
          sha256: c.sha256,
          counts: { models: c.models.length, hardware: c.hardware.length, precisions: c.precisions.length, engines: c.engines.length },
          overridden: [...c.overridden],
          aliases: { models: { ...c.aliases.models }, hardware: { ...c.aliases.hardware } }
        }))
      }
    }
  )

  app.get(
    '/catalog/sources',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'listSources',
        summary: 'Public sources of catalog entries',
        description: 'The sources behind the entries an answer used (its sourceIds, comma-separated in ?ids=), each with the entry it backs and how its figures were read; every entry\'s sources without ?ids. 404 names an entry the catalog lacks.',
        querystring: SourcesQuery,
        response: declaredResponses(SourceList, 'catalogList')
      }
    },
    async (request, reply) => {
      const catalog = catalogFor(catalogs, request.query.catalogVersion)
      const sources = catalogSources(catalog, request.query.ids?.split(','))
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { ...answerVersions(catalog), count: sources.length, sources }
    }
  )

  app.get(
    '/precisions',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'listPrecisions',
        summary: 'Weight precisions and quantization formats',
        description: 'Each format with its real bits per weight (scales included), the compute data type it runs at, and whether it can hold the KV cache.',
        querystring: VersionQuery,
        response: declaredResponses(PrecisionList, 'catalogList')
      }
    },
    async (request, reply) => {
      const catalog = catalogFor(catalogs, request.query.catalogVersion)
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { ...answerVersions(catalog), precisions: [...catalog.precisions] }
    }
  )

  app.get(
    '/engines',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'listEngines',
        summary: 'Serving engines',
        description: 'Each engine\'s memory rule, multi-device strategy, efficiency factors (and how they were fitted) and calibration error bands.',
        querystring: VersionQuery,
        response: declaredResponses(EngineList, 'catalogList')
      }
    },
    async (request, reply) => {
      const catalog = catalogFor(catalogs, request.query.catalogVersion)
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { ...answerVersions(catalog), engines: [...catalog.engines] }
    }
  )
}

export default catalogRoutes
