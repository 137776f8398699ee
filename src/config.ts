// Configuration from environment variables, validated once at start-up. A bad value stops the
// process with a message that names every offending variable.
import { isIP } from 'node:net'
import Type, { type Static } from 'typebox'
import Value from 'typebox/value'
import { distance } from 'fastest-levenshtein'

/** An absolute URL path of plain segments, with or without a trailing slash ('' or '/' for none). */
export const BASE_PATH_PATTERN = "^(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*/?$"

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
type LogLevel = (typeof LOG_LEVELS)[number]

export const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'TCP port to listen on.' }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0', description: 'Address to bind (0.0.0.0 inside a container).' }),
  LOG_LEVEL: Type.Unsafe<LogLevel>(Type.String({ pattern: `^(${LOG_LEVELS.join('|')})$`, default: 'info', description: `One of ${LOG_LEVELS.join(', ')}.` })),
  TRUST_PROXY: Type.String({ default: '', description: 'Comma-separated addresses/CIDRs of trusted proxies; empty trusts none.' }),
  CORS_ORIGINS: Type.String({ default: '', description: 'Comma-separated allowed browser origins, or * for any; empty disables CORS headers.' }),
  CATALOG_DIR: Type.Optional(Type.String({ minLength: 1, description: 'Folder of catalog versions (default: the shipped catalog/).' })),
  CATALOG_OVERRIDE_DIR: Type.Optional(Type.String({ minLength: 1, description: 'Folder whose JSON files add or replace catalog entries.' })),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 8000, description: 'How long in-flight requests may run after SIGTERM.' }),
  SHUTDOWN_READINESS_DELAY_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 5000, description: 'After SIGTERM, how long /readyz answers 503 while requests are still served, before the listener closes.' }),
  PUBLIC_BASE_PATH: Type.String({ default: '', pattern: BASE_PATH_PATTERN, description: 'Path prefix under which a gateway publishes the service (e.g. /llm-calc); a trusted X-Forwarded-Prefix overrides it per request.' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 100_000_000, default: 1_048_576, description: 'Largest request body accepted.' }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'Requests one client address may make per window; 0 turns rate limiting off.' }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 100, maximum: 86_400_000, default: 60_000, description: 'Rate-limit window.' }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 0, description: 'Shed load (503) when the event loop lags more than this; 0 turns it off.' }),
  MAX_UNSENT_ANSWER_BYTES: Type.Integer({ minimum: 0, maximum: 10_000_000_000, default: 64_000_000, description: 'Answers of /estimate and /compare handed to sockets and not yet read by their clients, bytes; above it those routes answer 503 with Retry-After. 0 turns the bound off.' }),
  MAX_EVENT_LOOP_UTILIZATION: Type.Number({ minimum: 0, maximum: 1, default: 0, description: 'Shed load (503) above this event-loop utilization (0-1); 0 turns it off.' }),
  METRICS_ENABLED: Type.Boolean({ default: true, description: 'Serve Prometheus metrics at /metrics.' }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000, description: 'Longest time a client may take to send one whole request (headers and body); a slower one gets 408 and its connection is closed.' }),
  HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000, description: 'Longest time a client may take to send the request headers; at most REQUEST_TIMEOUT_MS.' }),
  KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 72_000, description: 'How long an idle kept-alive connection stays open; keep it above the gateway\'s upstream idle timeout (nginx 60 s, AWS ALB 60 s).' }),
  MAX_CONNECTIONS: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 1024, description: 'Open connections one replica accepts; further connections are closed at once. 0 means no cap.' }),
  MAX_REQUESTS_PER_SOCKET: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'Requests served on one kept-alive connection before it is closed (spreads load after scale-out); 0 means no limit.' })
})
type Env = Static<typeof EnvSchema>

export interface Config {
  port: number
  host: string
  logLevel: Env['LOG_LEVEL']
  trustProxy: string[]
  corsOrigins: string[]
  catalogDir: string | undefined
  catalogOverrideDir: string | undefined
  shutdownGraceMs: number
  shutdownReadinessDelayMs: number
  /** '' or a path like /llm-calc (no trailing slash). */
  publicBasePath: string
  bodyLimitBytes: number
  rateLimit: { max: number; windowMs: number } | null
  loadShedding: { maxEventLoopDelayMs: number; maxEventLoopUtilization: number } | null
  metricsEnabled: boolean
  /** Bytes of estimate and compare answers waiting for their clients above which those routes answer 503 (0: no bound). */
  maxUnsentAnswerBytes: number
  /** Limits for slow or numerous clients, milliseconds and counts (0 = no cap / no limit). */
  connections: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number; maxRequestsPerSocket: number }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0)

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal']

/** Why `entry` is not an address, a CIDR range (address/prefix length) or a proxy-addr keyword; undefined when it is one. */
export function proxyEntryProblem(entry: string): string | undefined {
  if (PROXY_KEYWORDS.includes(entry)) return undefined
  const [address = '', prefix, extra] = entry.split('/')
  if (extra !== undefined) return 'has more than one "/"'
  const family = isIP(address)
  if (family === 0) return `"${address}" is not an IPv4 or IPv6 address`
  if (prefix === undefined) return undefined
  const widest = family === 4 ? 32 : 128
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > widest) return `prefix length "/${prefix}" must be 0-${widest} for an IPv${family} address`
  return undefined
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

/** Why `host` cannot be bound: it must be an IP address or a DNS host name; undefined when it is one. */
export function hostProblem(host: string): string | undefined {
  if (isIP(host) !== 0) return undefined
  if (/^[\d.]+$/.test(host)) return 'looks like an IPv4 address but is not one (four numbers 0-255)'
  if (HOSTNAME.test(host)) return undefined
  return 'is not an IP address (e.g. 0.0.0.0, ::, 127.0.0.1) or a host name (e.g. localhost)'
}

/** Why `text` is not written as a value of this JSON-schema type (decimal digits, a decimal number, true or false); undefined when it is. */
function syntaxProblem(type: string | undefined, text: string): string | undefined {
  if (type === 'integer' && !/^[+-]?\d+$/.test(text)) return 'must be a whole number written in decimal digits'
  if (type === 'number' && !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return 'must be a decimal number (digits, an optional point)'
  if (type === 'boolean' && !/^(true|false)$/.test(text)) return 'must be true or false'
  return undefined
}

/**
 * Variables in `env` that look like a misspelling of one the service reads (one edit from a short name, two from a long one,
 * e.g. SHUTDOWN_GRACE_M or RATE_LIMT_MAX), each with the one it resembles: they are ignored, so the
 * server warns about them at start rather than run on the default without a word.
 */
export function misspeltVariables(env: Record<string, string | undefined>): { name: string; didYouMean: string }[] {
  const known = Object.keys(EnvSchema.properties)
  const found: { name: string; didYouMean: string }[] = []
  for (const name of Object.keys(env)) {
    if (known.includes(name)) continue
    const nearest = known.map((candidate) => ({ candidate, edits: distance(name.toUpperCase(), candidate) })).sort((a, b) => a.edits - b.edits)[0]
    // Two edits in a long name, one in a short one (HOME is two edits from HOST and is no typo of it).
    if (nearest && nearest.edits <= Math.min(2, Math.max(1, Math.floor(nearest.candidate.length / 6)))) found.push({ name, didYouMean: nearest.candidate })
  }
  return found
}

/** Reads the variables the service knows from `env`; throws ConfigError naming every bad one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.keys(EnvSchema.properties)
  const raw: Record<string, string> = {}
  for (const k of known) {
    const v = env[k]
    if (v !== undefined && v !== '') raw[k] = v
  }
  const problems: string[] = []
  // Written as the type says before anything is converted: TypeBox's conversion would read PORT=3.5 as
  // 3, PORT=true as 1 and PORT=0x10 as 16, and start the service somewhere nobody asked for.
  const miswritten = new Set<string>()
  for (const [key, text] of Object.entries(raw)) {
    const why = syntaxProblem((EnvSchema.properties as Record<string, { type?: string }>)[key]?.type, text.trim())
    if (why) {
      problems.push(`${key}=${JSON.stringify(text)}: ${why}`)
      miswritten.add(key)
    }
  }
  const value = Value.Default(EnvSchema, Value.Convert(EnvSchema, { ...raw })) as Record<string, unknown>
  for (const e of Value.Errors(EnvSchema, value)) {
    const key = e.instancePath.replace(/^\//, '') || '(root)'
    if (miswritten.has(key)) continue
    const message = key === 'LOG_LEVEL' ? `must be one of ${LOG_LEVELS.join(', ')}` : e.message
    const line = `${key}=${JSON.stringify(raw[key] ?? '')}: ${message}`
    if (!problems.includes(line)) problems.push(line)
  }
  if (problems.length > 0) throw new ConfigError(problems)
  const v = value as Env
  const trustProxy = list(v.TRUST_PROXY)
  for (const t of trustProxy) {
    const why = proxyEntryProblem(t)
    if (why) problems.push(`TRUST_PROXY: "${t}" is not an address, CIDR range or loopback/linklocal/uniquelocal: ${why}`)
  }
  const badHost = hostProblem(v.HOST)
  if (badHost) problems.push(`HOST=${JSON.stringify(v.HOST)}: ${badHost}`)
  if (v.HEADERS_TIMEOUT_MS > v.REQUEST_TIMEOUT_MS) problems.push(`HEADERS_TIMEOUT_MS=${v.HEADERS_TIMEOUT_MS}: must not exceed REQUEST_TIMEOUT_MS (${v.REQUEST_TIMEOUT_MS})`)
  const corsOrigins = list(v.CORS_ORIGINS)
  for (const o of corsOrigins) if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) problems.push(`CORS_ORIGINS: "${o}" is not an origin like https://example.com or *`)
  if (problems.length > 0) throw new ConfigError(problems)
  return {
    port: v.PORT,
    host: v.HOST,
    logLevel: v.LOG_LEVEL,
    trustProxy,
    corsOrigins,
    catalogDir: v.CATALOG_DIR,
    catalogOverrideDir: v.CATALOG_OVERRIDE_DIR,
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
    shutdownReadinessDelayMs: v.SHUTDOWN_READINESS_DELAY_MS,
    publicBasePath: v.PUBLIC_BASE_PATH.replace(/\/+$/, ''),
    bodyLimitBytes: v.BODY_LIMIT_BYTES,
    rateLimit: v.RATE_LIMIT_MAX > 0 ? { max: v.RATE_LIMIT_MAX, windowMs: v.RATE_LIMIT_WINDOW_MS } : null,
    loadShedding:
      v.MAX_EVENT_LOOP_DELAY_MS > 0 || v.MAX_EVENT_LOOP_UTILIZATION > 0
        ? { maxEventLoopDelayMs: v.MAX_EVENT_LOOP_DELAY_MS, maxEventLoopUtilization: v.MAX_EVENT_LOOP_UTILIZATION }
        : null,
    metricsEnabled: v.METRICS_ENABLED,
    maxUnsentAnswerBytes: v.MAX_UNSENT_ANSWER_BYTES,
    connections: {
      requestTimeoutMs: v.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: v.HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: v.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: v.MAX_CONNECTIONS,
      maxRequestsPerSocket: v.MAX_REQUESTS_PER_SOCKET
    }
  }
}
