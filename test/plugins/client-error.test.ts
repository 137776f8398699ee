// Socket-level client errors: the bytes written on the raw socket, read back as an HTTP answer.
import { Duplex } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { clientError } from '../../src/plugins/client-error.js'
import { PROBLEM_CONTENT_TYPE } from '../../src/plugins/problem-details.js'

/** A socket that keeps what is written to it. */
function recordingSocket() {
  let written = ''
  const socket = new Duplex({
    read() {},
    write(chunk, _encoding, done) {
      written += String(chunk)
      done()
    }
  })
  return { socket, written: () => written }
}

const app = { log: { debug() {} } } as unknown as FastifyInstance

async function answerTo(code: string | undefined) {
  const { socket, written } = recordingSocket()
  clientError.call(app, Object.assign(new Error('client error'), { code }), socket)
  await new Promise((resolve) => setImmediate(resolve))
  const [head = '', body = ''] = written().split('\r\n\r\n')
  return { head, body: body ? JSON.parse(body) : undefined }
}

describe('clientError', () => {
  it('a request timeout is a 408 problem, and the connection is closed', async () => {
    const { head, body } = await answerTo('ERR_HTTP_REQUEST_TIMEOUT')
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout')
    expect(head).toContain(`content-type: ${PROBLEM_CONTENT_TYPE}`)
    expect(head).toContain('connection: close')
    // A problem is never stored, as every problem document the routes send.
    expect(head).toContain('cache-control: no-store')
    expect(body).toMatchObject({ type: '/problems/request-timeout', status: 408, requestId: expect.any(String) })
    expect(head).toContain(`x-request-id: ${body.requestId}`)
  })
  it('oversized headers are a 431; anything else a 400', async () => {
    expect((await answerTo('HPE_HEADER_OVERFLOW')).body).toMatchObject({ status: 431, type: '/problems/headers-too-large' })
    expect((await answerTo('HPE_INVALID_METHOD')).body).toMatchObject({ status: 400, type: '/problems/http-error' })
  })
  it('a reset connection gets no answer', async () => {
    expect((await answerTo('ECONNRESET')).head).toBe('')
  })
})
