// Attention layouts by family, against counts worked out by hand from the configs' rules.
import { describe, expect, it } from 'vitest'
import { attentionPattern, mlaAttentionParameters } from '../../../src/catalog/hf-config/attention.js'
import { ConfigKeys } from '../../../src/catalog/hf-config/keys.js'

const keys = (values: Record<string, unknown>) => new ConfigKeys(values, '')

describe('attentionPattern', () => {
  it('gemma2 and gpt-oss alternate local and global layers, the first local: 25 of 49', () => {
    expect(attentionPattern(keys({ sliding_window: 128 }), 'gpt_oss', 49, {}, [])).toEqual({ slidingWindow: 128, slidingWindowLayers: 25 })
  })
  it('gemma3: pattern 6 over 62 layers leaves 62 - 10 = 52 local', () => {
    expect(attentionPattern(keys({ sliding_window: 1024, sliding_window_pattern: 6 }), 'gemma3_text', 62, {}, [])).toEqual({ slidingWindow: 1024, slidingWindowLayers: 52 })
  })
  it('layer_types, when given, decide the count', () => {
    const types = ['sliding_attention', 'full_attention', 'sliding_attention']
    expect(attentionPattern(keys({ sliding_window: 512, layer_types: types }), 'gemma2', 3, {}, [])).toEqual({ slidingWindow: 512, slidingWindowLayers: 2 })
  })
  it('qwen: no window unless use_sliding_window; then from max_window_layers on', () => {
    expect(attentionPattern(keys({ sliding_window: 4096 }), 'qwen2', 28, {}, [])).toEqual({})
    expect(attentionPattern(keys({ sliding_window: 4096, use_sliding_window: true, max_window_layers: 21 }), 'qwen2', 28, {}, [])).toEqual({ slidingWindow: 4096, slidingWindowLayers: 7 })
  })
  it('mistral: one window on every layer; none when the window is 0', () => {
    expect(attentionPattern(keys({ sliding_window: 4096 }), 'mistral', 32, {}, [])).toEqual({ slidingWindow: 4096 })
    expect(attentionPattern(keys({ sliding_window: 0 }), 'mistral', 32, {}, [])).toEqual({})
  })
  it('llama 4 without no_rope_layers: three of every four layers chunked, with a note', () => {
    const notes: string[] = []
    expect(attentionPattern(keys({ attention_chunk_size: 8192 }), 'llama4_text', 48, {}, notes)).toEqual({ attentionChunkSize: 8192, chunkedAttentionLayers: 36 })
    expect(notes).toHaveLength(1)
  })
})

describe('mlaAttentionParameters', () => {
  it('adds the query bottleneck, the KV latent and the output projection', () => {
    // hidden 8, 2 heads, q_lora_rank 4, nope 3, rope 1, kv_lora_rank 5, value 2:
    // query 8·4 + 4 + 4·2·4 = 68; key/value 8·(5+1) + 5 + 5·2·(3+2) = 103; output 2·2·8 = 32.
    expect(mlaAttentionParameters(keys({ q_lora_rank: 4, qk_nope_head_dim: 3 }), 8, 2, 5, 1, 2)).toBe(68 + 103 + 32)
    // Without q_lora_rank the query is one 8 × 2·4 matrix: 64.
    expect(mlaAttentionParameters(keys({ qk_nope_head_dim: 3 }), 8, 2, 5, 1, 2)).toBe(64 + 103 + 32)
  })
})
