// POST /estimate through inject: answers, validation problems and domain problems.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { estimate } from '../../src/estimator/index.js'
import { buildTestApp, defaultCatalog } from '../helpers/app.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(async () => app.close())

const post = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.inject({ method: 'POST', url: '/estimate', payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers })

describe('POST /estimate', () => {
  it('answers the seed example: 7B, 1000 tokens, batch 2 on a GPU, locally', async () => {
    const res = await post({ model: '7B', hardware: 'GPU', promptTokens: 1000, outputTokens: 1000, batchSize: 2, deployment: 'local' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = res.json()
    expect(body.model.id).toBe('llama-2-7b')
    expect(body.memory.fits).toBe(true)
    expect(body.cost.breakdown.energyUsd).toBeGreaterThan(0)
    expect(body.sourceIds).toEqual(['model:llama-2-7b', 'hardware:a100-80gb', 'precision:fp16', 'engine:vllm'])
    expect(body.assumptions.formulaIds).toContain('decode-step')
    // Sources and formulas are named, not repeated; include= adds their text.
    expect(body.sources).toBeUndefined()
    expect(body.assumptions.formulas).toBeUndefined()
  })
  it('adds the sources and formulas in words when asked with include=sources,formulas, the same text GET /catalog/sources and GET /formulas give', async () => {
    const payload = { model: '7B', hardware: 'GPU', promptTokens: 1000, outputTokens: 1000, batchSize: 2, deployment: 'local' }
    const lean = (await post(payload)).json()
    const full = (await app.inject({ method: 'POST', url: '/estimate?include=sources,formulas', payload })).json()
    expect({ ...full, sources: undefined, assumptions: { ...full.assumptions, formulas: undefined } }).toEqual({ ...lean, sources: undefined, assumptions: { ...lean.assumptions, formulas: undefined } })
    expect(full.sources.some((s: { entry: string }) => s.entry === 'hardware:a100-80gb')).toBe(true)
    expect(new Set(full.sources.map((s: { entry: string }) => s.entry))).toEqual(new Set(lean.sourceIds))
    const listed = (await app.inject({ url: `/catalog/sources?ids=${lean.sourceIds.join(',')}` })).json()
    expect(listed.sources).toEqual(full.sources)
    const formulas = (await app.inject({ url: '/formulas' })).json().formulas as { id: string; text: string }[]
    expect(full.assumptions.formulas).toEqual(lean.assumptions.formulaIds.map((id: string) => formulas.find((formula) => formula.id === id)!.text))
    const onlySources = (await app.inject({ method: 'POST', url: '/estimate?include=sources', payload })).json()
    expect(onlySources.sources).toEqual(full.sources)
    expect(onlySources.assumptions.formulas).toBeUndefined()
  })
  it('refuses an unknown include part, naming the query field', async () => {
    const res = await app.inject({ method: 'POST', url: '/estimate?include=estimate', payload: { model: '7b', hardware: 'a100-80gb', promptTokens: 10, outputTokens: 10 } })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.json().errors[0].pointer).toBe('/query/include')
  })
  it('serializes exactly what the estimator returns', async () => {
    const req = { model: 'mixtral-8x7b', hardware: 'h100-sxm', precision: 'fp8', deviceCount: 2, promptTokens: 2000, outputTokens: 300, batchSize: 8 }
    const res = await post(req)
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(estimate(defaultCatalog(), req))))
  })
  it('answers api models from their prices', async () => {
    const body = (await post({ model: 'gpt-4', promptTokens: 1000, outputTokens: 1000 })).json()
    expect(body.deployment).toBe('api')
    expect(body.cost.perRequestUsd).toBeCloseTo(0.09, 10)
  })
  it('rejects unknown fields by name, with a suggestion (no silent stripping)', async () => {
    const res = await post({ model: '7b', hardware: 'a100', promptToken: 1000, promptTokens: 10, outputTokens: 10 })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([{ pointer: '/body/promptToken', detail: 'unknown field "promptToken"; did you mean "promptTokens"?', suggestions: ['promptTokens'] }])
  })
  it('rejects zero, negative, fractional and absurd token counts', async () => {
    for (const [field, value] of [['promptTokens', 0], ['outputTokens', -5], ['promptTokens', 1.5], ['batchSize', 0]] as const) {
      const res = await post({ model: '7b', hardware: 'a100', promptTokens: 10, outputTokens: 10, [field]: value })
      expect(res.statusCode, `${field}=${value}`).toBe(400)
      expect(res.json().errors[0].pointer).toBe(`/body/${field}`)
    }
  })
  it('values above the documented limits are 422 limit-exceeded problems', async () => {
    for (const [field, value] of [['promptTokens', 1e12], ['outputTokens', 2_000_000], ['batchSize', 100_000], ['deviceCount', 5000]] as const) {
      const res = await post({ model: '7b', hardware: 'a100', promptTokens: 10, outputTokens: 10, [field]: value })
      expect(res.statusCode, field).toBe(422)
      expect(res.json()).toMatchObject({ type: '/problems/limit-exceeded', errors: [{ pointer: `/body/${field}` }] })
    }
  })
  it('does not coerce body types', async () => {
    const res = await post({ model: '7b', hardware: 'a100', promptTokens: '100', outputTokens: 10 })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0]).toMatchObject({ pointer: '/body/promptTokens', detail: 'must be integer' })
  })
  it('reports a missing required field', async () => {
    const res = await post({ model: '7b', hardware: 'a100', outputTokens: 10 })
    expect(res.json().errors).toEqual([{ pointer: '/body/promptTokens', detail: 'required field is missing' }])
  })
  it('malformed JSON is a 400 problem, never a 500', async () => {
    for (const payload of ['{"model": "7b",', 'not json', '[1,2', '']) {
      const res = await post(payload)
      expect(res.statusCode, payload).toBe(400)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.json().type).toBe('/problems/malformed-json')
    }
  })
  it('a wrong content type is a 415 problem', async () => {
    const res = await post('model=7b', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(res.statusCode).toBe(415)
    expect(res.json().status).toBe(415)
  })
  it('domain refusals are 422 problems naming the field', async () => {
    const res = await post({ model: '7b', hardware: 't4', precision: 'fp8', promptTokens: 10, outputTokens: 10 })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ type: '/problems/unprocessable', status: 422, errors: [{ pointer: '/body/precision' }] })
    const unknown = await post({ model: 'llama-2-7', hardware: 'a100-80gb', promptTokens: 10, outputTokens: 10 })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().errors[0].suggestions).toContain('llama-2-7b')
    // TensorRT-LLM runs only on NVIDIA GPUs: an AMD GPU is a GPU, but not one it runs on.
    const amd = await post({ model: 'llama-3.1-8b', hardware: 'mi300x', engine: 'tensorrt-llm', promptTokens: 4000, outputTokens: 300, concurrency: 4 })
    expect(amd.statusCode).toBe(422)
    expect(amd.json()).toMatchObject({ errors: [{ pointer: '/body/engine' }] })
    expect(amd.json().detail).toMatch(/runs only on NVIDIA devices; .*MI300X.* is made by AMD/)
  })
  it('cost terms: out-of-range values are problems naming the field; edge on data-centre hardware is refused', async () => {
    const base = { model: '7b', hardware: 'rtx-4090', promptTokens: 10, outputTokens: 10 }
    for (const [field, value] of [['pue', 0.9], ['amortizationYears', 0], ['hoursPerDay', 0], ['maintenanceShareOfHardwarePerYear', -0.1], ['purchasePriceUsd', 0], ['pricing', 'cheap']] as const) {
      const res = await post({ ...base, [field]: value })
      expect(res.statusCode, `${field}=${value}`).toBe(400)
      expect(res.json().errors[0].pointer).toBe(`/body/${field}`)
    }
    for (const [field, value] of [['hoursPerDay', 25], ['pue', 4], ['amortizationYears', 50]] as const) {
      const res = await post({ ...base, [field]: value })
      expect(res.statusCode, `${field}=${value}`).toBe(422)
      expect(res.json().errors[0].pointer).toBe(`/body/${field}`)
    }
    const edge = await post({ ...base, hardware: 'h100-sxm', deployment: 'edge' })
    expect(edge.statusCode).toBe(422)
    expect(edge.json().errors[0].pointer).toBe('/body/deployment')
  })
  it('local TCO parts and their basis come back in the answer', async () => {
    const body = (await post({ model: '7b', hardware: 'rtx-4090', precision: 'q4_k_m', promptTokens: 1000, outputTokens: 1000, amortizationYears: 2 })).json()
    expect(body.cost.basis).toMatchObject({ kind: 'ownership', purchasePriceUsd: 1599, amortizationYears: 2, pue: 1.25 })
    for (const part of ['hardwareAmortizationUsd', 'maintenanceUsd', 'energyUsd', 'coolingUsd']) expect(body.cost.breakdown[part]).toBeGreaterThan(0)
  })
  it('an unknown catalogVersion is a 404 problem listing the versions', async () => {
    const res = await post({ model: '7b', hardware: 'a100', promptTokens: 10, outputTokens: 10, catalogVersion: '1999.1.0' })
    expect(res.statusCode).toBe(404)
    expect(res.json().errors[0].pointer).toBe('/body/catalogVersion')
  })
  // A Hugging Face repo id or a display name was told "must be an object (inline spec)".
  it('a malformed id is named as such, with what an id looks like', async () => {
    for (const model of ['meta-llama/Llama-3.1-8B', 'Llama 3.1 8B', '', 'x'.repeat(65)]) {
      const res = await post({ model, hardware: 'h100-sxm', promptTokens: 10, outputTokens: 10 })
      expect(res.statusCode).toBe(400)
      expect(res.json().errors).toEqual([{ pointer: '/body/model', detail: expect.stringMatching(/^is not a catalog id or alias: .*"llama-3\.1-8b"/) }])
    }
    // The same words for an id field outside a union, and no "must be one of "all"" beside a bad hardware list.
    const engine = await post({ model: '7b', hardware: 'a100', engine: 'vLLM 0.11', promptTokens: 10, outputTokens: 10 })
    expect(engine.json().errors).toEqual([{ pointer: '/body/engine', detail: expect.stringMatching(/^is not a catalog id or alias: /) }])
    const matrix = await app.inject({ method: 'POST', url: '/compare', payload: { workload: { promptTokens: 10, outputTokens: 10 }, matrix: { models: ['meta-llama/Llama-3.1-8B'], hardware: ['NVIDIA H100'] } } })
    expect(matrix.json().errors.map((error: { pointer: string; detail: string }) => [error.pointer, error.detail.slice(0, 30)])).toEqual([
      ['/body/matrix/models/0', 'is not a catalog id or alias: '],
      ['/body/matrix/hardware/0', 'is not a catalog id or alias: ']
    ])
    const empty = await app.inject({ method: 'POST', url: '/compare', payload: { workload: { promptTokens: 10, outputTokens: 10 }, matrix: { models: ['7b'], hardware: [] } } })
    expect(empty.json().errors).toEqual([{ pointer: '/body/matrix/hardware', detail: 'must NOT have fewer than 1 items' }])
    const wrongType = await post({ model: 42, hardware: 'h100-sxm', promptTokens: 10, outputTokens: 10 })
    expect(wrongType.json().errors[0].detail).toBe('must be a string (catalog id or alias) or an object (inline spec)')
  })
  it('an inline spec with a bad nested field names the nested pointer', async () => {
    const res = await post({ model: { architecture: { layers: 'x', hiddenSize: 64, attentionHeads: 8, kvHeads: 8 } }, hardware: 'a100', promptTokens: 10, outputTokens: 10 })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain('/body/model/architecture/layers')
  })
})
