// The security headers every answer carries, from helmet, computed once at start-up. (Our helmet
// settings are static, so the header set is the same for every request; @fastify/helmet would
// rebuild the middleware, CSP parsing included, on every request.) Framework errors that bypass
// the hooks (bad URL, 414, client timeouts) use the same list.
import helmet from 'helmet'

const middleware = helmet({
  // Swagger UI and the calculator page load only their own scripts; Swagger UI sets inline
  // styles and shows data: images.
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"]
    }
  },
  crossOriginEmbedderPolicy: false
})

function capture(): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value)
    },
    removeHeader: () => undefined
  }
  middleware({} as never, response as never, () => undefined)
  return headers
}

/** Header name (lower case) → value, as helmet sets them. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(capture())

/**
 * Sets the headers every answer carries, the security headers and the request id, on a Fastify
 * reply, among the headers Fastify hands Node's writeHead() in one object. (Set on the Node response
 * with setHeader, as before, each was validated and stored on its own, and Node then merged
 * Fastify's headers into them one setHeader at a time; with none set on the Node response,
 * writeHead() writes the object as it is.) A route may still replace one. Called by the app's first
 * onRequest hook (src/app.ts) and by the handler of framework errors that skip the hooks
 * (src/plugins/errors.ts).
 */
export function applyAnswerHeaders(request: { id: string }, reply: { headers(values: Record<string, string>): unknown; header(name: string, value: string): unknown }) {
  reply.headers(SECURITY_HEADERS)
  reply.header('x-request-id', request.id)
}
