// Log lines are written in batches: held until LOG_BATCH_BYTES gather or LOG_FLUSH_INTERVAL_MS
// passes, and written out on close.
import { mkdtempSync, openSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { batchedStdout, flushOnClose, LOG_BATCH_BYTES, LOG_FLUSH_INTERVAL_MS } from '../../src/plugins/log-destination.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const linesIn = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line !== '')

function tempLog() {
  const path = join(mkdtempSync(join(tmpdir(), 'log-destination-')), 'out.log')
  return { path, fd: openSync(path, 'w') }
}

describe('batched log destination', () => {
  it('holds a few lines, then writes them within the flush interval', async () => {
    const { path, fd } = tempLog()
    const destination = batchedStdout(fd)
    const log = pino({ level: 'info' }, destination)
    log.info({ route: '/estimate' }, 'request')
    log.info({ route: '/compare' }, 'request')
    await sleep(50)
    expect(linesIn(path)).toHaveLength(0)
    await sleep(LOG_FLUSH_INTERVAL_MS + 300)
    expect(linesIn(path).map((line) => JSON.parse(line).route)).toEqual(['/estimate', '/compare'])
    destination.destroy()
  })

  it('writes as soon as a batch is full', async () => {
    const { path, fd } = tempLog()
    const destination = batchedStdout(fd)
    const log = pino({ level: 'info' }, destination)
    const lines = Math.ceil(LOG_BATCH_BYTES / 60) + 5
    for (let i = 0; i < lines; i++) log.info({ index: i }, 'request')
    await sleep(100)
    expect(linesIn(path).length).toBeGreaterThan(0)
    destination.destroy()
  })

  it('writes a full batch at once, in one piece and in order, and keeps what follows', () => {
    const { path, fd } = tempLog()
    const destination = batchedStdout(fd)
    // Every line the same length, whatever the index's digits, so a batch is a known number of lines.
    const line = (index: number) => `${JSON.stringify({ index, pad: 'x'.repeat(90 - String(index).length) })}\n`
    const perBatch = Math.ceil(LOG_BATCH_BYTES / line(0).length)
    for (let index = 0; index < perBatch - 1; index++) destination.write(line(index))
    expect(linesIn(path)).toHaveLength(0)
    destination.write(line(perBatch - 1))
    destination.write(line(perBatch))
    expect(linesIn(path).map((text) => JSON.parse(text).index)).toEqual([...Array(perBatch).keys()])
    destination.destroy()
    expect(linesIn(path)).toHaveLength(perBatch + 1)
  })

  it('writes what is buffered when the app closes', async () => {
    const { path, fd } = tempLog()
    const destination = batchedStdout(fd)
    const app = Fastify({ logger: { level: 'info', stream: destination } })
    flushOnClose(app, destination)
    await app.ready()
    app.log.info('last words')
    await app.close()
    expect(linesIn(path).map((line) => JSON.parse(line).msg)).toContain('last words')
    destination.destroy()
  })
})
