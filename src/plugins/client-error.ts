// The answer to what Node reports on the raw socket before there is a request (a request or
// headers timeout, oversized headers, unparsable HTTP): problem+json written by hand.
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { ProblemDetails } from '../schemas/common.js'
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type ProblemType } from './problem-details.js'
import { SECURITY_HEADERS } from './security-headers.js'

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
    'cache-control': 'no-store',
    connection: 'close'
  }
  const lines = Object.entries(head).map(([name, value]) => `${name}: ${value}\r\n`)
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`)
}
