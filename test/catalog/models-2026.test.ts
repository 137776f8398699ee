// The 2025-26 open-weight models: exact KV-cache and parameter figures worked out by hand from
// their published configs, bounded attention (sliding windows) capping the cache, native formats,
// and an answer from POST /estimate for every new model on hardware it fits.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { DEFAULT_CATALOG_DIR, loadCatalogSet } from '../../src/catalog/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeReadBytes, deriveParameters, kvBytesPerToken, sequenceKvBytes, tokensForKvBytes, weightBytes } from '../../src/estimator/physics/model.js'
import { estimate } from '../../src/estimator/index.js'
import { modelFromEntry } from '../../src/estimator/entries.js'
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

describe('the loader refuses a native precision the catalog does not have', () => {
  it('names the entry and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'))
    cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true })
    const path = join(dir, catalog.version, 'models.json')
    const models = JSON.parse(readFileSync(path, 'utf8')) as { id: string; nativeNonExpertPrecision?: string }[]
    models.find((m) => m.id === 'gpt-oss-20b')!.nativeNonExpertPrecision = 'bf17'
    writeFileSync(path, JSON.stringify(models))
    expect(() => loadCatalogSet({ dir })).toThrow(/entry "gpt-oss-20b": field \/nativeNonExpertPrecision: unknown precision "bf17"/)
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

describe('chunked-attention layers stop growing at the chunk', () => {
  it('llama-4-scout at 100,000 tokens: 12 global layers hold every token, 36 chunked layers one 8192-token chunk', () => {
    const perLayerToken = 2 * 8 * 128 * 2
    expect(sequenceKvBytes(architecture('llama-4-scout'), BF16_BITS, 100_000)).toBe(perLayerToken * (12 * 100_000 + 36 * 8192))
    expect(sequenceKvBytes(architecture('llama-4-scout'), BF16_BITS, 100_000)).toBe(6_123_159_552)
  })
  it('the longest sequence a cache holds inverts the capped size, below and above the chunk', () => {
    const a = architecture('llama-4-scout')
    for (const tokens of [1000, 8192, 8193, 100_000, 1_000_000]) expect(tokensForKvBytes(a, BF16_BITS, sequenceKvBytes(a, BF16_BITS, tokens))).toBe(tokens)
  })
  it('a window and chunks together: each group stops at its own bound', () => {
    const a = { ...architecture('llama-4-scout'), slidingWindow: 1024, slidingWindowLayers: 6, chunkedAttentionLayers: 30 }
    const perLayerToken = 2 * 8 * 128 * 2
    expect(sequenceKvBytes(a, BF16_BITS, 50_000)).toBe(perLayerToken * (12 * 50_000 + 6 * 1024 + 30 * 8192))
    expect(tokensForKvBytes(a, BF16_BITS, sequenceKvBytes(a, BF16_BITS, 50_000))).toBe(50_000)
    expect(tokensForKvBytes(a, BF16_BITS, sequenceKvBytes(a, BF16_BITS, 5000))).toBe(5000)
  })
})

describe('native formats: what a model holds and reads in the format it is published in', () => {
  const mxfp4 = catalog.precisionById.get('mxfp4')!
  const gptOss = () => estimate(catalog, { model: 'gpt-oss-120b', hardware: 'b200', promptTokens: 1000, outputTokens: 200 })
  it('gpt-oss-120b: MXFP4 routed experts (4.25 bits) and bf16 for the rest = 65.25 GB, its published 60.8 GiB checkpoint', () => {
    const experts = 36 * 128 * 3 * 2880 * 2880
    const expected = (experts * 4.25 + (116.83e9 - experts) * 16) / 8
    const body = gptOss()
    expect(body.precision).toBe('mxfp4')
    expect(body.memory!.weightsGB).toBeCloseTo(expected / 1e9, 3)
    expect(body.memory!.weightsGB).toBeCloseTo(65.2505, 4)
    expect(Math.abs(body.memory!.weightsGB * 1e9 - 60.8 * 2 ** 30) / (60.8 * 2 ** 30)).toBeLessThan(0.01)
  })
  it('gpt-oss-20b: 13.75 GB, its published 12.8 GiB checkpoint', () => {
    const body = estimate(catalog, { model: 'gpt-oss-20b', hardware: 'rtx-5090', promptTokens: 1000, outputTokens: 200 })
    expect(Math.abs(body.memory!.weightsGB * 1e9 - 12.8 * 2 ** 30) / (12.8 * 2 ** 30)).toBeLessThan(0.01)
  })
  it('decode reads the routed experts a step uses in MXFP4 and the rest (head included) in bf16', () => {
    const model = { ...modelFromEntry(catalog.modelById.get('gpt-oss-120b')!), expertScopedPrecision: { precisionId: 'mxfp4', nonExpertBitsPerWeight: 16 } }
    const embedding = 201_088 * 2880
    const body = 5.71e9 - 2 * embedding
    const experts = 4 * 36 * 3 * 2880 * 2880
    expect(decodeReadBytes(model, mxfp4, 1)).toBeCloseTo((experts * 4.25 + (body - experts + embedding) * 16) / 8, 0)
    expect(decodeReadBytes(model, mxfp4, 1)).toBeCloseTo(4_998_936_320, 0)
  })
  it('the same format asked of a model that publishes everything in it covers every weight (embeddings at 16 bits)', () => {
    const model = modelFromEntry(catalog.modelById.get('qwen3-30b-a3b')!)
    const embedding = 151_936 * 2048 * 2
    expect(weightBytes(model, mxfp4)).toBeCloseTo(((30.5e9 - embedding) * 4.25 + embedding * 16) / 8, 0)
  })
  it('bf16 asked of gpt-oss stores every weight in bf16', () => {
    const body = estimate(catalog, { model: 'gpt-oss-120b', hardware: 'b200', precision: 'bf16', deviceCount: 2, promptTokens: 1000, outputTokens: 200 })
    expect(body.memory!.weightsGB).toBeCloseTo(116.83 * 2, 6)
  })
})

describe('the default precision is the published checkpoint\'s', () => {
  const precisionOf = (model: string, hardware: string, extra: Record<string, unknown> = {}) => estimate(catalog, { model, hardware, promptTokens: 100, outputTokens: 10, ...extra })
  it('fp8 for DeepSeek-R1, mxfp4 for gpt-oss where FP4 units exist, bf16 for the bf16 checkpoints', () => {
    expect(precisionOf('deepseek-r1', 'h200', { deviceCount: 8 }).precision).toBe('fp8')
    expect(precisionOf('gpt-oss-120b', 'b200').precision).toBe('mxfp4')
    expect(precisionOf('qwen3-8b', 'h100-sxm').precision).toBe('bf16')
  })
  it('entries that do not record a native format keep the hardware\'s 16-bit default', () => {
    expect(precisionOf('llama-3.1-8b', 'h100-sxm').precision).toBe('fp16')
  })
  it('a native format no engine runs on the hardware falls back to its 16-bit default and says so', () => {
    const body = precisionOf('gpt-oss-20b', 'm4-max')
    expect(body.precision).toBe('fp16')
    expect(body.warnings.join(' ')).toMatch(/published in mxfp4, which m4-max cannot run; estimated at fp16/)
  })
  it('a precision the request names wins', () => {
    expect(precisionOf('deepseek-r1', 'h200', { deviceCount: 8, precision: 'int4' }).precision).toBe('int4')
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
    ['gpt-oss-20b', 'rtx-5090', 1],
    ['gpt-oss-120b', 'b200', 1],
    ['deepseek-r1', 'h200', 8],
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
    expect(body.sourceIds).toContain(`model:${model}`)
  })
})
