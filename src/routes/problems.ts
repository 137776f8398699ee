// GET /problems/:type: what each problem type URI means (the `type` of every error document).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { EstimateError } from '../estimator/errors.js'
import { publicPath } from '../plugins/base-path.js'
import { PROBLEM_TYPES, type ProblemType } from '../plugins/problem-details.js'

const problemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/problems/:type',
    {
      schema: {
        hide: true,
        params: Type.Object({ type: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ type: Type.String(), title: Type.String(), description: Type.String() }) }
      }
    },
    async (request) => {
      const t = request.params.type as ProblemType
      const p = PROBLEM_TYPES[t]
      if (!Object.hasOwn(PROBLEM_TYPES, t) || !p) {
        throw new EstimateError(404, 'Unknown problem type', `no problem type "${request.params.type}"`, [
          { pointer: '/params/type', detail: `known types: ${Object.keys(PROBLEM_TYPES).join(', ')}` }
        ])
      }
      return { type: publicPath(request, `/problems/${t}`), title: p.title, description: p.description }
    }
  )
}

export default problemRoutes
