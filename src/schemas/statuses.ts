// Every status a route can answer, with the headers that come with it, for the OpenAPI document.
// One list per kind of route, so a route declares what it is (a cached catalog GET, a body POST,
// a probe) and gets every status the service's plugins can add to it:
//   - 400 malformed input; 404 unknown id or catalogVersion; 413/415 body too large or not JSON;
//     414 an id longer than the router accepts; 422 well-formed but cannot be estimated, or a
//     value above a documented limit (GET filters too);
//   - 304 for a matching If-None-Match on catalog answers (ETag);
//   - 408 on any route when a client sends its request too slowly (the connection is then closed);
//   - 429 when RATE_LIMIT_MAX is set (never on probes); 503 while shutting down or shedding load
//     (probes are never shed, but answer 503 while closing); 500 is declared for honesty.
// test/http/hostile-statuses.test.ts checks the statuses the fuzz tests see against these lists.
import { Type, type TSchema } from 'typebox'
import { responses } from './common.js'

const header = (description: string, type: 'string' | 'integer' = 'string') => ({ type, description })

const REQUEST_ID = { 'x-request-id': header('Request id: the caller\'s x-request-id when it is a safe token, otherwise a new UUID. Quote it when reporting a problem.') }
const RATE_LIMIT = {
  'x-ratelimit-limit': header('Requests a client address may make per window (only when RATE_LIMIT_MAX is set).', 'integer'),
  'x-ratelimit-remaining': header('Requests left in the current window.', 'integer'),
  'x-ratelimit-reset': header('Seconds until the window resets.', 'integer')
}
const RETRY_AFTER = { 'retry-after': header('Seconds to wait before retrying.', 'integer') }
const ETAG = { etag: header('Strong entity tag of the answer; send it back in If-None-Match to get a 304 while the catalog is unchanged.') }
const CACHE_CONTROL = { 'cache-control': header('Caching policy of the answer (no-store on every problem document).') }

const EXTRA_TEXT: Record<number, string> = {
  408: 'The request (headers and body) did not arrive within REQUEST_TIMEOUT_MS (headers: HEADERS_TIMEOUT_MS); the connection is closed.',
  414: 'A path segment longer than the router accepts (200 characters).',
  429: 'Rate limit reached (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS per client address); retry after Retry-After seconds.',
  503: 'Shutting down, or overloaded (load shedding); retry after Retry-After seconds.'
}

const PROBE_UNAVAILABLE = 'Shutting down (draining before exit); retry after Retry-After seconds on another replica. Probes are never shed under load.'

/** The statuses each kind of route can answer besides 200. */
export const ROUTE_STATUSES = {
  /** POST /estimate, POST /compare: JSON body in, estimate out. */
  estimate: [400, 404, 408, 413, 415, 422, 429, 500, 503],
  /** Cached catalog list with a catalogVersion query and no limit-checked filter. */
  catalogList: [304, 400, 404, 408, 429, 500, 503],
  /** Cached catalog list whose filters have documented maxima (422 above them). */
  catalogListWithLimits: [304, 400, 404, 408, 422, 429, 500, 503],
  /** Cached catalog entry named in the path, with a limit-checked query. */
  catalogEntry: [304, 400, 404, 408, 414, 422, 429, 500, 503],
  /** Cached catalog answer without any query parameter. */
  catalogIndex: [304, 400, 408, 429, 500, 503],
  /** A problem type's description (the URI in an error document's `type`), named in the path. */
  problemType: [400, 404, 408, 414, 429, 500, 503],
  /** Liveness/readiness: any query string is ignored, never rate limited or shed, 503 while closing. */
  probe: [408, 500, 503],
  /** The OpenAPI document: any query string is ignored, never rate limited, ETag-cached. */
  document: [304, 408, 500, 503]
} as const satisfies Record<string, readonly number[]>

export type RouteKind = keyof typeof ROUTE_STATUSES

/**
 * Response schemas for a probe-like route whose 200 answer is not JSON (GET /metrics: Prometheus's
 * text format): the text under `contentType`, and the problem documents and headers of a probe.
 */
export function declaredTextResponses(contentType: string, okDescription: string) {
  const text = Type.String({ description: okDescription })
  const out = declaredResponses(text, 'probe', okDescription)
  out[200] = { ...out[200], content: { [contentType]: { schema: text } } }
  return out
}

/** Response schemas for a route of `kind`: `ok` for 200, a problem document per error status, and each status's headers. */
export function declaredResponses<T extends TSchema>(ok: T, kind: RouteKind, okDescription?: string) {
  const statuses = [...ROUTE_STATUSES[kind]]
  const limited = kind !== 'probe' && kind !== 'document'
  const cached = statuses.includes(304)
  const out = responses(ok, statuses, okDescription) as Record<number, Record<string, unknown>>
  for (const status of [200, ...statuses]) {
    const entry = { ...out[status]! }
    // Probes are never shed under load (src/plugins/operations.ts): their 503 is shutting down only.
    const text = kind === 'probe' && status === 503 ? PROBE_UNAVAILABLE : EXTRA_TEXT[status]
    if (text && (entry.description === 'Error' || status === 503)) entry.description = text
    entry.headers = {
      ...REQUEST_ID,
      ...CACHE_CONTROL,
      ...(cached && (status === 200 || status === 304) ? ETAG : {}),
      ...(limited && status !== 304 ? RATE_LIMIT : {}),
      ...(status === 429 || status === 503 ? RETRY_AFTER : {})
    }
    out[status] = entry
  }
  return out
}
