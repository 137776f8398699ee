// The shipped TypeScript client (clients/typescript) is generated from the committed document, and
// drives the real service over HTTP: same answers as the routes give, problems as typed errors.
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLlmCalcClient, type CompareRequest, type EstimateRequest, type LlmCalcClient } from '../../clients/typescript/src/index.js'
import { CLIENT_TYPES_PATH, generateClientTypes } from '../../scripts/generate-client.js'
import { OPENAPI_PATH } from '../../scripts/generate-openapi.js'
import { buildTestApp } from '../helpers/app.js'

describe('generated client types', () => {
  it('the committed clients/typescript/src/openapi.ts equals what openapi-typescript makes of openapi/openapi.json (run `npm run client`)', async () => {
    expect(readFileSync(CLIENT_TYPES_PATH, 'utf8') === (await generateClientTypes()), 'clients/typescript/src/openapi.ts is stale: run npm run client').toBe(true)
  })
  it('the client package asks for the openapi-fetch the repository tests it with', () => {
    const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'))
    expect(read('../../clients/typescript/package.json').dependencies['openapi-fetch']).toBe(read('../../package.json').devDependencies['openapi-fetch'])
  })
  it('a schema change shows in the generated types', async () => {
    const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'))
    doc.components.schemas.Estimate.properties.newFieldGB = { type: 'number', description: 'A field that does not exist.' }
    const changed = await generateClientTypes(doc)
    expect(changed).toContain('newFieldGB')
    expect(changed).not.toBe(readFileSync(CLIENT_TYPES_PATH, 'utf8'))
  })
})

describe('the client against the running service', () => {
  let app: FastifyInstance
  let client: LlmCalcClient
  beforeAll(async () => {
    app = await buildTestApp()
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    if (!address || typeof address === 'string') throw new Error('no TCP address')
    client = createLlmCalcClient(`http://127.0.0.1:${address.port}`)
  })
  afterAll(async () => {
    await app.close()
  })

  it('POST /estimate answers the typed Estimate the route gives', async () => {
    const body: EstimateRequest = { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 8 }
    const { data, error, response } = await client.POST('/estimate', { body })
    expect(error).toBeUndefined()
    expect(response.status).toBe(200)
    expect(data).toEqual((await app.inject({ method: 'POST', url: '/estimate', payload: body })).json())
    expect(data!.memory!.fits).toBe(true)
    expect(data!.latency!.ttftMs).toBeGreaterThan(0)
    expect(data!.deployment).toBe('cloud')
  })

  it('POST /compare answers ranked summary rows, each with its Estimate when asked with include=estimate', async () => {
    const body: CompareRequest = {
      workload: { promptTokens: 1000, outputTokens: 1000, requestsPerDay: 10000 },
      candidates: [{ model: '7b', hardware: 'a100-80gb' }, { model: '13b', hardware: 'a100-80gb' }, { model: 'gpt-4' }]
    }
    const { data, error } = await client.POST('/compare', { body })
    expect(error).toBeUndefined()
    expect(data).toEqual((await app.inject({ method: 'POST', url: '/compare', payload: body })).json())
    expect(data!.rows.map((row) => row.rank)).toEqual([1, 2, 3])
    expect(data!.rows.every((row) => row.estimate === undefined)).toBe(true)
    const full = await client.POST('/compare', { body, params: { query: { include: 'estimate' } } })
    expect(full.data!.rows.map((row) => row.estimate!.model.id).sort()).toEqual(['gpt-4', 'llama-2-13b', 'llama-2-7b'])
    expect(data!.breakEven?.api).toBe('gpt-4@api')
  })

  it('GET /models filters with typed query parameters, GET /models/{id} takes the id, and If-None-Match gives 304', async () => {
    const all = await client.GET('/models', { params: { query: { openWeights: true } } })
    expect(all.error).toBeUndefined()
    expect(all.data!.count).toBe(all.data!.models.length)
    expect(all.data!.models.every((model) => model.openWeights)).toBe(true)
    expect(all.data!.models.map((model) => model.id)).toContain('llama-3.1-8b')

    const one = await client.GET('/models/{id}', { params: { path: { id: '7b' } } })
    expect(one.data!.model.id).toBe('llama-2-7b')
    expect(one.data!.fits.hardware.length).toBeGreaterThan(0)

    const etag = all.response.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await client.GET('/models', { params: { query: { openWeights: true }, header: { 'If-None-Match': etag! } } })
    expect(again.response.status).toBe(304)
  })

  it('a refused request comes back as the typed Problem', async () => {
    const { data, error, response } = await client.POST('/estimate', { body: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, deployment: 'api' } })
    expect(data).toBeUndefined()
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    expect(error!.status).toBe(response.status)
    expect(error!.status).toBeGreaterThanOrEqual(400)
    expect(error!.detail).toBeTruthy()
    const unknown = await client.GET('/models/{id}', { params: { path: { id: 'no-such-model' } } })
    expect(unknown.error!.status).toBe(404)
    expect(unknown.error!.errors![0]!.pointer).toBe('/params/id')
  })
})
