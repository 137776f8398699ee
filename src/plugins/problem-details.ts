// The RFC 9457 problem document every error answer is: its types (each with a page under
// /problems/), its content type, and sendProblem(), which builds the body for a request.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FieldProblem } from '../estimator/errors.js'
import type { ProblemDetails } from '../schemas/common.js'
import { publicPath } from './base-path.js'

export const PROBLEM_TYPES = {
  'validation-error': { title: 'Invalid request', description: 'A field has the wrong type, is below its minimum (or otherwise outside its allowed values), is missing, or is not a known field; values above a service limit are limit-exceeded instead. errors[] names each one with a JSON pointer.' },
  'malformed-json': { title: 'Malformed JSON', description: 'The request body is not valid JSON, is empty while Content-Type says JSON, or names a member twice in one object (errors[] points at the second).' },
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
  // A problem names its request (requestId), so no cache may keep it or serve it to another.
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).header('cache-control', 'no-store').send(body)
}

/** The problem type an HTTP error status is answered with. */
export function problemTypeOfStatus(status: number): ProblemType {
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
