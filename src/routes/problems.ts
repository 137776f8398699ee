// GET /problems/:type: what each problem type URI means (the `type` of every error document).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { EstimateError } from '../estimator/errors.js'
import { publicPath } from '../plugins/base-path.js'
import { PROBLEM_TYPES, type ProblemType } from '../plugins/problem-details.js'
import { ProblemType as ProblemTypeAnswer } from '../schemas/responses.js'
import { declaredResponses } from '../schemas/statuses.js'
import { CATALOG_CACHE_CONTROL } from './cache-policy.js'

const problemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/problems/:type',
    {
      schema: {
        tags: ['errors'],
        operationId: 'getProblemType',
        summary: 'What a problem type means',
        description: 'The description behind the `type` URI of an error document (every error is an RFC 9457 application/problem+json document whose `type` is /problems/{type}).',
        params: Type.Object({ type: Type.String({ minLength: 1, maxLength: 64, description: `Problem type: ${Object.keys(PROBLEM_TYPES).join(', ')}.`, examples: ['validation-error'] }) }, { additionalProperties: false }),
        response: declaredResponses(ProblemTypeAnswer, 'problemType')
      }
    },
    async (request, reply) => {
      const t = request.params.type as ProblemType
      const p = PROBLEM_TYPES[t]
      if (!Object.hasOwn(PROBLEM_TYPES, t) || !p) {
        throw new EstimateError(404, 'Unknown problem type', `no problem type "${request.params.type}"`, [
          { pointer: '/params/type', detail: `known types: ${Object.keys(PROBLEM_TYPES).join(', ')}` }
        ])
      }
      // The descriptions change only with the service version: cached as catalog answers are.
      reply.header('cache-control', CATALOG_CACHE_CONTROL)
      return { type: publicPath(request, `/problems/${t}`), title: p.title, description: p.description }
    }
  )
}

export default problemRoutes
