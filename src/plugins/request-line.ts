// The request log line, put together directly from the pieces pino itself would use: its cached
// level prefix, its timestamp, the logger's bindings and its line end, with the fields in between
// written from a template. pino's general path walks the object key by key, asks for a serializer
// and a stringifier for each key and escapes every string; for a line whose keys and value types
// are fixed and whose strings need no escaping, that walk was most of what logging cost a request
// at LOG_LEVEL=info. The bytes are the same as pino's (test/plugins/request-line.test.ts compares
// them); a logger this cannot reproduce (a mixin, a log formatter, a log-method or stream hook, a
// message prefix, a stream that wants line metadata, a message key other than msg) gets no direct
// writer, and a line it would write differently is declined (a string that needs escaping, a level
// the app's logger has off, a subscriber on pino's tracing channel): the caller logs through pino.
import { tracingChannel } from 'node:diagnostics_channel'
import pino, { type Logger } from 'pino'

export interface RequestLineFields {
  reqId: string
  method: string
  /** The registered route pattern. */
  route: string
  statusCode: number
  durationMs: number
  clientAddress: string | undefined
}

/** Writes the line and answers true, or answers false, having written nothing, where pino must write it. */
export type RequestLineWriter = (level: string, fields: RequestLineFields) => boolean

/** The keys of the line: a serializer or stringifier set for one of them would change the bytes. */
const LINE_KEYS: ReadonlySet<string> = new Set(['reqId', 'method', 'route', 'statusCode', 'durationMs', 'clientAddress', 'msg'])

/** pino's channel for tools that watch its lines being made: while anything listens, pino makes them. */
const pinoLineChannel = tracingChannel('pino_asJson')

type PinoInternals = Record<symbol, unknown> & { levels: { values: Record<string, number> } }

const symbols = pino.symbols as unknown as Record<string, symbol>

/** A string pino would write as `"` + text + `"`: printable ASCII without quote or backslash. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

/** `text` as pino writes it when it needs no escaping (the common case: `"` + text + `"`), else undefined. */
function quoted(text: string): string | undefined {
  return PLAIN.test(text) ? `"${text}"` : undefined
}

/** Route patterns and methods are few: each is quoted once. */
function quotedOnce(): (text: string) => string | undefined {
  const cache = new Map<string, string | undefined>()
  return (text) => {
    if (cache.has(text)) return cache.get(text)
    const value = quoted(text)
    if (cache.size < 1000) cache.set(text, value)
    return value
  }
}

/**
 * A writer of request lines for `log` (the app's pino logger), or undefined when pino would write
 * something this template does not (see the file comment).
 */
export function directLineWriter(log: unknown): RequestLineWriter | undefined {
  const logger = log as Partial<Logger> & PinoInternals
  if (typeof logger !== 'object' || logger === null || typeof logger.levels?.values !== 'object') return undefined
  const levelPrefixes = logger[symbols.lsCacheSym!] as Record<number, string> | undefined
  const time = logger[symbols.timeSym!] as (() => string) | undefined
  const end = logger[symbols.endSym!]
  const stream = logger[symbols.streamSym!] as { write?: (line: string) => unknown; [key: symbol]: unknown } | undefined
  const formatters = logger[Symbol.for('pino.formatters')] as { log?: unknown } | undefined
  const hooks = logger[Symbol.for('pino.hooks')] as { streamWrite?: unknown; logMethod?: unknown } | undefined
  const stringifiers = logger[symbols.stringifiersSym!] as Record<string | symbol, unknown> | undefined
  const serializers = logger[Symbol.for('pino.serializers')] as Record<string, unknown> | undefined
  const usable =
    levelPrefixes !== undefined &&
    typeof time === 'function' &&
    typeof (logger as { isLevelEnabled?: unknown }).isLevelEnabled === 'function' &&
    typeof end === 'string' &&
    typeof stream?.write === 'function' &&
    stream[Symbol.for('pino.metadata')] !== true &&
    !logger[symbols.mixinSym!] &&
    !formatters?.log &&
    !hooks?.streamWrite &&
    !hooks?.logMethod &&
    !logger[symbols.msgPrefixSym!] &&
    logger[symbols.messageKeySym!] === 'msg' &&
    !logger[symbols.nestedKeySym!] &&
    (stringifiers === undefined || (Reflect.ownKeys(stringifiers).every((key) => !LINE_KEYS.has(key as string)) && stringifiers[symbols.wildcardFirstSym!] === undefined)) &&
    (serializers === undefined || Object.keys(serializers).every((key) => !LINE_KEYS.has(key)))
  if (!usable) return undefined
  const chindings = () => logger[symbols.chindingsSym!] as string
  const routeJson = quotedOnce()
  const methodJson = quotedOnce()
  const write = stream.write!.bind(stream)
  const levelEnabled = (level: string) => (logger as unknown as { isLevelEnabled: (level: string) => boolean }).isLevelEnabled(level)
  return (level, fields) => {
    // pino would write nothing (the app's logger has the level off) or traces the line it makes.
    if (!levelEnabled(level) || pinoLineChannel.hasSubscribers !== false) return false
    const reqId = quoted(fields.reqId)
    const method = methodJson(fields.method)
    const route = routeJson(fields.route)
    const address = fields.clientAddress === undefined ? '' : quoted(fields.clientAddress)
    if (reqId === undefined || method === undefined || route === undefined || address === undefined) return false
    write(
      `${levelPrefixes[logger.levels.values[level]!]}${time()}${chindings()},"reqId":${reqId},"method":${method},"route":${route},"statusCode":${fields.statusCode},"durationMs":${Number.isFinite(fields.durationMs) ? fields.durationMs : null}${address === '' ? '' : `,"clientAddress":${address}`},"msg":"request"${end}`
    )
    return true
  }
}
