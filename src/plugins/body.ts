// How request bodies are read. JSON is the only body type (anything else is a 415); it is parsed
// with JSON.parse, which makes a "__proto__" key an ordinary own field that validation then
// rejects as unknown, by name, and an object that names a member twice is refused (json-names.ts).
// Content-Encoding gzip, deflate and br are decoded, with the body limit applied to the decoded size
// (no zip bombs); identity passes; any other coding is a 415.
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { Transform } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { pointerToken } from '../estimator/errors.js'
import { repeatedName } from './json-names.js'
import { shownName } from './validation-errors.js'

const DECODERS: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress }
export const ACCEPTED_ENCODINGS = ['identity', ...Object.keys(DECODERS)]

const httpError = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { statusCode, code })

/** RFC 6901 reference token of a member name (cut as answers show names) or an array index. */
const shownToken = (step: string | number) => (typeof step === 'number' ? String(step) : pointerToken(shownName(step).shown))

/** Levels of a repeated name's path an answer spells out; deeper, it points at the body and says how deep (an answer never grows with the request's nesting). */
const MAX_POINTER_DEPTH = 32

/** The error for a body whose object names a member twice: a malformed-json problem pointing at the second one. */
function repeatedNameError(repeated: { name: string; path: (string | number)[] }) {
  const { shown, cut } = shownName(repeated.name)
  const depth = repeated.path.length
  const pointer = depth <= MAX_POINTER_DEPTH ? `/body/${repeated.path.map(shownToken).join('/')}` : '/body'
  const detail = `names "${shown}"${cut} twice in one object${depth <= MAX_POINTER_DEPTH ? '' : ` ${depth} levels deep`}`
  return Object.assign(httpError(400, 'REPEATED_JSON_NAME', `the body ${detail}; send each field once`), { pointer, detail: `${detail}; send each field once` })
}

/** The charset parameter of a Content-Type header. */
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i

export default fp(
  async function bodyPlugin(app: FastifyInstance) {
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = body as string
      // JSON between systems is UTF-8 (RFC 8259 section 8.1): another declared charset, or a UTF-16 byte
      // order mark (read as UTF-8, two replacement characters), is a media type not accepted.
      const charset = CHARSET.exec(String(request.headers['content-type'] ?? ''))?.[1]?.toLowerCase()
      if ((charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') || text.startsWith('\uFFFD\uFFFD')) {
        return done(httpError(415, 'UNSUPPORTED_CHARSET', `JSON bodies are read as UTF-8${charset === undefined ? ' (this one starts with a UTF-16 byte order mark)' : `, not ${charset}`}`), undefined)
      }
      if (text.length === 0) return done(httpError(400, 'FST_ERR_CTP_EMPTY_JSON_BODY', 'the body is empty but Content-Type is application/json'), undefined)
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (err) {
        return done(Object.assign(err as Error, { statusCode: 400 }), undefined)
      }
      const repeated = repeatedName(text)
      if (repeated) return done(repeatedNameError(repeated), undefined)
      done(null, parsed)
    })

    // A plain callback with the common case first: it runs on every request with a body.
    app.addHook('preParsing', (request, _reply, payload, done) => {
      const header = request.headers['content-encoding']
      // Fastify reads no body on GET and HEAD, so their Content-Encoding does not matter.
      if (header === undefined || request.method === 'GET' || request.method === 'HEAD') return done(null, payload)
      const codings = String(header)
        .split(',')
        .map((c) => c.trim().toLowerCase())
        .filter((c) => c !== '' && c !== 'identity')
      if (codings.length === 0) return done(null, payload)
      const unknown = codings.find((c) => !DECODERS[c])
      if (unknown !== undefined) return done(httpError(415, 'UNSUPPORTED_CONTENT_ENCODING', `Content-Encoding "${unknown}" is not accepted; send ${ACCEPTED_ENCODINGS.join(', ')}`))
      if (codings.length > 1) return done(httpError(415, 'UNSUPPORTED_CONTENT_ENCODING', `one Content-Encoding at most (got ${codings.join(', ')})`))
      const decoder = DECODERS[codings[0]!]!()
      // Fastify compares Content-Length with the encoded size, and the limit with both sizes.
      let encodedBytes = 0
      payload.on('data', (chunk: Buffer) => {
        encodedBytes += chunk.length
        ;(decoder as Transform & { receivedEncodedLength?: number }).receivedEncodedLength = encodedBytes
      })
      payload.on('error', (err) => decoder.destroy(err))
      decoder.on('error', (err: Error & { code?: string; statusCode?: number }) => {
        err.statusCode = 400
        err.code = 'MALFORMED_CONTENT_ENCODING'
        err.message = `the body is not valid ${codings[0]} data: ${err.message}`
      })
      done(null, payload.pipe(decoder))
    })
  },
  { name: 'body' }
)
