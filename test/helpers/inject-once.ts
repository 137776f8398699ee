// One request against a fresh test app, for callsWithin (bounded.ts) to run in a child process with a
// time limit: a route whose work never ends then fails its test instead of hanging the test worker.
import type { InjectOptions } from 'fastify'
import { buildTestApp } from './app.js'

export async function injectOnce(options: InjectOptions): Promise<{ statusCode: number; body: string }> {
  const app = await buildTestApp()
  try {
    const res = await app.inject(options)
    return { statusCode: res.statusCode, body: res.body }
  } finally {
    await app.close()
  }
}
