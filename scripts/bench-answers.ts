// Records a built server's answers (status, headers but Date, body) to 459 varied requests as JSON
// lines, so that a performance change can be shown to leave every answer byte-identical: build and
// run it on a checkout before the change and on one after, then compare the files (cmp).
//   npx tsx scripts/bench-answers.ts <checkout with dist/server.js> <out.jsonl>
// The uptime in /healthz is zeroed. Uses the bench's bodies (scripts/bench-bodies.ts).
import { writeFileSync } from 'node:fs'
import { batchEstimateBodies, compareBodies, servingEstimateBodies } from './bench-bodies.js'
import { startServer } from './bench-process.js'
const [tree, out] = process.argv.slice(2)
if (!tree || !out) throw new Error('usage: npx tsx scripts/bench-answers.ts <checkout> <out.jsonl>')
const server = await startServer([`${tree}/dist/server.js`], { RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', LOG_LEVEL: 'warn' })
const requests: { path: string; body?: unknown; raw?: string; method?: string }[] = []
for (const body of batchEstimateBodies(200)) requests.push({ path: '/estimate', body })
for (const body of servingEstimateBodies(200)) requests.push({ path: '/estimate', body })
for (const body of batchEstimateBodies(20)) requests.push({ path: '/estimate?include=sources,formulas', body })
for (const body of compareBodies(20, 10)) requests.push({ path: '/compare', body })
for (const body of compareBodies(4, 10)) requests.push({ path: '/compare?include=estimate', body })
for (const body of compareBodies(2, 100)) requests.push({ path: '/compare', body })
requests.push({ path: '/estimate', body: { model: 'gpt-4o', promptTokens: 1000, outputTokens: 200 } })
requests.push({ path: '/estimate', body: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, bogus: 1 } })
requests.push({ path: '/estimate', body: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: '1000', outputTokens: 200 } })
requests.push({ path: '/estimate', raw: '{"model": ' })
requests.push({ path: '/estimate', body: {} })
requests.push({ path: '/compare', body: { workload: {}, candidates: [] } })
for (const path of ['/healthz', '/readyz', '/models', '/hardware', '/catalog/sources', '/formulas', '/nope']) requests.push({ path, method: 'GET' })
const lines: string[] = []
let index = 0
for (const request of requests) {
  const answer = await fetch(`${server.url}${request.path}`, {
    method: request.method ?? 'POST',
    headers: { 'x-request-id': `diff-${index++}`, ...(request.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    body: request.method === 'GET' ? undefined : (request.raw ?? JSON.stringify(request.body))
  })
  const headers = [...answer.headers.entries()].filter(([name]) => name !== 'date' && name !== 'keep-alive').sort()
  lines.push(JSON.stringify({ path: request.path, status: answer.status, headers: headers.filter(([name]) => request.path !== '/healthz' || name !== 'content-length'), body: (await answer.text()).replace(/"uptimeSeconds":[0-9.]+/, '"uptimeSeconds":0') }))
}
writeFileSync(out!, lines.join('\n') + '\n')
console.log(`${lines.length} answers written to ${out}`)
await server.stop()
process.exit(0)
