// A bound on the answers a replica holds that its clients have not yet taken. The estimate and
// compare routes compute on the one JavaScript thread, so a burst of large answers (a 500-candidate
// /compare with include=estimate is about 2.5 MB) finishes far faster than clients read them, and each
// waits in memory until its socket drains: 128 connections of them took a 512 MiB replica past its
// heap and killed it. Each answer's bytes count from the moment it is handed to the socket until the
// response closes (sent, or the connection gone); while they exceed MAX_UNSENT_ANSWER_BYTES, these
// routes answer 503 with Retry-After before computing anything. Probes and the page are never held.
import type { FastifyInstance, onSendHookHandler, preHandlerHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { RETRY_AFTER_SECONDS } from './retry-after.js'

export default fp(
  async function answerBacklogPlugin(app: FastifyInstance, { limitBytes, routes }: { limitBytes: number; routes: ReadonlySet<string> }) {
    if (limitBytes <= 0) return
    let unsentBytes = 0
    // Callback hooks on the guarded routes only: they run on every estimate, and an async hook costs a promise.
    const refuseWhenBacklogged: preHandlerHookHandler = (_request, reply, done) => {
      if (unsentBytes <= limitBytes) return done()
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      done(Object.assign(new Error(`overloaded: ${Math.round(unsentBytes / 1e6)} MB of answers wait for their clients to read them; retry after ${RETRY_AFTER_SECONDS} s`), { statusCode: 503 }))
    }
    const countUntilClosed: onSendHookHandler = (_request, reply, payload, done) => {
      if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
        const bytes = Buffer.byteLength(payload)
        unsentBytes += bytes
        reply.raw.once('close', () => {
          unsentBytes -= bytes
        })
      }
      done(null, payload)
    }
    app.addHook('onRoute', (route) => {
      if (!routes.has(route.url)) return
      route.preHandler = [refuseWhenBacklogged, ...[route.preHandler ?? []].flat()]
      route.onSend = [...[route.onSend ?? []].flat(), countUntilClosed]
    })
    app.decorate('unsentAnswerBytes', () => unsentBytes)
  },
  { name: 'answer-backlog' }
)

declare module 'fastify' {
  interface FastifyInstance {
    /** Bytes of estimate and compare answers handed to sockets and not yet sent (0 when the bound is off). */
    unsentAnswerBytes?: () => number
  }
}
