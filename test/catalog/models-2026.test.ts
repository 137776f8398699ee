// The 2025-26 open-weight models: exact KV-cache and parameter figures worked out by hand from
// their published configs, bounded attention (sliding windows) capping the cache, native formats,
// and an answer from POST /estimate for every new model on hardware it fits.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveParameters, kvBytesPerToken, sequenceKvBytes } from '../../src/estimator/model.js'
import { buildTestApp, defaultCatalog } from '../helpers/app.js'

const catalog = defaultCatalog()
const architecture = (id: string) => catalog.modelById.get(id)!.architecture!
const BF16_BITS = 16

const NEW_MODELS = [
  'llama-3.3-70b', 'llama-4-scout', 'llama-4-maverick', 'qwen2.5-14b', 'qwen2.5-32b', 'qwen3-8b', 'qwen3-14b', 'qwen3-32b',
  'qwen3-30b-a3b', 'qwen3-235b-a22b', 'gpt-oss-20b', 'gpt-oss-120b', 'deepseek-r1', 'glm-4.5-air', 'gemma-3-27b',
  'mixtral-8x22b', 'phi-4', 'llama-3.2-1b', 'llama-3.2-3b', 'qwen2.5-1.5b', 'gemma-3-4b'
]

describe('the new models are in the catalog with sources and a native precision', () => {
  it.each(NEW_MODELS)('%s', (id) => {
    const m = catalog.modelById.get(id)
    expect(m, id).toBeDefined()
    expect(m!.openWeights).toBe(true)
    expect(m!.sources[0]!.url).toMatch(/^https:\/\/huggingface\.co\/.+\/config\.json$/)
    expect(m!.sources[0]!.accessed).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(m!.nativePrecision).toBeDefined()
  })
  it('records the published checkpoint formats: FP8 DeepSeek-R1, MXFP4 gpt-oss experts with the rest bf16', () => {
    expect(catalog.modelById.get('deepseek-r1')!.nativePrecision).toBe('fp8')
    for (const id of ['gpt-oss-20b', 'gpt-oss-120b']) {
      const m = catalog.modelById.get(id)!
      expect([m.nativePrecision, m.nativePrecisionScope, m.nativeNonExpertPrecision]).toEqual(['mxfp4', 'experts', 'bf16'])
    }
  })
})

describe('KV-cache bytes per token at bf16, worked by hand', () => {
  it('llama-3.3-70b: 2 × 80 layers × 8 KV heads × 128 × 2 bytes = 327,680', () => {
    expect(kvBytesPerToken(architecture('llama-3.3-70b'), BF16_BITS)).toBe(327_680)
  })
  it('qwen3-30b-a3b: 2 × 48 × 4 × 128 × 2 = 98,304', () => {
    expect(kvBytesPerToken(architecture('qwen3-30b-a3b'), BF16_BITS)).toBe(98_304)
  })
  it('deepseek-r1 (MLA): 61 layers × (512 latent + 64 RoPE key) × 2 = 70,272', () => {
    expect(kvBytesPerToken(architecture('deepseek-r1'), BF16_BITS)).toBe(70_272)
  })
})

describe('sliding-window layers stop growing at the window', () => {
  it('gpt-oss-120b at 100,000 tokens: 18 full layers hold every token, 18 sliding layers 128', () => {
    const perLayerToken = 2 * 8 * 64 * 2
    expect(sequenceKvBytes(architecture('gpt-oss-120b'), BF16_BITS, 100_000)).toBe(perLayerToken * (18 * 100_000 + 18 * 128))
    expect(sequenceKvBytes(architecture('gpt-oss-120b'), BF16_BITS, 100_000)).toBe(3_691_118_592)
  })
  it('gemma-3-27b at 32,768 tokens: 10 global layers hold every token, 52 local layers 1024', () => {
    expect(sequenceKvBytes(architecture('gemma-3-27b'), BF16_BITS, 32_768)).toBe(8192 * (10 * 32_768 + 52 * 1024))
    expect(sequenceKvBytes(architecture('gemma-3-27b'), BF16_BITS, 32_768)).toBe(3_120_562_176)
  })
  it('below the window every layer grows', () => {
    expect(sequenceKvBytes(architecture('gpt-oss-120b'), BF16_BITS, 100)).toBe(100 * kvBytesPerToken(architecture('gpt-oss-120b'), BF16_BITS))
  })
})

describe('mixture of experts: active versus total parameters', () => {
  it('qwen3-30b-a3b, by hand: 30,532,110,336 in all, 3,353,020,416 per token (8 of 128 experts of width 768)', () => {
    // Per layer: attention 2048×4096×2 + 2048×512×2, norms 2×2048, router 2048×128, expert 3×2048×768.
    const attention = 2048 * 4096 * 2 + 2048 * 512 * 2
    const expert = 3 * 2048 * 768
    const perLayer = (experts: number) => attention + 2 * 2048 + 2048 * 128 + experts * expert
    const embeddings = 151_936 * 2048 * 2 + 2048
    const d = deriveParameters(architecture('qwen3-30b-a3b'))
    expect(d.total).toBe(48 * perLayer(128) + embeddings)
    expect(d.total).toBe(30_532_110_336)
    expect(d.active).toBe(48 * perLayer(8) + embeddings)
    expect(d.active).toBe(3_353_020_416)
  })
  it('gpt-oss-120b, by hand: 116,789,048,640 in all (the card: 116.83B with biases), 5,710,443,840 per token', () => {
    const d = deriveParameters(architecture('gpt-oss-120b'))
    expect(d.total).toBe(116_789_048_640)
    expect(d.active).toBe(5_710_443_840)
  })
  it('llama-4-maverick: 24 dense layers of width 16384 and 24 MoE layers (128 routed + 1 shared, top-1)', () => {
    const d = deriveParameters(architecture('llama-4-maverick'))
    expect(d.total / 1e9).toBeCloseTo(400.71, 2)
    expect(d.active / 1e9).toBeCloseTo(17.19, 1)
  })
  it.each([
    ['qwen3-30b-a3b', 30.5, 3.35],
    ['qwen3-235b-a22b', 235, 22.19],
    ['gpt-oss-20b', 20.91, 4.19],
    ['gpt-oss-120b', 116.83, 5.71],
    ['deepseek-r1', 671, 37.55],
    ['glm-4.5-air', 106, 13.42],
    ['llama-4-scout', 107.77, 17.17],
    ['llama-4-maverick', 400.71, 17.19],
    ['mixtral-8x22b', 141, 39.16]
  ])('%s: %f B in all, %f B per token', (id, total, active) => {
    const m = catalog.modelById.get(id as string)!
    expect([m.parametersB, m.activeParametersB]).toEqual([total, active])
    expect(m.activeParametersB!).toBeLessThan(m.parametersB! / 2)
  })
})

describe('POST /estimate answers every new model on hardware it fits', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildTestApp()
  })
  afterAll(async () => app.close())

  const plan: [string, string, number, Record<string, string>?][] = [
    ['llama-3.3-70b', 'h200', 2],
    ['llama-4-scout', 'h200', 4],
    ['llama-4-maverick', 'h200', 8],
    ['qwen2.5-14b', 'h100-sxm', 1],
    ['qwen2.5-32b', 'h200', 1],
    ['qwen3-8b', 'l40s', 1],
    ['qwen3-14b', 'h100-sxm', 1],
    ['qwen3-32b', 'h200', 1],
    ['qwen3-30b-a3b', 'h200', 1],
    ['qwen3-235b-a22b', 'h200', 4],
    ['gpt-oss-20b', 'h100-sxm', 1],
    ['gpt-oss-120b', 'h200', 2],
    ['deepseek-r1', 'h200', 8, { precision: 'fp8' }],
    ['glm-4.5-air', 'h200', 2],
    ['gemma-3-27b', 'h100-sxm', 1],
    ['mixtral-8x22b', 'h200', 4],
    ['phi-4', 'h100-sxm', 1],
    ['llama-3.2-1b', 'rtx-4090', 1],
    ['llama-3.2-3b', 'rtx-4090', 1],
    ['qwen2.5-1.5b', 'rtx-4090', 1],
    ['gemma-3-4b', 'rtx-4090', 1]
  ]
  it('plans every new model', () => {
    expect(plan.map((p) => p[0]).sort()).toEqual([...NEW_MODELS].sort())
  })
  it.each(plan)('%s on %s × %i', async (model, hardware, deviceCount, extra) => {
    const res = await app.inject({ method: 'POST', url: '/estimate', payload: { model, hardware, deviceCount, promptTokens: 1000, outputTokens: 200, ...extra } })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.memory.fits).toBe(true)
    for (const v of [body.memory.weightsGB, body.memory.kvCacheGB, body.latency.ttftMs, body.latency.tpotMs, body.cost.perRequestUsd]) {
      expect(Number.isFinite(v)).toBe(true)
      expect(v).toBeGreaterThan(0)
    }
    expect(body.sources.some((s: { entry: string }) => s.entry === `model:${model}`)).toBe(true)
  })
})
