// The bound on answers waiting for their clients: a client that does not read holds its answer in
// the process; while such answers exceed the bound, the guarded routes answer 503 with Retry-After
// and compute nothing, and once the client goes the bytes are released.
import { connect, type Socket } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import answerBacklogPlugin from '../../src/plugins/answer-backlog.js'
import { loadConfig } from '../../src/config.js'

const BIG = 'x'.repeat(64_000_000)
let app: FastifyInstance | undefined
const sockets: Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  await app?.close()
})

async function slowApp(limitBytes: number) {
  const server = Fastify()
  let computed = 0
  await server.register(answerBacklogPlugin, { limitBytes, routes: new Set(['/big']) })
  server.get('/big', async () => {
    computed++
    return BIG
  })
  server.get('/small', async () => 'ok')
  await server.listen({ port: 0, host: '127.0.0.1' })
  const port = (server.server.address() as { port: number }).port
  return { server, port, computed: () => computed }
}

/** Sends GET path on a new connection and never reads the answer. */
function sendAndNotRead(port: number, path: string) {
  const socket = connect(port, '127.0.0.1')
  sockets.push(socket)
  socket.pause()
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`)
  return socket
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25))
  expect(condition()).toBe(true)
}

describe('MAX_UNSENT_ANSWER_BYTES', () => {
  it('a 64 MB answer nobody reads makes the guarded route answer 503 with Retry-After, not the others; the bytes return when the client goes', async () => {
    const made = await slowApp(1_000_000)
    app = made.server
    const reader = sendAndNotRead(made.port, '/big')
    await waitFor(() => made.server.unsentAnswerBytes!() > 1_000_000)
    const refused = await fetch(`http://127.0.0.1:${made.port}/big`)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(made.computed()).toBe(1)
    expect((await fetch(`http://127.0.0.1:${made.port}/small`)).status).toBe(200)
    reader.destroy()
    await waitFor(() => made.server.unsentAnswerBytes!() === 0)
    const served = await fetch(`http://127.0.0.1:${made.port}/big`)
    expect(served.status).toBe(200)
    expect((await served.text()).length).toBe(BIG.length)
    await waitFor(() => made.server.unsentAnswerBytes!() === 0)
  }, 60_000)

  it('is on by default at 64 MB, and 0 turns it off', () => {
    expect(loadConfig({}).maxUnsentAnswerBytes).toBe(64_000_000)
    expect(loadConfig({ MAX_UNSENT_ANSWER_BYTES: '0' }).maxUnsentAnswerBytes).toBe(0)
  })
})
