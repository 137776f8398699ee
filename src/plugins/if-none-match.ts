// If-None-Match as RFC 9110 reads it (section 13.1.2), on top of @fastify/etag, which answers 304
// only to a header that is exactly the ETag: a list of entity tags matches when any of them does
// (weak comparison: W/ is ignored), and "*" matches any current representation.
import etag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'

/** Whether an If-None-Match header value matches the entity tag `tag`. */
export function ifNoneMatchHolds(header: string, tag: string): boolean {
  if (header.trim() === '*') return true
  const opaque = (value: string) => value.trim().replace(/^W\//, '')
  const wanted = opaque(tag)
  return header.split(',').some((candidate) => opaque(candidate) === wanted)
}

/** ETags on every answer of `scope` (@fastify/etag), and this reading of If-None-Match after it (hooks run in the order they are added). */
export async function conditionalGets(scope: FastifyInstance): Promise<void> {
  await scope.register(etag)
  scope.addHook('onSend', async (request, reply, payload) => {
    // A 304 has no body, so no content type (RFC 9110 section 15.4.5), whichever hook answered it.
    if (reply.statusCode === 304) {
      reply.removeHeader('content-type')
      return payload
    }
    // An error answer is not a representation of the resource: no entity tag to revalidate it by.
    if (reply.statusCode >= 400) {
      reply.removeHeader('etag')
      return payload
    }
    const header = request.headers['if-none-match']
    const tag = reply.getHeader('etag')
    if (reply.statusCode !== 200 || typeof header !== 'string' || typeof tag !== 'string' || !ifNoneMatchHolds(header, tag)) return payload
    reply.code(304)
    reply.removeHeader('content-type')
    return ''
  })
}
