// The drain plugin on its own: readiness fails and answers close their connection once draining
// starts; requests that reach a closing app get a 503 problem with Retry-After and x-request-id.
// (test/server.test.ts drives the same through SIGTERM on a real process.)
import { connect, type AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { buildTestApp, shippedCatalogs } from '../helpers/app.js'

describe('drain', () => {
  it('while draining: /readyz is a 503 problem, other routes are served with Connection: close', async () => {
    const app = await buildTestApp()
    try {
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200)
      expect((await app.inject({ url: '/healthz' })).headers.connection).not.toBe('close')
      app.drain.startDraining()
      const ready = await app.inject({ url: '/readyz', headers: { 'x-request-id': 'probe-1' } })
      expect(ready.statusCode).toBe(503)
      expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(ready.headers['retry-after']).toBe('1')
      expect(ready.headers['x-request-id']).toBe('probe-1')
      expect(ready.json()).toMatchObject({ status: 503, type: '/problems/unavailable', requestId: 'probe-1' })
      const live = await app.inject({ url: '/healthz' })
      expect(live.statusCode).toBe(200)
      expect(live.headers.connection).toBe('close')
      const estimate = await app.inject({ method: 'POST', url: '/estimate', payload: { model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 100, outputTokens: 10 } })
      expect(estimate.statusCode).toBe(200)
      expect(estimate.headers.connection).toBe('close')
    } finally {
      await app.close()
    }
  })
  it('once closing: a request still arriving on an open socket gets a 503 problem, not Fastify plain JSON', async () => {
    const app = await buildApp(loadConfig({}), { catalogs: shippedCatalogs(), logger: false })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString()))
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    // The request has begun (its headers are half sent) when the app starts closing.
    await new Promise<void>((resolve) => socket.write('GET /healthz HTTP/1.1\r\nHost: test\r\n', () => resolve()))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closing = app.close()
    while (!app.drain.closed) await new Promise((resolve) => setImmediate(resolve))
    socket.write('x-request-id: late-1\r\n\r\n')
    await ended
    await closing
    expect(received).toMatch(/^HTTP\/1\.1 503/)
    expect(received).toMatch(/content-type: application\/problem\+json/i)
    expect(received).toMatch(/retry-after: 1/i)
    expect(received).toMatch(/x-request-id: late-1/i)
    expect(received).toMatch(/connection: close/i)
    const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))
    expect(body).toMatchObject({ status: 503, type: '/problems/unavailable', requestId: 'late-1' })
  })

  it('keeps idle connections longer than a gateway does (nginx upstream keepalive_timeout: 60 s), as the README says', async () => {
    const app = await buildTestApp()
    try {
      expect(app.server.keepAliveTimeout).toBeGreaterThan(60_000)
    } finally {
      await app.close()
    }
  })
})
