// GET /formulas: the formulas behind every answer, in words, under the ids answers list.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { formulaList } from '../estimator/index.js'
import { NoQuery } from '../schemas/common.js'
import { FormulaList } from '../schemas/responses.js'
import { declaredResponses } from '../schemas/statuses.js'
import { CATALOG_CACHE_CONTROL } from './cache-policy.js'

const formulaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const answer = formulaList()
  app.get(
    '/formulas',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'listFormulas',
        summary: 'Formulas in words',
        description: 'Every formula the estimator uses, in words, under the id that /estimate and /compare answers list in formulaIds (ask those with include=formulas to get the text in the answer instead).',
        querystring: NoQuery,
        response: declaredResponses(FormulaList, 'catalogIndex')
      }
    },
    async (_request, reply) => {
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return answer
    }
  )
}

export default formulaRoutes
