// The config.json parser: it reproduces every catalog entry whose published config is in
// catalog/hf-configs, reads only the keys it names, and answers bad input with a problem that names
// the config key instead of throwing or yielding a non-finite figure.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CATALOG_DIR, loadCatalogSet } from '../../src/catalog/index.js'
import { parseHfConfig, READABLE_MODEL_TYPES, type HfConfigModel } from '../../src/catalog/hf-config.js'
import { InlineArchitecture } from '../../src/schemas/estimate.js'

const catalog = loadCatalogSet().get()!
const CONFIG_DIR = join(DEFAULT_CATALOG_DIR, 'hf-configs')
const configFiles = readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.json')).sort()
const readConfig = (id: string): Record<string, unknown> => JSON.parse(readFileSync(join(CONFIG_DIR, `${id}.json`), 'utf8'))

function parsed(config: unknown): HfConfigModel {
  const result = parseHfConfig(config)
  if (!result.ok) throw new Error(`unexpected problem at ${result.problem.pointer}: ${result.problem.detail}`)
  return result.model
}
function problem(config: unknown) {
  const result = parseHfConfig(config)
  if (result.ok) throw new Error('expected a problem, got a model')
  return result.problem
}

/**
 * Tolerance between the parser's derived counts and the catalog's: 1%. The catalog keeps the
 * publisher's figure where the model card states one (rounded to three digits, and counting biases
 * and norms the architecture formula leaves out); elsewhere it is the same computed count.
 */
const PARAMETER_TOLERANCE = 0.01

/** Native formats a config states as its plain tensor dtype rather than a quantization. */
const FLOAT_DTYPES = new Set(['fp32', 'fp16', 'bf16'])

describe('every config.json in catalog/hf-configs reproduces its catalog entry', () => {
  it('covers every open-weights catalog model a parser family can read', () => {
    const expected = catalog.models.filter((m) => m.openWeights && m.id !== 'gpt-2-small').map((m) => `${m.id}.json`)
    expect(configFiles).toEqual(expected.sort())
  })
  it('lists each file with its source in SOURCES.md', () => {
    const sources = readFileSync(join(CONFIG_DIR, 'SOURCES.md'), 'utf8')
    for (const f of configFiles) expect(sources, f).toContain(`| \`${f}\` |`)
  })
  for (const file of configFiles) {
    const id = file.replace(/\.json$/, '')
    it(id, () => {
      const entry = catalog.modelById.get(id)!
      const model = parsed(readConfig(id))
      expect(model.architecture).toEqual(entry.architecture)
      expect(Math.abs(model.parametersB - entry.parametersB!) / entry.parametersB!).toBeLessThan(PARAMETER_TOLERANCE)
      expect(Math.abs(model.activeParametersB - entry.activeParametersB!) / entry.activeParametersB!).toBeLessThan(PARAMETER_TOLERANCE)
      // Both ways: a config that ships quantized weights needs the entry to say so (deepseek-v3 once fell
      // back to fp16, twice the memory), and an entry's native format needs the config behind it. A
      // config's plain float dtype (torch_dtype) may stay implicit in the entry.
      const shipsQuantized = model.nativePrecision !== undefined && !FLOAT_DTYPES.has(model.nativePrecision)
      if (entry.nativePrecision !== undefined || shipsQuantized) {
        expect(entry.nativePrecision, 'nativePrecision').toBe(model.nativePrecision)
        expect(entry.nativePrecisionScope, 'nativePrecisionScope').toBe(model.nativePrecisionScope)
        expect(entry.nativeNonExpertPrecision, 'nativeNonExpertPrecision').toBe(model.nativeNonExpertPrecision)
      }
    })
  }
})

describe('layer patterns, experts and native formats as published', () => {
  it('gpt-oss: alternating 128-token sliding and full attention; MXFP4 experts, the rest bf16', () => {
    const m = parsed(readConfig('gpt-oss-120b'))
    expect([m.architecture.slidingWindow, m.architecture.slidingWindowLayers, m.architecture.layers]).toEqual([128, 18, 36])
    expect([m.nativePrecision, m.nativePrecisionScope, m.nativeNonExpertPrecision]).toEqual(['mxfp4', 'experts', 'bf16'])
  })
  it('llama 4: chunked attention on 3 of every 4 layers (text_config); Maverick interleaves dense and MoE layers', () => {
    const scout = parsed(readConfig('llama-4-scout')).architecture
    expect([scout.attentionChunkSize, scout.chunkedAttentionLayers, scout.denseLayers]).toEqual([8192, 36, undefined])
    const maverick = parsed(readConfig('llama-4-maverick')).architecture
    expect([maverick.denseLayers, maverick.intermediateSize, maverick.moeIntermediateSize, maverick.sharedExperts]).toEqual([24, 16384, 8192, 1])
  })
  it('llama 4: an explicit no_rope_layers list decides which layers are chunked', () => {
    const config = readConfig('llama-4-scout')
    const text = config.text_config as Record<string, unknown>
    const noRope = Array.from({ length: 48 }, (_, i) => (i % 2 === 0 ? 1 : 0))
    expect(parsed({ ...config, text_config: { ...text, no_rope_layers: noRope } }).architecture.chunkedAttentionLayers).toBe(24)
  })
  it('gemma 3: five local layers (window 1024) to one global; text_config defaults filled in', () => {
    const m = parsed(readConfig('gemma-3-4b'))
    expect([m.architecture.slidingWindow, m.architecture.slidingWindowLayers, m.architecture.attentionHeads, m.architecture.headDim]).toEqual([1024, 29, 8, 256])
    expect(m.notes.join(' ')).toMatch(/num_attention_heads absent: 8/)
  })
  it('deepseek: MLA latent and RoPE key, FP8 checkpoint, parameters counted with the latent projections', () => {
    const m = parsed(readConfig('deepseek-r1'))
    expect([m.architecture.kvLoraRank, m.architecture.ropeHeadDim, m.nativePrecision]).toEqual([512, 64, 'fp8'])
    // Hand count: standard attention would give 699.7 B; MLA's projections bring it to 671.03 B.
    expect(m.parametersB).toBeCloseTo(671.026, 2)
  })
  it('qwen: a sliding window counts only when use_sliding_window is on, from max_window_layers on', () => {
    const config = readConfig('qwen3-8b')
    expect(parsed(config).architecture.slidingWindow).toBeUndefined()
    const on = parsed({ ...config, use_sliding_window: true, sliding_window: 4096, max_window_layers: 28 }).architecture
    expect([on.slidingWindow, on.slidingWindowLayers]).toEqual([4096, 8])
  })
  it('qwen3_moe: mlp_only_layers become dense layers', () => {
    const a = parsed({ ...readConfig('qwen3-30b-a3b'), mlp_only_layers: [0, 1] }).architecture
    expect(a.denseLayers).toBe(2)
  })
  it('reads the precision of quantized checkpoints from quantization_config', () => {
    const base = readConfig('llama-3.1-8b')
    const nvfp4 = { quant_method: 'compressed-tensors', config_groups: { group_0: { weights: { num_bits: 4, type: 'float', group_size: 16 }, input_activations: { num_bits: 4, type: 'float' } } } }
    const w8a8 = { quant_method: 'compressed-tensors', config_groups: { group_0: { weights: { num_bits: 8, type: 'int' }, input_activations: { num_bits: 8, type: 'int' } } } }
    expect(parsed({ ...base, quantization_config: nvfp4 }).nativePrecision).toBe('nvfp4')
    expect(parsed({ ...base, quantization_config: w8a8 }).nativePrecision).toBe('w8a8')
    expect(parsed({ ...base, quantization_config: { quant_method: 'awq', bits: 4, group_size: 128 } }).nativePrecision).toBe('int4')
    expect(parsed({ ...base, quantization_config: { quant_method: 'modelopt', quant_algo: 'FP8' } }).nativePrecision).toBe('fp8')
    expect(parsed({ ...base, torch_dtype: 'float16' }).nativePrecision).toBe('fp16')
  })
  it('ignores keys it does not read', () => {
    const config = readConfig('qwen3-30b-a3b')
    const noisy = { ...config, some_future_key: { nested: [1, 2, 3] }, rope_scaling: { rope_type: 'yarn', factor: 4 }, architectures: ['Anything'] }
    expect(parsed(noisy)).toEqual(parsed(config))
  })
})

describe('problems name the config key', () => {
  it('an unknown model_type names model_type and lists the readable ones', () => {
    const p = problem({ ...readConfig('llama-3.1-8b'), model_type: 'gpt2' })
    expect(p.pointer).toBe('/model_type')
    for (const t of READABLE_MODEL_TYPES) expect(p.detail).toContain(t)
    expect(problem({ hidden_size: 4096 }).pointer).toBe('/model_type')
  })
  it('a missing text_config in a multimodal family names text_config', () => {
    expect(problem({ model_type: 'gemma3' }).pointer).toBe('/text_config')
  })
  it('a wrong type or a missing required key names the key (nested under text_config when there)', () => {
    expect(problem({ ...readConfig('llama-3.1-8b'), num_hidden_layers: '32' }).pointer).toBe('/num_hidden_layers')
    const { hidden_size: _dropped, ...noHidden } = readConfig('phi-4')
    expect(problem(noHidden).pointer).toBe('/hidden_size')
    const scout = readConfig('llama-4-scout')
    expect(problem({ ...scout, text_config: { ...(scout.text_config as object), num_local_experts: 0 } }).pointer).toBe('/text_config/num_local_experts')
  })
  it('figures beyond the inline-architecture bounds are refused, naming the key', () => {
    const layersMax = (InlineArchitecture.properties.layers as unknown as { maximum: number }).maximum
    const p = problem({ ...readConfig('llama-3.1-8b'), num_hidden_layers: layersMax + 1 })
    expect(p.pointer).toBe('/num_hidden_layers')
    expect(p.detail).toContain(String(layersMax))
    // Refused as it is read, before the MoE layer pattern is walked layer by layer.
    const started = Date.now()
    expect(problem({ ...readConfig('qwen3-30b-a3b'), num_hidden_layers: 2_000_000_000 }).pointer).toBe('/num_hidden_layers')
    expect(Date.now() - started).toBeLessThan(1000)
  })
  it('a broken expert rule names the expert key it was read from, in the config\'s own words', () => {
    const mixtral = { ...readConfig('llama-3.1-8b'), model_type: 'mixtral', num_local_experts: 2, num_experts_per_tok: 8 }
    const p = problem(mixtral)
    expect(p.pointer).toBe('/num_experts_per_tok')
    expect(p.detail).toBe('the config breaks a rule: num_experts_per_tok (8) cannot exceed num_local_experts (2)')
    expect(problem({ ...mixtral, num_local_experts: 200_000, num_experts_per_tok: 2 })).toMatchObject({ pointer: '/num_local_experts', detail: expect.stringMatching(/^num_local_experts 200000 is above the limit/) })
  })
  it('layer_types must name one known attention kind per layer', () => {
    const gptOss = readConfig('gpt-oss-20b')
    const layers = gptOss.num_hidden_layers as number
    expect(problem({ ...gptOss, layer_types: Array(layers).fill('bogus') })).toMatchObject({ pointer: '/layer_types/0', detail: expect.stringMatching(/"bogus" is not one of full_attention, sliding_attention/) })
    expect(problem({ ...gptOss, layer_types: Array(1000).fill('full_attention') })).toMatchObject({ pointer: '/layer_types', detail: expect.stringMatching(/1000 entries; it needs one per layer/) })
    expect(problem({ ...gptOss, layer_types: [1, 2, 3] }).pointer).toBe('/layer_types')
  })
  it('kv heads that do not divide the query heads are refused', () => {
    expect(problem({ ...readConfig('llama-3.1-8b'), num_key_value_heads: 5 }).pointer).toBe('/num_key_value_heads')
  })
  it('an unreadable quantization names quant_method', () => {
    const p = problem({ ...readConfig('llama-3.1-8b'), quantization_config: { quant_method: 'bitsandbytes', load_in_4bit: true } })
    expect(p.pointer).toBe('/quantization_config/quant_method')
  })
  it('a config that is not an object is a problem, not an exception', () => {
    for (const bad of [null, 42, 'config', [1, 2]]) expect(parseHfConfig(bad).ok).toBe(false)
  })
})

describe('properties', () => {
  const base = readConfig('qwen3-30b-a3b')
  const keys = ['num_hidden_layers', 'hidden_size', 'intermediate_size', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'vocab_size', 'max_position_embeddings', 'num_experts', 'num_experts_per_tok', 'moe_intermediate_size', 'sliding_window']
  const anyValue = fc.oneof(fc.integer({ min: -5, max: 2_000_000_000 }), fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }))
  it('any value under any read key yields a model with finite, bounded figures or a problem naming a key — never an exception', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 4 }), (changes) => {
        const result = parseHfConfig({ ...base, ...changes })
        if (!result.ok) {
          expect(result.problem.pointer.startsWith('/')).toBe(true)
          return
        }
        const props = InlineArchitecture.properties as Record<string, { maximum?: number }>
        for (const [field, value] of Object.entries(result.model.architecture)) {
          if (typeof value !== 'number') continue
          expect(Number.isFinite(value), field).toBe(true)
          if (props[field]?.maximum !== undefined) expect(value, field).toBeLessThanOrEqual(props[field].maximum!)
        }
        expect(Number.isFinite(result.model.parametersB)).toBe(true)
        expect(result.model.activeParametersB).toBeLessThanOrEqual(result.model.parametersB)
      }),
      { numRuns: 300 }
    )
  })
})

describe('the derived parameter count is held to the inline-model range', () => {
  it('a toy config below 0.001B parameters is refused, not estimated', () => {
    const toy = { model_type: 'llama', num_hidden_layers: 1, hidden_size: 8, intermediate_size: 16, num_attention_heads: 1, vocab_size: 10, max_position_embeddings: 64 }
    const p = problem(toy)
    expect(p.detail).toMatch(/parameter count derived from .* outside the 0.001-100000B/)
  })
})
