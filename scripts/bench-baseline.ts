// The benchmark's baseline: a minimal Fastify server whose routes answer a static JSON body of a
// requested size, so each real route is measured against the same framework and payload size, and
// whose GET /healthz is the bare Fastify start the service's cold start is compared with.
// scripts/bench.ts runs it as plain JavaScript (esbuild strips the types), without a loader.
import Fastify from 'fastify'

const bodies = new Map<number, string>()
function bodyOf(bytes: number): string {
  let b = bodies.get(bytes)
  if (!b) {
    const filler = Math.max(0, bytes - '{"data":""}'.length)
    b = JSON.stringify({ data: 'x'.repeat(filler) })
    bodies.set(bytes, b)
  }
  return b
}

const app = Fastify({ logger: false })
const handler = async (request: { query: unknown }, reply: { type: (t: string) => unknown }) => {
  reply.type('application/json; charset=utf-8')
  return bodyOf(Math.min(10_000_000, Number((request.query as { bytes?: string }).bytes ?? 100)))
}
app.get('/static', handler)
app.post('/static', handler)
app.get('/healthz', async () => ({ status: 'ok' }))
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
const address = app.server.address()
console.log(`baseline listening at http://127.0.0.1:${typeof address === 'object' && address ? address.port : ''}`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
