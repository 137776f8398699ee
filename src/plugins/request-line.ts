// The request log line, put together directly from the pieces pino itself would use: its cached
// level prefix, its timestamp, the logger's bindings and its line end, with the fields in between
// written from a template. pino's general path walks the object key by key, asks for a serializer
// and a stringifier for each key and escapes every string; for a line whose keys and value types
// are fixed and whose strings need no escaping, that walk was most of what logging cost a request
// at LOG_LEVEL=info. The bytes are the same as pino's (test/plugins/request-line.test.ts compares
// them); a logger this cannot reproduce (a mixin, a log formatter, a stream hook, a message prefix,
// a stream that wants line metadata, a message key other than msg) gets no direct writer, and the
// caller logs through pino as before.
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

export type RequestLineWriter = (level: string, fields: RequestLineFields) => void

type PinoInternals = Record<symbol, unknown> & { levels: { values: Record<string, number> } }

const symbols = pino.symbols as unknown as Record<string, symbol>

/** A string pino would write as `"` + text + `"`: printable ASCII without quote or backslash. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

/** `text` as a JSON string; quoted as it is when it needs no escaping (the common case), else by JSON.stringify, as pino does. */
function quoted(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text)
}

/** Route patterns and methods are few: each is quoted once. */
function quotedOnce(): (text: string) => string {
  const cache = new Map<string, string>()
  return (text) => {
    let value = cache.get(text)
    if (value === undefined) {
      value = quoted(text)
      if (cache.size < 1000) cache.set(text, value)
    }
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
  const hooks = logger[Symbol.for('pino.hooks')] as { streamWrite?: unknown } | undefined
  const stringifiers = logger[symbols.stringifiersSym!] as Record<string | symbol, unknown> | undefined
  const serializers = logger[Symbol.for('pino.serializers')] as Record<string, unknown> | undefined
  const usable =
    levelPrefixes !== undefined &&
    typeof time === 'function' &&
    typeof end === 'string' &&
    typeof stream?.write === 'function' &&
    stream[Symbol.for('pino.metadata')] !== true &&
    !logger[symbols.mixinSym!] &&
    !formatters?.log &&
    !hooks?.streamWrite &&
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
  return (level, fields) => {
    const prefix = levelPrefixes[logger.levels.values[level]!]
    const address = fields.clientAddress === undefined ? '' : `,"clientAddress":${quoted(fields.clientAddress)}`
    write(
      `${prefix}${time()}${chindings()},"reqId":${quoted(fields.reqId)},"method":${methodJson(fields.method)},"route":${routeJson(fields.route)},"statusCode":${fields.statusCode},"durationMs":${Number.isFinite(fields.durationMs) ? fields.durationMs : null}${address},"msg":"request"${end}`
    )
  }
}

/** The keys of the line: a serializer or stringifier set for one of them would change the bytes. */
const LINE_KEYS: ReadonlySet<string> = new Set(['reqId', 'method', 'route', 'statusCode', 'durationMs', 'clientAddress', 'msg'])
