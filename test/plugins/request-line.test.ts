// The request line written directly must be byte for byte what pino writes for the same fields,
// and loggers whose output the template cannot reproduce must get no direct writer.
import Fastify from 'fastify'
import pino, { type LoggerOptions } from 'pino'
import { describe, expect, it } from 'vitest'
import { directLineWriter, type RequestLineFields } from '../../src/plugins/request-line.js'

function capture(options: LoggerOptions = {}) {
  const lines: string[] = []
  const log = pino({ level: 'info', timestamp: () => ',"time":1700000000000', ...options }, { write: (line: string) => lines.push(line) })
  return { log, lines }
}

const FIELDS: RequestLineFields = { reqId: '6f1c1c9e-4d0b-4a53-9e25-0d0b1f3e2a11', method: 'POST', route: '/estimate', statusCode: 200, durationMs: 0.123, clientAddress: '127.0.0.1' }

/** What pino writes for the fields: the object the hook logged before there was a direct writer. */
function throughPino(options: LoggerOptions, level: 'info' | 'error' | 'debug', fields: RequestLineFields): string {
  const { log, lines } = capture(options)
  const { reqId, method, route, statusCode, durationMs, clientAddress } = fields
  log[level]({ reqId, method, route, statusCode, durationMs, clientAddress }, 'request')
  return lines[0]!
}

function direct(options: LoggerOptions, level: 'info' | 'error' | 'debug', fields: RequestLineFields): string {
  const { log, lines } = capture(options)
  const writer = directLineWriter(log)
  expect(writer).toBeDefined()
  expect(writer!(level, fields)).toBe(true)
  return lines[0]!
}

// The options src/app.ts gives the service's logger.
const SERVICE_OPTIONS: LoggerOptions = { redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'] }

describe('the direct request line', () => {
  const cases: [string, RequestLineFields][] = [
    ['an ordinary request', FIELDS],
    ['no client address (the socket is gone)', { ...FIELDS, clientAddress: undefined }],
    ['an IPv6 client behind a proxy', { ...FIELDS, clientAddress: '2001:db8::7', statusCode: 404, durationMs: 12 }],
    ['a duration that is not finite', { ...FIELDS, durationMs: Number.NaN }]
  ]
  for (const [name, fields] of cases) {
    it(`is pino's line for ${name}`, () => {
      for (const level of ['info', 'error', 'debug'] as const) {
        const options = { ...SERVICE_OPTIONS, level: 'debug' }
        expect(direct(options, level, fields)).toBe(throughPino(options, level, fields))
      }
    })
  }

  it('declines, writing nothing, a line whose strings need escaping, a level the logger has off, or one pino is traced making', async () => {
    const { log, lines } = capture({ ...SERVICE_OPTIONS, level: 'info' })
    const writer = directLineWriter(log)!
    for (const fields of [{ ...FIELDS, route: '/a"b' }, { ...FIELDS, route: '/a\\b' }, { ...FIELDS, reqId: 'r\u2028x' }, { ...FIELDS, method: 'P\u00c9' }, { ...FIELDS, clientAddress: '\ud800' }]) {
      expect(writer('info', fields), JSON.stringify(fields)).toBe(false)
    }
    expect(writer('debug', FIELDS)).toBe(false)
    const { tracingChannel } = await import('node:diagnostics_channel')
    const channel = tracingChannel('pino_asJson')
    const watcher = { start: () => undefined, end: () => undefined, asyncStart: () => undefined, asyncEnd: () => undefined, error: () => undefined }
    channel.subscribe(watcher)
    try {
      expect(writer('info', FIELDS)).toBe(false)
    } finally {
      channel.unsubscribe(watcher)
    }
    expect(lines).toHaveLength(0)
    expect(writer('info', FIELDS)).toBe(true)
    expect(lines).toHaveLength(1)
  })

  it("is pino's line with pino's own timestamp, bindings and a level label formatter", () => {
    const options: LoggerOptions = { base: { service: 'calc', pid: 1 }, formatters: { level: (label) => ({ severity: label }) } }
    const { log, lines } = capture(options)
    const child = log.child({ zone: 'a' })
    directLineWriter(child)!('info', FIELDS)
    const { reqId, method, route, statusCode, durationMs, clientAddress } = FIELDS
    child.info({ reqId, method, route, statusCode, durationMs, clientAddress }, 'request')
    expect(lines[0]).toBe(lines[1])
  })

  it('is used with the logger Fastify builds for the service', () => {
    const app = Fastify({ logger: { level: 'info', ...SERVICE_OPTIONS, stream: { write: () => undefined } } })
    expect(directLineWriter(app.log)).toBeDefined()
  })

  it('is not offered where pino would write something else', () => {
    const refused: LoggerOptions[] = [
      { mixin: () => ({ extra: 1 }) },
      { formatters: { log: (object) => ({ ...object, wrapped: true }) } },
      { messageKey: 'message' },
      { msgPrefix: '[calc] ' },
      { nestedKey: 'payload' },
      { serializers: { route: (route: string) => route.toUpperCase() } },
      { redact: ['clientAddress'] },
      { redact: ['*.secret'] },
      { hooks: { streamWrite: (line: string) => line } },
      { hooks: { logMethod(args, method) { method.apply(this, args) } } }
    ]
    for (const options of refused) expect(directLineWriter(capture(options).log), JSON.stringify(Object.keys(options))).toBeUndefined()
    expect(directLineWriter(undefined)).toBeUndefined()
    expect(directLineWriter({ info: () => undefined })).toBeUndefined()
  })
})
