// Every error leaves the service as an RFC 9457 application/problem+json document. Validation
// errors name each failing field with a JSON pointer; domain errors carry the estimator's field
// problems; unexpected errors are logged in full and answered with a generic 500.
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { distance } from 'fastest-levenshtein'
import { EstimateError, type FieldProblem } from '../estimator/errors.js'
import type { ProblemDetails } from '../schemas/common.js'
import { applySecurityHeaders, SECURITY_HEADERS } from './security-headers.js'
import { publicPath } from './base-path.js'

export const PROBLEM_TYPES = {
  'validation-error': { title: 'Invalid request', description: 'A field has the wrong type, is out of range, is missing, or is not a known field. errors[] names each one with a JSON pointer.' },
  'malformed-json': { title: 'Malformed JSON', description: 'The request body is not valid JSON, or is empty while Content-Type says JSON.' },
  'not-found': { title: 'Not found', description: 'No route, catalog entry or catalog version by that name. Close names are suggested.' },
  unprocessable: { title: 'Request cannot be estimated', description: 'The request is well-formed but names something the catalog does not have, or asks for a combination that cannot run (precision the hardware lacks, engine not available there, closed model self-hosted...).' },
  'limit-exceeded': { title: 'Limit exceeded', description: 'A value is above a documented service limit (tokens per request, batch size, device count, candidates per comparison). The limits are the maximum values in the OpenAPI document.' },
  'bad-url': { title: 'Bad URL', description: 'The path is not valid percent-encoding (e.g. %c0); encode path segments as UTF-8.' },
  'uri-too-long': { title: 'URI too long', description: 'A path segment is longer than the service accepts (ids are at most 200 characters).' },
  'method-not-allowed': { title: 'Method not allowed', description: 'The path exists but not with this method; the Allow header lists the methods it takes.' },
  'malformed-body': { title: 'Malformed body', description: 'The body could not be decoded: Content-Encoding names gzip, deflate or br but the bytes are not in that format.' },
  'request-timeout': { title: 'Request timeout', description: 'The request (headers and body) did not arrive within the time the service allows (REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS); the connection is closed.' },
  'headers-too-large': { title: 'Request headers too large', description: 'The request headers exceed the size Node.js accepts (16 KB by default).' },
  'payload-too-large': { title: 'Payload too large', description: 'The request body exceeds the configured limit (BODY_LIMIT_BYTES).' },
  'unsupported-media-type': { title: 'Unsupported media type', description: 'Send request bodies as application/json, uncompressed or with Content-Encoding gzip, deflate or br.' },
  'too-many-requests': { title: 'Too many requests', description: 'Rate limit reached; retry after the Retry-After delay.' },
  unavailable: { title: 'Service unavailable', description: 'The service is starting, shutting down or overloaded; retry later.' },
  'http-error': { title: 'HTTP error', description: 'A protocol-level error reported by the HTTP server.' },
  internal: { title: 'Internal error', description: 'Something unexpected failed. Quote the requestId when reporting it.' }
} as const
export type ProblemType = keyof typeof PROBLEM_TYPES

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  type: ProblemType,
  detail: string,
  errors?: FieldProblem[],
  title?: string
) {
  const body: ProblemDetails = {
    type: publicPath(request, `/problems/${type}`),
    title: title ?? PROBLEM_TYPES[type].title,
    status,
    detail,
    instance: publicPath(request, request.url.split('?')[0] ?? request.url),
    requestId: String(request.id),
    ...(errors && errors.length > 0 ? { errors } : {})
  }
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(body)
}

interface AjvError {
  keyword: string
  instancePath: string
  message?: string
  params: Record<string, unknown>
  parentSchema?: { properties?: Record<string, unknown> }
}

const PART_PREFIX: Record<string, string> = { body: '/body', querystring: '/query', params: '/params', headers: '/headers' }

function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase())
    if (d < bestD) {
      best = c
      bestD = d
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined
}

/** Field problems listed in one answer; the rest are counted in the detail, not listed. */
export const MAX_FIELD_ERRORS = 10

type Pending = FieldProblem & { unknown?: { name: string; known: string[] } }

/**
 * Turns Ajv's errors into one entry per failing field, with unknown fields named and union noise
 * removed. Lists at most `limit` of them (suggestions are computed only for those) and says how
 * many more there were, counting fields the validator left unchecked.
 */
export function fieldErrors(validation: AjvError[] & { uncheckedFields?: number }, context: string | undefined, limit = MAX_FIELD_ERRORS): { errors: FieldProblem[]; more: number } {
  const prefix = PART_PREFIX[context ?? 'body'] ?? `/${context}`
  const anyOfPaths = new Set(validation.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath))
  const deeperThan = new Set<string>()
  for (const e of validation) {
    // Every ancestor path of an error has a deeper error below it.
    const parts = e.instancePath.split('/')
    for (let i = 1; i < parts.length; i++) deeperThan.add(parts.slice(0, i).join('/'))
  }
  const out: Pending[] = []
  const seen = new Set<string>()
  const push = (p: Pending) => {
    const key = `${p.pointer} ${p.detail}`
    if (!seen.has(key)) out.push(p)
    seen.add(key)
  }
  for (const e of validation) {
    if (e.keyword === 'additionalProperties') {
      const name = String(e.params.additionalProperty)
      push({ pointer: `${prefix}${e.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, detail: `unknown field "${name}"`, unknown: { name, known: Object.keys(e.parentSchema?.properties ?? {}) } })
      continue
    }
    // Inside a union (catalog id or inline spec), the branch type errors at the union itself are noise.
    if (anyOfPaths.has(e.instancePath) && e.keyword !== 'anyOf') {
      if (e.keyword === 'type' || e.keyword === 'pattern' || e.keyword === 'minLength' || e.keyword === 'maxLength') continue
    }
    if (e.keyword === 'anyOf') {
      const deeper = deeperThan.has(e.instancePath)
      const branches = validation.filter((x) => x.instancePath === e.instancePath && x.keyword !== 'anyOf')
      // Deeper errors say more (an inline spec with a bad field); a union of literals is folded below.
      if (deeper || (branches.length > 0 && branches.every((x) => x.keyword === 'const'))) continue
      const types = [...new Set(branches.filter((x) => x.keyword === 'type').map((x) => String(x.params.type)))]
      push({
        pointer: `${prefix}${e.instancePath}`,
        detail: types.length > 0 ? `must be ${types.map((t) => (t === 'string' ? 'a string (catalog id or alias)' : t === 'object' ? 'an object (inline spec)' : t)).join(' or ')}` : 'does not match any allowed form'
      })
      continue
    }
    if (e.keyword === 'required') {
      push({ pointer: `${prefix}${e.instancePath}/${String(e.params.missingProperty)}`, detail: 'required field is missing' })
      continue
    }
    if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
      push({ pointer: `${prefix}${e.instancePath}`, detail: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` })
      continue
    }
    push({ pointer: `${prefix}${e.instancePath}`, detail: e.message ?? 'is invalid' })
  }
  // Literal unions produce one "must be equal to constant" per branch: fold them into one line per field.
  const folded: Pending[] = []
  const constants = new Map<string, string[]>()
  validation
    .filter((e) => e.keyword === 'const')
    .forEach((e) => {
      const p = `${prefix}${e.instancePath}`
      constants.set(p, [...(constants.get(p) ?? []), JSON.stringify(e.params.allowedValue)])
    })
  for (const p of out) {
    if (p.detail === 'must be equal to constant' && constants.has(p.pointer)) {
      folded.push({ pointer: p.pointer, detail: `must be one of ${constants.get(p.pointer)!.join(', ')}` })
      constants.delete(p.pointer)
    } else if (p.detail !== 'must be equal to constant') {
      folded.push(p)
    }
  }
  const errors = folded.slice(0, limit).map(({ unknown, ...p }): FieldProblem => {
    if (!unknown) return p
    const guess = closest(unknown.name, unknown.known)
    const hint = guess ? `; did you mean "${guess}"?` : unknown.known.length ? `; known fields: ${unknown.known.join(', ')}` : ''
    return { ...p, detail: `${p.detail}${hint}`, ...(guess ? { suggestions: [guess] } : {}) }
  })
  return { errors, more: folded.length - errors.length + (validation.uncheckedFields ?? 0) }
}

/** The detail line of a validation problem: the one field, or how many and which (then how many more). */
export function validationDetail(errors: FieldProblem[], more: number, uncheckedItems = 0): string {
  const unchecked = uncheckedItems > 0 ? ` (${uncheckedItems} array items past the longest list allowed were not checked)` : ''
  if (errors.length === 1 && more === 0) return `${errors[0]!.pointer}: ${errors[0]!.detail}${unchecked}`
  const listed = errors.map((e) => e.pointer).join(', ')
  if (more === 0) return `${errors.length} fields are invalid: ${listed}${unchecked}`
  return `${errors.length + more} fields are invalid; the first ${errors.length}: ${listed}; ${more} more not listed${unchecked}`
}

function statusType(status: number): ProblemType {
  if (status === 404) return 'not-found'
  if (status === 405) return 'method-not-allowed'
  if (status === 408) return 'request-timeout'
  if (status === 414) return 'uri-too-long'
  if (status === 431) return 'headers-too-large'
  if (status === 413) return 'payload-too-large'
  if (status === 415) return 'unsupported-media-type'
  if (status === 422) return 'unprocessable'
  if (status === 429) return 'too-many-requests'
  if (status === 503) return 'unavailable'
  return 'http-error'
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (bad percent-encoding, an
 * over-long path parameter) skip the hooks, so the security headers and the request id are set here.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  applySecurityHeaders(reply.raw)
  reply.header('x-request-id', request.id)
  if (error.code === 'FST_ERR_BAD_URL') return sendProblem(request, reply, 400, 'bad-url', `the path ${JSON.stringify(request.url.split('?')[0])} is not valid percent-encoded UTF-8`)
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(request, reply, 414, 'uri-too-long', 'a path segment is longer than 200 characters; catalog ids are at most 64')
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400
  return sendProblem(request, reply, status, statusType(status), error.message)
}

/**
 * Fastify's `clientErrorHandler`: what Node reports on the raw socket (request or headers
 * timeout, oversized headers, unparsable HTTP). There is no request object, so the answer is
 * written by hand, as problem+json with a fresh request id, and the connection is closed.
 */
export function clientError(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, type, detail]: [number, ProblemType, string] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request-timeout', 'the request did not arrive in time; the connection is closed']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers-too-large', 'the request headers are too large']
        : [400, 'http-error', 'the request is not valid HTTP/1.1']
  this.log.debug({ err: error }, 'client error')
  if (!socket.writable) return socket.destroy()
  const requestId = randomUUID()
  const body = JSON.stringify({ type: `/problems/${type}`, title: PROBLEM_TYPES[type].title, status, detail, requestId } satisfies ProblemDetails)
  const head: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    connection: 'close'
  }
  const lines = Object.entries(head).map(([name, value]) => `${name}: ${value}\r\n`)
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`)
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof EstimateError) {
        return sendProblem(request, reply, error.status, error.status === 404 ? 'not-found' : 'unprocessable', error.message, error.errors, error.title)
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
      if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
        return sendProblem(request, reply, 400, 'malformed-json', error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the body is empty but Content-Type is application/json' : `the body is not valid JSON: ${error.message}`, [
          { pointer: '/body', detail: 'not valid JSON' }
        ])
      }
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500
      if (status >= 400 && status < 500) {
        if (status === 429 || status === 503) {
          const retry = reply.getHeader('retry-after')
          if (retry === undefined) reply.header('retry-after', '1')
        }
        return sendProblem(request, reply, status, statusType(status), error.message)
      }
      if (status === 503) return sendProblem(request, reply, 503, 'unavailable', error.message)
      request.log.error({ err: error }, 'unhandled error')
      return sendProblem(request, reply, 500, 'internal', 'an unexpected error occurred; quote the requestId when reporting it')
    })

    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? request.url
      // OPTIONS alone does not make a path known: the CORS plugin answers preflights on every path.
      const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null)
      if (allowed.some((method) => method !== 'OPTIONS')) {
        reply.header('allow', allowed.join(', '))
        return sendProblem(request, reply, 405, 'method-not-allowed', `${path} does not take ${request.method}; it takes ${allowed.join(', ')}`)
      }
      return sendProblem(request, reply, 404, 'not-found', `no route ${request.method} ${path}; see /docs for the API`)
    })
  },
  { name: 'errors' }
)
