// GET / serves the calculator page; its script, styles and Chart.js come from this service too
// (no request to any other host). Not part of the OpenAPI document.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'

export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url))
const CHART_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'))

export default async function uiRoutes(app: FastifyInstance) {
  const index = readFileSync(join(PUBLIC_DIR, 'index.html'), 'utf8')
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache')
    return reply.type('text/html; charset=utf-8').send(index)
  })
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', decorateReply: false, index: false, cacheControl: true, maxAge: '5m' })
  await app.register(fastifyStatic, {
    root: CHART_DIR,
    prefix: '/vendor/',
    decorateReply: false,
    index: false,
    maxAge: '1d',
    allowedPath: (pathName) => pathName === '/chart.umd.min.js'
  })
}
