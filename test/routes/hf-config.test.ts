// `model: { hfConfig }` on POST /estimate and /compare: a pasted config.json is read into the
// architecture, echoed in the answer, estimated like the catalog entry it matches, and refused with
// a problem naming the config key when it cannot be read.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CATALOG_DIR } from '../../src/catalog/index.js'
import { MAX_HF_CONFIG_BYTES } from '../../src/schemas/estimate.js'
import { buildTestApp, defaultCatalog } from '../helpers/app.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(async () => app.close())

const config = (id: string): Record<string, unknown> => JSON.parse(readFileSync(join(DEFAULT_CATALOG_DIR, 'hf-configs', `${id}.json`), 'utf8'))
const estimate = (payload: unknown) => app.inject({ method: 'POST', url: '/estimate', payload: payload as object })
const workload = { promptTokens: 2000, outputTokens: 200 }

describe('POST /estimate with model.hfConfig', () => {
  it('estimates a pasted config.json like its catalog entry and echoes what it read', async () => {
    const fromConfig = (await estimate({ model: { hfConfig: config('qwen3-30b-a3b') }, hardware: 'h200', ...workload })).json()
    const fromCatalog = (await estimate({ model: 'qwen3-30b-a3b', hardware: 'h200', ...workload })).json()
    expect(fromConfig.model.id).toBeNull()
    expect(fromConfig.model.fromHfConfig.modelType).toBe('qwen3_moe')
    expect(fromConfig.model.fromHfConfig.architecture).toEqual(defaultCatalog().modelById.get('qwen3-30b-a3b')!.architecture)
    expect(fromConfig.model.fromHfConfig.nativePrecision).toBe('bf16')
    expect(fromConfig.precision).toBe(fromCatalog.precision)
    expect(fromConfig.memory.kvCacheBytesPerToken).toBe(98_304)
    // The catalog keeps Qwen's published 30.5B; the config's derived count is 30.53B.
    expect(fromConfig.memory.weightsGB / fromCatalog.memory.weightsGB).toBeCloseTo(30.532 / 30.5, 3)
  })
  it('takes the native format from quantization_config: gpt-oss in MXFP4 experts', async () => {
    const body = (await estimate({ model: { hfConfig: config('gpt-oss-120b') }, hardware: 'b200', ...workload })).json()
    expect(body.precision).toBe('mxfp4')
    expect(body.model.fromHfConfig.nativePrecisionScope).toBe('experts')
    expect(body.memory.weightsGB).toBeGreaterThan(64)
    expect(body.memory.weightsGB).toBeLessThan(66)
  })
  it('reads nested text_config (Llama 4) and keeps the request\'s own name and parameter count', async () => {
    const body = (await estimate({ model: { name: 'my scout', parametersB: 109, hfConfig: config('llama-4-scout') }, hardware: 'h200', deviceCount: 4, ...workload })).json()
    expect(body.model.name).toBe('my scout')
    expect(body.model.fromHfConfig.architecture.chunkedAttentionLayers).toBe(36)
    expect(body.memory.weightsGB).toBeCloseTo(218, 6)
  })
  it('allows keys it does not read', async () => {
    const res = await estimate({ model: { hfConfig: { ...config('phi-4'), auto_map: { AutoConfig: 'x' }, some_new_key: [1, { a: null }] } }, hardware: 'h100-sxm', ...workload })
    expect(res.statusCode).toBe(200)
  })
  it('refuses a family it cannot read with a 422 naming model_type and listing the readable ones', async () => {
    const res = await estimate({ model: { hfConfig: { ...config('llama-3.1-8b'), model_type: 'gpt2' } }, hardware: 'h100-sxm', ...workload })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    const problem = res.json()
    expect(problem.errors[0].pointer).toBe('/body/model/hfConfig/model_type')
    expect(problem.errors[0].detail).toMatch(/llama, mistral, mixtral, qwen2, qwen3, qwen3_moe, gemma2, gemma3/)
  })
  it('names the nested key of a bad figure, and holds figures to the inline-architecture bounds', async () => {
    const scout = config('llama-4-scout')
    const bad = await estimate({ model: { hfConfig: { ...scout, text_config: { ...(scout.text_config as object), num_hidden_layers: 5000 } } }, hardware: 'h200', ...workload })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors[0].pointer).toBe('/body/model/hfConfig/text_config/num_hidden_layers')
  })
  it('caps the config at 256 KB of JSON', async () => {
    const padding = 'x'.repeat(MAX_HF_CONFIG_BYTES)
    const res = await estimate({ model: { hfConfig: { ...config('qwen3-8b'), padding } }, hardware: 'h100-sxm', ...workload })
    expect(res.statusCode).toBe(422)
    expect(res.json().errors[0].pointer).toBe('/body/model/hfConfig')
  })
  it('wants exactly one of architecture and hfConfig', async () => {
    const both = await estimate({ model: { hfConfig: config('qwen3-8b'), architecture: { layers: 2, hiddenSize: 64, attentionHeads: 2, kvHeads: 2 } }, hardware: 'h100-sxm', ...workload })
    expect([both.statusCode, both.json().errors[0].pointer]).toEqual([422, '/body/model/hfConfig'])
    const neither = await estimate({ model: { name: 'nothing' }, hardware: 'h100-sxm', ...workload })
    expect([neither.statusCode, neither.json().errors[0].pointer]).toEqual([422, '/body/model/architecture'])
  })
  it('refuses a config that is not an object at the schema level (400)', async () => {
    const res = await estimate({ model: { hfConfig: 'config.json' }, hardware: 'h100-sxm', ...workload })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors.some((e: { pointer: string }) => e.pointer.startsWith('/body/model'))).toBe(true)
  })
})

describe('POST /compare with model.hfConfig', () => {
  it('ranks a pasted config beside catalog models and echoes it in its row', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/compare?include=estimate',
      payload: { workload, candidates: [{ model: { hfConfig: config('gpt-oss-20b') }, hardware: 'rtx-5090' }, { model: 'qwen3-8b', hardware: 'rtx-5090' }] }
    })
    expect(res.statusCode, res.body).toBe(200)
    const rows = res.json().rows as { estimate: { model: { fromHfConfig?: { modelType: string } }; precision: string } }[]
    const pasted = rows.find((r) => r.estimate.model.fromHfConfig !== undefined)!
    expect(pasted.estimate.model.fromHfConfig!.modelType).toBe('gpt_oss')
    expect(pasted.estimate.precision).toBe('mxfp4')
  })
})
