// Every error leaves the service as an RFC 9457 application/problem+json document. Validation
// errors name each failing field with a JSON pointer (validation-errors.ts); domain errors carry
// the estimator's field problems; unexpected errors are logged in full and answered with a generic
// 500. The body is built by problem-details.ts; socket-level errors are client-error.ts's.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { EstimateError, LimitError } from '../estimator/errors.js'
import { problemTypeOfStatus, sendProblem } from './problem-details.js'
import { applyAnswerHeaders } from './security-headers.js'
import { fieldErrors, validationDetail, type AjvError } from './validation-errors.js'
import { RETRY_AFTER_SECONDS } from './retry-after.js'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (bad percent-encoding, an
 * over-long path parameter) skip the hooks, so the security headers and the request id are set here.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  applyAnswerHeaders(request, reply)
  if (error.code === 'FST_ERR_BAD_URL') return sendProblem(request, reply, 400, 'bad-url', `the path ${JSON.stringify(request.url.split('?')[0])} is not valid percent-encoded UTF-8`)
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(request, reply, 414, 'uri-too-long', 'a path segment is longer than 200 characters; catalog ids are at most 64')
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400
  return sendProblem(request, reply, status, problemTypeOfStatus(status), error.message)
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof EstimateError) {
        return sendProblem(request, reply, error.status, error.status === 404 ? 'not-found' : error instanceof LimitError ? 'limit-exceeded' : 'unprocessable', error.message, error.errors, error.title)
      }
      if (error.validation) {
        const raw = error.validation as unknown as AjvError[] & { uncheckedFields?: number; uncheckedItems?: number }
        const { errors, more } = fieldErrors(raw, error.validationContext)
        const detail = validationDetail(errors, more, raw.uncheckedItems)
        // Well-formed values above a documented limit are a 422, not a malformed request.
        const overLimit = raw.length > 0 && raw.every((e) => e.keyword === 'maximum' || e.keyword === 'maxItems')
        return overLimit ? sendProblem(request, reply, 422, 'limit-exceeded', detail, errors) : sendProblem(request, reply, 400, 'validation-error', detail, errors)
      }
      if (error.code === 'MALFORMED_CONTENT_ENCODING') return sendProblem(request, reply, 400, 'malformed-body', error.message, [{ pointer: '/body', detail: 'cannot be decoded' }])
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return sendProblem(request, reply, 415, 'unsupported-media-type', `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted; send application/json`, [
          { pointer: '/headers/content-type', detail: 'must be application/json' }
        ])
      }
      if (error.code === 'REPEATED_JSON_NAME') {
        const { pointer, detail } = error as unknown as { pointer: string; detail: string }
        return sendProblem(request, reply, 400, 'malformed-json', error.message, [{ pointer, detail }])
      }
      if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
        return sendProblem(request, reply, 400, 'malformed-json', error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the body is empty but Content-Type is application/json' : `the body is not valid JSON: ${error.message}`, [
          { pointer: '/body', detail: 'not valid JSON' }
        ])
      }
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500
      if (status >= 400 && status < 500) {
        if (status === 429 || status === 503) {
          const retry = reply.getHeader('retry-after')
          if (retry === undefined) reply.header('retry-after', String(RETRY_AFTER_SECONDS))
        }
        return sendProblem(request, reply, status, problemTypeOfStatus(status), error.message)
      }
      if (status === 503) return sendProblem(request, reply, 503, 'unavailable', error.message)
      request.log.error({ err: error }, 'unhandled error')
      return sendProblem(request, reply, 500, 'internal', 'an unexpected error occurred; quote the requestId when reporting it')
    })

    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? request.url
      // OPTIONS alone does not make a path known: the CORS plugin answers preflights on every path.
      const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null)
      // A route that takes this very method and still lands here (a static folder's wildcard with no
      // such file) is a missing resource, not a wrong method.
      if (allowed.some((method) => method !== 'OPTIONS') && !allowed.includes(request.method as (typeof METHODS)[number])) {
        reply.header('allow', allowed.join(', '))
        return sendProblem(request, reply, 405, 'method-not-allowed', `${path} does not take ${request.method}; it takes ${allowed.join(', ')}`)
      }
      if (allowed.includes(request.method as (typeof METHODS)[number])) return sendProblem(request, reply, 404, 'not-found', `no file ${path}`)
      return sendProblem(request, reply, 404, 'not-found', `no route ${request.method} ${path}; see /docs for the API`)
    })
  },
  { name: 'errors' }
)
