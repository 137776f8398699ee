// GET /models, /models/:id, /hardware, /hardware/:id, /catalog, /precisions, /engines through inject.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(async () => app.close())

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })

describe('GET /models', () => {
  it('lists every model with its sources', async () => {
    const res = await get('/models')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.count).toBe(body.models.length)
    expect(body.models.length).toBeGreaterThanOrEqual(18)
    expect(body.models.every((m: { sources: unknown[] }) => m.sources.length > 0)).toBe(true)
  })
  it('filters by openWeights, family, minContext and text', async () => {
    const closed = (await get('/models?openWeights=false&catalogVersion=2026.11.0')).json()
    expect(closed.models.map((m: { id: string }) => m.id).sort()).toEqual(['claude-3-sonnet', 'cohere-command', 'gpt-3.5-turbo', 'gpt-4', 'gpt-4o'])
    const qwen = (await get('/models?family=qwen&catalogVersion=2026.11.0')).json()
    expect(qwen.models.map((m: { id: string }) => m.id)).toEqual(['qwen2.5-7b', 'qwen2.5-72b'])
    const qwenNow = (await get('/models?family=qwen')).json()
    expect(qwenNow.models.every((m: { family: string }) => m.family === 'qwen')).toBe(true)
    expect(qwenNow.models.map((m: { id: string }) => m.id)).toContain('qwen3-30b-a3b')
    const long = (await get('/models?minContext=131072&openWeights=true')).json()
    expect(long.models.every((m: { architecture: { contextLength: number } }) => m.architecture.contextLength >= 131072)).toBe(true)
    expect((await get('/models?q=mixtral&catalogVersion=2026.11.0')).json().count).toBe(1)
  })
  it('rejects unknown and ill-typed query parameters with a problem', async () => {
    const res = await get('/models?minContext=lots&familly=x')
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer)
    expect(pointers).toEqual(expect.arrayContaining(['/query/minContext', '/query/familly']))
  })
})

describe('GET /models/:id', () => {
  it('shows llama-2-7b\'s published architecture', async () => {
    const { model } = (await get('/models/llama-2-7b')).json()
    expect(model.architecture).toMatchObject({ layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 32, vocabSize: 32000 })
  })
  it('shows llama-3.1-8b with 8 KV heads and intermediate 14336', async () => {
    const { model } = (await get('/models/llama-3.1-8b')).json()
    expect(model.architecture).toMatchObject({ kvHeads: 8, intermediateSize: 14336 })
  })
  it('lists the hardware it fits on, per precision', async () => {
    const body = (await get('/models/llama-2-70b')).json()
    expect(body.fits.basis).toEqual({ contextTokens: 4096, maxDevices: 8 })
    const a100 = body.fits.hardware.find((h: { hardwareId: string }) => h.hardwareId === 'a100-80gb')
    expect(a100.options.find((o: { precision: string }) => o.precision === 'fp16').minDevices).toBe(2)
    expect(a100.options.find((o: { precision: string }) => o.precision === 'int4').minDevices).toBe(1)
    const laptop = body.fits.hardware.find((h: { hardwareId: string }) => h.hardwareId === 'cpu-laptop-8gb')
    expect(laptop).toBeUndefined()
  })
  it('accepts aliases', async () => {
    expect((await get('/models/7B')).json().model.id).toBe('llama-2-7b')
  })
  it('answers an unknown id with a 404 problem that suggests close ids', async () => {
    const res = await get('/models/llama-2-7')
    expect(res.statusCode).toBe(404)
    const p = res.json()
    expect(p).toMatchObject({ type: '/problems/not-found', status: 404 })
    expect(p.errors[0].suggestions).toContain('llama-2-7b')
  })
  it('closed models without architecture fit nowhere', async () => {
    expect((await get('/models/gpt-4o')).json().fits.hardware).toEqual([])
  })
})

describe('GET /hardware', () => {
  it('filters by kind and memory', async () => {
    const cpus = (await get('/hardware?kind=cpu')).json()
    expect(cpus.hardware.length).toBeGreaterThanOrEqual(1)
    expect(cpus.hardware.every((h: { kind: string }) => h.kind === 'cpu')).toBe(true)
    const big = (await get('/hardware?minMemoryGB=141')).json()
    expect(big.hardware.every((h: { memoryGB: number }) => h.memoryGB >= 141)).toBe(true)
    expect(big.hardware.map((h: { id: string }) => h.id)).toContain('mi300x')
  })
  it('rejects an unknown kind', async () => {
    const res = await get('/hardware?kind=fpga')
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].pointer).toBe('/query/kind')
  })
  it('shows h100-sxm with 80 GB and 3350 GB/s, and what fits', async () => {
    const body = (await get('/hardware/h100-sxm')).json()
    expect(body.hardware).toMatchObject({ memoryGB: 80, bandwidthGBps: 3350 })
    expect(body.hardware.sources.length).toBeGreaterThan(0)
    const l7 = body.fits.models.find((m: { modelId: string }) => m.modelId === 'llama-2-7b')
    expect(l7.options.find((o: { precision: string }) => o.precision === 'fp16').minDevices).toBe(1)
  })
  it('memory fit tables need no compute figures (A10G publishes none)', async () => {
    const body = (await get('/hardware/a10g')).json()
    expect(body.fits.models.find((m: { modelId: string }) => m.modelId === 'llama-2-7b').options.find((o: { precision: string }) => o.precision === 'fp16').minDevices).toBe(1)
  })
  it('404s unknown hardware with suggestions', async () => {
    const res = await get('/hardware/h100')
    expect(res.statusCode).toBe(200) // alias
    const miss = await get('/hardware/h10-sxm')
    expect(miss.statusCode).toBe(404)
    expect(miss.json().errors[0].suggestions).toContain('h100-sxm')
  })
})

describe('catalog versions and caching', () => {
  it('GET /catalog gives versions, default, hash and counts', async () => {
    const body = (await get('/catalog')).json()
    expect(body.defaultVersion).toMatch(/^\d+\.\d+\.\d+$/)
    expect(body.versions[0]).toMatchObject({ version: body.defaultVersion, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(body.versions[0].counts.models).toBeGreaterThanOrEqual(18)
  })
  it('an ETag round-trip gives 304', async () => {
    for (const url of ['/models', '/hardware/h100-sxm', '/catalog', '/precisions', '/engines']) {
      const first = await get(url)
      expect(first.headers.etag, url).toBeDefined()
      expect(first.headers['cache-control'], url).toMatch(/max-age/)
      const again = await get(url, { 'if-none-match': String(first.headers.etag) })
      expect(again.statusCode, url).toBe(304)
      expect(again.body).toBe('')
    }
  })
  it('If-None-Match as RFC 9110 reads it: one of a list of entity tags (weak or not), or *; anything else a 200', async () => {
    const first = await get('/models')
    const tag = String(first.headers.etag)
    for (const header of [`"x", ${tag}`, `W/${tag}`, `${tag} , "y"`, '*']) {
      const again = await get('/models', { 'if-none-match': header })
      expect(again.statusCode, header).toBe(304)
      expect(again.body, header).toBe('')
    }
    expect((await get('/models', { 'if-none-match': '"x", "y"' })).statusCode).toBe(200)
  })
  it('an error answer on a cached route has no entity tag and may not be stored', async () => {
    for (const url of ['/models/nope', '/models?minContext=0', '/catalog/sources?ids=model:7b', '/hardware?catalogVersion=1999.1.0']) {
      const res = await get(url)
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400)
      expect(res.headers.etag, url).toBeUndefined()
      expect(res.headers['cache-control'], url).toBe('no-store')
      // Even with * (any current representation), an error answer is not one to revalidate.
      expect((await get(url, { 'if-none-match': '*' })).statusCode, url).toBe(res.statusCode)
    }
  })
  it('a different query gives a different ETag', async () => {
    const a = await get('/models?family=llama')
    const b = await get('/models?family=qwen')
    expect(a.headers.etag).not.toBe(b.headers.etag)
  })
  it('pins a version with ?catalogVersion= and lists the available ones when unknown', async () => {
    const def = (await get('/catalog')).json().defaultVersion
    expect((await get(`/hardware?catalogVersion=${def}`)).json().catalogVersion).toBe(def)
    const res = await get('/hardware?catalogVersion=1999.1.0')
    expect(res.statusCode).toBe(404)
    expect(res.json().detail).toContain(def)
    expect(res.json().errors[0].suggestions).toContain(def)
  })
  it('GET /precisions and /engines describe the formats and engines', async () => {
    const p = (await get('/precisions')).json()
    expect(p.precisions.find((x: { id: string }) => x.id === 'q4_0').bitsPerWeight).toBe(4.5)
    const e = (await get('/engines')).json()
    expect(e.engines.find((x: { id: string }) => x.id === 'vllm').efficiency.fitted).toBe(true)
  })
})

describe('sources and formulas', () => {
  it('GET /catalog/sources lists the sources of the entries named, each labelled with its entry; every entry without ids', async () => {
    const some = (await get('/catalog/sources?ids=hardware:h100-sxm,engine:vllm')).json()
    expect(some.count).toBe(some.sources.length)
    expect(new Set(some.sources.map((source: { entry: string }) => source.entry))).toEqual(new Set(['hardware:h100-sxm', 'engine:vllm']))
    const all = (await get('/catalog/sources')).json()
    expect(all.count).toBeGreaterThan(some.count)
  })
  it('GET /catalog/sources answers 404 naming an unknown entry, 400 for a malformed list', async () => {
    const unknown = await get('/catalog/sources?ids=model:llama-9')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().errors[0].pointer).toBe('/query/ids')
    const malformed = await get('/catalog/sources?ids=llama')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().errors[0].pointer).toBe('/query/ids')
  })
  it('GET /formulas gives every formula an answer can name, by id', async () => {
    const body = (await get('/formulas')).json()
    const ids = body.formulas.map((formula: { id: string }) => formula.id)
    expect(ids).toEqual(expect.arrayContaining(['weights', 'decode-step', 'serving-step', 'api-cost']))
    expect(new Set(ids).size).toBe(ids.length)
    const answer = (await app.inject({ method: 'POST', url: '/estimate', payload: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 100, outputTokens: 10, concurrency: 4 } })).json()
    for (const id of answer.assumptions.formulaIds) expect(ids).toContain(id)
    expect(answer.assumptions.formulaIds).toContain('serving-operating-point')
  })
})

describe('health', () => {
  it('GET /healthz and /readyz', async () => {
    expect((await get('/healthz')).json()).toMatchObject({ status: 'ok' })
    const ready = (await get('/readyz')).json()
    expect(ready.status).toBe('ready')
    expect(ready.catalog.sha256).toMatch(/^[0-9a-f]{64}$/)
  })
})
