// Hand-computed checks of the byte and parameter formulas.
import { describe, expect, it } from 'vitest'
import {
  attentionFlops,
  decodeReadParameters,
  deriveParameters,
  expectedDistinctExperts,
  kvBytesPerToken,
  sequenceKvBytes,
  tokensForKvBytes,
  weightBytes
} from '../../../src/estimator/physics/model.js'
import { findModel } from '../../../src/catalog/lookup.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()
const model = (id: string) => {
  const m = findModel(catalog, id)!
  return { ...m, parametersB: m.parametersB!, activeParametersB: m.activeParametersB!, architecture: m.architecture! }
}
const precision = (id: string) => catalog.precisionById.get(id)!

describe('weights', () => {
  it('llama-2-7b at fp16 holds 13.48 GB (6.74e9 parameters × 2 bytes)', () => {
    expect(weightBytes(model('llama-2-7b'), precision('fp16'))).toBeCloseTo(6.74e9 * 2, -3)
    expect(weightBytes(model('llama-2-7b'), precision('fp16')) / 1e9).toBeCloseTo(13.48, 2)
  })
  it('q4_0 stores 4.5 bits per weight, q8_0 8.5', () => {
    expect(precision('q4_0').bitsPerWeight).toBe(4.5)
    expect(precision('q8_0').bitsPerWeight).toBe(8.5)
    // GGUF files keep their own mix: every tensor at the format's width.
    expect(weightBytes(model('llama-2-7b'), precision('q4_0'))).toBeCloseTo((6.74e9 * 4.5) / 8, -3)
  })
  it('weight-only int4 keeps embeddings and output head at 16 bits', () => {
    const m = model('llama-3.1-8b')
    const embed = 128256 * 4096 * 2 // input embedding + untied head
    const expected = ((8.03e9 - embed) * 4.15625 + embed * 16) / 8
    expect(weightBytes(m, precision('int4'))).toBeCloseTo(expected, -3)
    // The 16-bit embeddings make int4 Llama-3.1-8B much more than a quarter of fp16.
    expect(weightBytes(m, precision('int4')) / weightBytes(m, precision('fp16'))).toBeGreaterThan(0.35)
  })
  it('a smaller precision never holds more weight bytes', () => {
    const ordered = ['fp32', 'fp16', 'q8_0', 'int8', 'fp8', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0']
    for (const id of catalog.models.filter((m) => m.architecture).map((m) => m.id)) {
      const bytes = ordered.map((p) => weightBytes(model(id), precision(p)))
      const bits = ordered.map((p) => precision(p).bitsPerWeight)
      for (let i = 1; i < ordered.length; i++) if (bits[i]! <= bits[i - 1]! && !precision(ordered[i]!).embeddingsBitsPerWeight) expect(bytes[i]).toBeLessThanOrEqual(bytes[i - 1]!)
    }
  })
})

describe('KV cache', () => {
  it('llama-2-7b: 2 × 32 layers × 32 KV heads × 128 × 2 bytes = 524,288 bytes per token', () => {
    expect(kvBytesPerToken(model('llama-2-7b').architecture, 16)).toBe(524_288)
  })
  it('llama-3.1-8b (GQA, 8 KV heads): 131,072 bytes per token', () => {
    expect(kvBytesPerToken(model('llama-3.1-8b').architecture, 16)).toBe(131_072)
  })
  it('an fp8 KV cache halves it', () => {
    expect(kvBytesPerToken(model('llama-3.1-8b').architecture, 8)).toBe(65_536)
  })
  it('DeepSeek-V3 caches the MLA latent: 61 × (512 + 64) × 2 bytes = 70,272 bytes per token', () => {
    expect(kvBytesPerToken(model('deepseek-v3').architecture, 16)).toBe(70_272)
  })
  it('sliding-window layers stop growing at the window', () => {
    const mistral = model('mistral-7b').architecture // 4096 window on all 32 layers
    const perToken = kvBytesPerToken(mistral, 16)
    expect(sequenceKvBytes(mistral, 16, 1000)).toBe(perToken * 1000)
    expect(sequenceKvBytes(mistral, 16, 10_000)).toBe(perToken * 4096)
    const gemma = model('gemma-2-9b').architecture // 21 of 42 layers local
    const perLayerToken = 2 * 8 * 256 * 2
    expect(sequenceKvBytes(gemma, 16, 8192)).toBe(perLayerToken * (21 * 8192 + 21 * 4096))
  })
  it('tokensForKvBytes inverts sequenceKvBytes', () => {
    for (const id of ['llama-2-7b', 'gemma-2-9b', 'deepseek-v3']) {
      const a = model(id).architecture
      for (const t of [1, 100, 4096, 5000, 20000]) {
        const back = tokensForKvBytes(a, 16, sequenceKvBytes(a, 16, t))
        expect(back).toBeGreaterThanOrEqual(Math.min(t, a.slidingWindow && !a.slidingWindowLayers ? Infinity : t))
        if (!a.slidingWindow || t <= a.slidingWindow) expect(back).toBe(t)
      }
    }
  })
})

describe('parameter counts', () => {
  it('the architecture reproduces the catalog parameter counts within 1% (standard attention models)', () => {
    for (const m of catalog.models.filter((x) => x.openWeights && x.architecture && !x.architecture.kvLoraRank)) {
      const d = deriveParameters(m.architecture!)
      expect(Math.abs(d.total / 1e9 - m.parametersB!) / m.parametersB!, m.id).toBeLessThan(0.01)
      expect(Math.abs(d.active / 1e9 - m.activeParametersB!) / m.activeParametersB!, m.id).toBeLessThan(0.01)
    }
  })
  it('llama-2-7b: 6,738,415,616 parameters from its config', () => {
    expect(deriveParameters(model('llama-2-7b').architecture).total).toBe(6_738_415_616)
  })
})

describe('mixture of experts', () => {
  it('one token touches k experts; many tokens approach all of them', () => {
    expect(expectedDistinctExperts(8, 2, 1)).toBe(2)
    expect(expectedDistinctExperts(8, 2, 2)).toBeCloseTo(8 * (1 - 0.75 ** 2), 10)
    expect(expectedDistinctExperts(8, 2, 1000)).toBeCloseTo(8, 6)
  })
  it('mixtral decode reads 12.88B parameters at batch 1 and nearly all 46.7B at batch 64', () => {
    const m = model('mixtral-8x7b')
    expect(decodeReadParameters(m, 1) / 1e9).toBeCloseTo(12.88, 2)
    expect(decodeReadParameters(m, 64) / 1e9).toBeGreaterThan(46)
    expect(decodeReadParameters(m, 64) / 1e9).toBeLessThanOrEqual(46.7)
  })
})

describe('attention FLOPs', () => {
  it('standard attention: 4 × heads × headDim per (query, key) pair per layer, causal', () => {
    const a = model('llama-2-7b').architecture
    expect(attentionFlops(a, 0, 1000)).toBe(4 * 32 * 128 * 32 * ((1000 * 1001) / 2))
    expect(attentionFlops(a, 500, 1)).toBe(4 * 32 * 128 * 32 * 501)
  })
  it('MLA: query/key heads are headDim + ropeHeadDim wide (DeepSeek-V3: 192), values headDim (128)', () => {
    const a = model('deepseek-v3').architecture
    expect(attentionFlops(a, 0, 10)).toBe(2 * 128 * (192 + 128) * 61 * 55)
  })
})
