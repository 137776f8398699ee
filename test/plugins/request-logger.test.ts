// request.log is made on first use: the lines it writes must be pino's own child's, levels must be
// answered without making the child, and a logger that is not pino gets its ordinary child.
import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { deferredChildLoggerFactory } from '../../src/plugins/request-logger.js'

function capture(level: string) {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).trim().split('\n'))
      done()
    }
  })
  return { logger: pino({ level, timestamp: false, base: undefined }, stream), lines }
}

const make = (logger: pino.Logger, bindings: Record<string, unknown>, options: Record<string, unknown> = {}) => deferredChildLoggerFactory.call(undefined as never, logger as never, bindings, options as never, undefined as never)

describe('deferred request logger', () => {
  it('writes what a pino child writes, bindings and all', () => {
    const ours = capture('info')
    const theirs = capture('info')
    const deferred = make(ours.logger, { reqId: 'abc' })
    const child = theirs.logger.child({ reqId: 'abc' })
    deferred.info({ route: '/estimate', statusCode: 200 }, 'request')
    child.info({ route: '/estimate', statusCode: 200 }, 'request')
    deferred.error(new Error('boom'), 'failed %s', 'here')
    child.error(new Error('boom'), 'failed %s', 'here')
    deferred.debug('not written')
    const strip = (line: string) => line.replace(/"stack":"[^"]*"/, '"stack":"…"')
    expect(ours.lines.map(strip)).toEqual(theirs.lines.map(strip))
    expect(ours.lines).toHaveLength(2)
    expect(JSON.parse(ours.lines[0]!)).toMatchObject({ reqId: 'abc', route: '/estimate', msg: 'request' })
  })

  it('answers level questions without making the child, honouring a route level', () => {
    const { logger, lines } = capture('warn')
    let made = 0
    const counting = Object.assign(Object.create(logger) as pino.Logger, {
      child: (...args: Parameters<pino.Logger['child']>) => {
        made++
        return logger.child(...args)
      }
    })
    const deferred = make(counting, { reqId: 'r1' }) as unknown as pino.Logger
    expect(deferred.isLevelEnabled('info')).toBe(false)
    expect(deferred.isLevelEnabled('warn')).toBe(true)
    expect(deferred.level).toBe('warn')
    deferred.info('skipped')
    expect(made).toBe(0)
    deferred.warn('kept')
    expect(made).toBe(1)
    expect(lines).toHaveLength(1)
    const quiet = make(counting, { reqId: 'r2' }, { level: 'fatal' }) as unknown as pino.Logger
    expect(quiet.isLevelEnabled('error')).toBe(false)
    expect(quiet.level).toBe('fatal')
    quiet.error('skipped')
    expect(made).toBe(1)
  })

  it('a line written through the parent with the id first is the line the child writes (src/plugins/request-log.ts)', () => {
    const options = { level: 'info', timestamp: false, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'] }
    const viaParent: string[] = []
    const viaChild: string[] = []
    const sink = (lines: string[]) => new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) })
    const line = { method: 'POST', route: '/estimate', statusCode: 200, durationMs: 12.345, clientAddress: '10.0.0.1' }
    for (const reqId of ['diff-1', 'a0b1c2d3-0000-4000-8000-123456789abc', 'x.y:z_1-2']) {
      pino(options, sink(viaParent)).info({ reqId, ...line }, 'request')
      pino(options, sink(viaChild)).child({ reqId }).info(line, 'request')
    }
    expect(viaParent).toEqual(viaChild)
  })

  it('hands a logger without pino levels its own child', () => {
    const silent = { child: () => silent, info() {}, error() {}, debug() {}, fatal() {}, warn() {}, trace() {}, silent() {}, level: 'silent' }
    expect(make(silent as never, { reqId: 'x' })).toBe(silent)
  })
})
