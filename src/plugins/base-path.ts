// The path prefix under which a gateway publishes the service (`/llm-calc` when nginx maps
// `location /llm-calc/ { proxy_pass http://svc/; }`). It comes from X-Forwarded-Prefix when a
// trusted proxy sends one (TRUST_PROXY), otherwise from PUBLIC_BASE_PATH, and is '' when neither
// is set. Everything that hands a URL back to a client uses it:
//   - the OpenAPI document served at /openapi.json and /docs/json gets `servers: [{ url: prefix }]`
//     when a prefix is known, so Swagger UI's "Try it out" and generated clients call through the
//     gateway (without one it keeps the servers src/plugins/swagger.ts gives it);
//   - redirects (Location: /docs/ ...) are prefixed, and /docs without its slash redirects to
//     /docs/ so Swagger UI's asset URLs, which are relative there, resolve under the prefix;
//   - problem documents' `type` and `instance` (src/plugins/problem-details.ts calls publicPath()).
// The calculator page needs nothing from here: its asset and API URLs are relative.
import type { FastifyInstance, FastifyReply, FastifyRequest, preSerializationHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { BASE_PATH_PATTERN, type Config } from '../config.js'

/** Routes that serve the OpenAPI document (ours and Swagger UI's). */
export const SPEC_ROUTES = ['/openapi.json', '/docs/json']
/** Swagger UI's page; without its trailing slash its relative asset URLs would miss the prefix. */
export const DOCS_ROUTE = '/docs'

const basePathShape = new RegExp(BASE_PATH_PATTERN)
const MAX_PREFIX_LENGTH = 256

declare module 'fastify' {
  interface FastifyRequest {
    /** '' or the public path prefix of this service for this request, without a trailing slash. */
    publicBasePath: string
  }
}

/**
 * Normalises a base path: no trailing slash, '' for the root. Undefined when it is not a plain
 * absolute path (a full URL, `..` segments, spaces, quotes...), so a bad header is ignored.
 */
export function normaliseBasePath(value: string): string | undefined {
  const trimmed = value.trim()
  if (trimmed.length > MAX_PREFIX_LENGTH || !basePathShape.test(trimmed)) return undefined
  const segments = trimmed.split('/').filter((segment) => segment.length > 0)
  if (segments.some((segment) => segment === '.' || segment === '..')) return undefined
  return segments.length === 0 ? '' : `/${segments.join('/')}`
}

/**
 * The prefix one X-Forwarded-Prefix header names. Several values (one per proxy, outermost
 * first, comma-separated or repeated) are joined in order. Undefined when absent or malformed.
 */
export function forwardedPrefix(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined
  const values = (Array.isArray(header) ? header : [header]).flatMap((value) => value.split(','))
  let joined = ''
  for (const value of values) {
    const part = normaliseBasePath(value)
    if (part === undefined) return undefined
    joined += part
  }
  return normaliseBasePath(joined)
}

/** A service-root-relative path (starting with '/') as the client must request it. */
export function publicPath(request: FastifyRequest, path: string): string {
  return `${request.publicBasePath ?? ''}${path}`
}

/** True for /docs itself, with or without a query string (not /docs/ nor /docs/...). */
function isDocsRoute(url: string) {
  return url.startsWith(DOCS_ROUTE) && (url.length === DOCS_ROUTE.length || url[DOCS_ROUTE.length] === '?')
}

function isRedirect(reply: FastifyReply) {
  return reply.statusCode >= 300 && reply.statusCode < 400
}

export default fp(
  async function basePathPlugin(app: FastifyInstance, { config }: { config: Config }) {
    app.decorateRequest('publicBasePath', '')
    // These hooks run on every request, so they are plain callbacks (no promise per request).
    app.addHook('onRequest', (request, reply, done) => {
      const fromHeader = request.fromTrustedProxy ? forwardedPrefix(request.headers['x-forwarded-prefix']) : undefined
      request.publicBasePath = fromHeader ?? config.publicBasePath
      if ((request.method === 'GET' || request.method === 'HEAD') && isDocsRoute(request.url)) {
        reply.redirect(`${DOCS_ROUTE}/`, 301)
        return
      }
      done()
    })
    const withServers: preSerializationHookHandler = (request, _reply, payload, done) => {
      // Without a known prefix the document keeps the servers src/plugins/swagger.ts gives it.
      if (request.publicBasePath === '' || payload === null || typeof payload !== 'object') return done(null, payload)
      done(null, { ...payload, servers: [{ url: request.publicBasePath, description: 'This service, under the path prefix its gateway publishes it at' }] })
    }
    // A hook of the routes serving the document only: on every route, each answer paid a hook run.
    app.addHook('onRoute', (route) => {
      if (!SPEC_ROUTES.includes(route.url)) return
      const own = route.preSerialization
      route.preSerialization = own === undefined ? [withServers] : [...(Array.isArray(own) ? own : [own]), withServers]
    })
    app.addHook('onSend', (request, reply, payload, done) => {
      const location = reply.getHeader('location')
      if (request.publicBasePath !== '' && isRedirect(reply) && typeof location === 'string' && location.startsWith('/') && !location.startsWith('//')) {
        reply.header('location', publicPath(request, location))
      }
      done(null, payload)
    })
  },
  { name: 'base-path', dependencies: ['proxy-trust'] }
)
