// Graceful drain, in the order a load balancer needs it (src/server.ts drives it on SIGTERM):
//   1. startDraining(): /readyz answers 503 so the gateway or Kubernetes stops sending new
//      traffic, while every request is still served. Each answer carries `Connection: close`, so
//      no kept-alive socket is left idle for a proxy to reuse just as it is closed.
//   2. app.close(): the listener closes, idle sockets are closed, in-flight requests finish.
//      A request that still arrives on an open socket gets a 503 problem with Retry-After
//      (Fastify's own closing answer is plain JSON without our headers, so it is turned off in
//      src/app.ts with return503OnClosing: false).
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sendProblem } from './problem-details.js'
import { RETRY_AFTER_SECONDS } from './retry-after.js'

export interface DrainState {
  /** True from startDraining() on: readiness fails, answers close their connection. */
  readonly draining: boolean
  /** True once app.close() has begun: the listener is closed, new requests get a 503. */
  readonly closed: boolean
  startDraining(): void
}

declare module 'fastify' {
  interface FastifyInstance {
    drain: DrainState
  }
}

export default fp(
  async function drainPlugin(app: FastifyInstance) {
    let draining = false
    let closed = false
    const state: DrainState = {
      get draining() {
        return draining
      },
      get closed() {
        return closed
      },
      startDraining() {
        draining = true
      }
    }
    app.decorate('drain', state)
    app.addHook('preClose', async () => {
      draining = true
      closed = true
    })
    // A plain callback: it runs on every request, and an async hook costs a promise each time.
    app.addHook('onRequest', (request, reply, done) => {
      if (!closed) return done()
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      sendProblem(request, reply, 503, 'unavailable', `the service is shutting down; retry after ${RETRY_AFTER_SECONDS} s (another replica will answer)`)
    })
    app.addHook('onSend', (request, reply, payload, done) => {
      if (draining && request.raw.httpVersionMajor < 2) reply.header('connection', 'close')
      done(null, payload)
    })
  },
  { name: 'drain', dependencies: ['errors'] }
)
