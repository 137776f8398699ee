// Every error leaves the service as an RFC 9457 application/problem+json document. Validation
// errors name each failing field with a JSON pointer; domain errors carry the estimator's field
// problems; unexpected errors are logged in full and answered with a generic 500.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { distance } from 'fastest-levenshtein'
import { EstimateError, type FieldProblem } from '../estimator/errors.js'
import type { ProblemDetails } from '../schemas/common.js'
import { publicPath } from './base-path.js'

export const PROBLEM_TYPES = {
  'validation-error': { title: 'Invalid request', description: 'A field has the wrong type, is out of range, is missing, or is not a known field. errors[] names each one with a JSON pointer.' },
  'malformed-json': { title: 'Malformed JSON', description: 'The request body is not valid JSON, or is empty while Content-Type says JSON.' },
  'not-found': { title: 'Not found', description: 'No route, catalog entry or catalog version by that name. Close names are suggested.' },
  unprocessable: { title: 'Request cannot be estimated', description: 'The request is well-formed but names something the catalog does not have, or asks for a combination that cannot run (precision the hardware lacks, engine not available there, closed model self-hosted...).' },
  'limit-exceeded': { title: 'Limit exceeded', description: 'A value is above a documented service limit (tokens per request, batch size, device count, candidates per comparison). The limits are the maximum values in the OpenAPI document.' },
  'payload-too-large': { title: 'Payload too large', description: 'The request body exceeds the configured limit (BODY_LIMIT_BYTES).' },
  'unsupported-media-type': { title: 'Unsupported media type', description: 'Send request bodies as application/json.' },
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

/** Turns Ajv's errors into one entry per failing field, with unknown fields named and union noise removed. */
export function fieldErrors(validation: AjvError[], context: string | undefined): FieldProblem[] {
  const prefix = PART_PREFIX[context ?? 'body'] ?? `/${context}`
  const anyOfPaths = new Set(validation.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath))
  const out: FieldProblem[] = []
  const seen = new Set<string>()
  const push = (p: FieldProblem) => {
    const key = `${p.pointer} ${p.detail}`
    if (!seen.has(key)) out.push(p)
    seen.add(key)
  }
  for (const e of validation) {
    if (e.keyword === 'additionalProperties') {
      const name = String(e.params.additionalProperty)
      const known = Object.keys(e.parentSchema?.properties ?? {})
      const guess = closest(name, known)
      push({
        pointer: `${prefix}${e.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        detail: `unknown field "${name}"${guess ? `; did you mean "${guess}"?` : known.length ? `; known fields: ${known.join(', ')}` : ''}`,
        ...(guess ? { suggestions: [guess] } : {})
      })
      continue
    }
    // Inside a union (catalog id or inline spec), the branch type errors at the union itself are noise.
    if (anyOfPaths.has(e.instancePath) && e.keyword !== 'anyOf') {
      if (e.keyword === 'type' || e.keyword === 'pattern' || e.keyword === 'minLength' || e.keyword === 'maxLength') continue
    }
    if (e.keyword === 'anyOf') {
      const deeper = validation.some((x) => x.instancePath.startsWith(`${e.instancePath}/`))
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
  const folded: FieldProblem[] = []
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
  return folded
}

function statusType(status: number): ProblemType {
  if (status === 404) return 'not-found'
  if (status === 413) return 'payload-too-large'
  if (status === 415) return 'unsupported-media-type'
  if (status === 422) return 'unprocessable'
  if (status === 429) return 'too-many-requests'
  if (status === 503) return 'unavailable'
  return 'http-error'
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof EstimateError) {
        return sendProblem(request, reply, error.status, error.status === 404 ? 'not-found' : 'unprocessable', error.message, error.errors, error.title)
      }
      if (error.validation) {
        const raw = error.validation as unknown as AjvError[]
        const errors = fieldErrors(raw, error.validationContext)
        const detail = errors.length === 1 ? `${errors[0]!.pointer}: ${errors[0]!.detail}` : `${errors.length} fields are invalid: ${errors.map((e) => e.pointer).join(', ')}`
        // Well-formed values above a documented limit are a 422, not a malformed request.
        const overLimit = raw.length > 0 && raw.every((e) => e.keyword === 'maximum' || e.keyword === 'maxItems')
        return overLimit ? sendProblem(request, reply, 422, 'limit-exceeded', detail, errors) : sendProblem(request, reply, 400, 'validation-error', detail, errors)
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

    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, 404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}; see /docs for the API`)
    )
  },
  { name: 'errors' }
)
