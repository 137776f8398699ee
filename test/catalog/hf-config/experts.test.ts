// Mixture-of-experts layouts by family, against counts worked out by hand.
import { describe, expect, it } from 'vitest'
import { mixtureOfExperts } from '../../../src/catalog/hf-config/experts.js'
import { ConfigKeys } from '../../../src/catalog/hf-config/keys.js'

const keys = (values: Record<string, unknown>) => new ConfigKeys(values, '')

describe('mixtureOfExperts', () => {
  it('a dense family has no experts', () => {
    expect(mixtureOfExperts(keys({}), 'llama', 32, 14336)).toEqual({})
  })
  it('mixtral: experts and experts per token', () => {
    expect(mixtureOfExperts(keys({ num_local_experts: 8, num_experts_per_tok: 2 }), 'mixtral', 32, 14336)).toEqual({ experts: 8, expertsPerToken: 2, keys: { experts: 'num_local_experts', expertsPerToken: 'num_experts_per_tok' } })
  })
  it('qwen3_moe: mlp_only_layers and decoder_sparse_step make dense layers (layers 0 and 3 of 4, step 1 → 2 dense)', () => {
    const config = { num_experts: 128, num_experts_per_tok: 8, moe_intermediate_size: 768, mlp_only_layers: [0, 3] }
    expect(mixtureOfExperts(keys(config), 'qwen3_moe', 4, 6144)).toEqual({
      experts: 128,
      expertsPerToken: 8,
      moeIntermediateSize: 768,
      denseLayers: 2,
      keys: { experts: 'num_experts', expertsPerToken: 'num_experts_per_tok', moeIntermediateSize: 'moe_intermediate_size', denseLayers: 'mlp_only_layers' }
    })
  })
  it('deepseek: leading dense layers and shared experts', () => {
    const config = { n_routed_experts: 256, num_experts_per_tok: 8, moe_intermediate_size: 2048, first_k_dense_replace: 3, n_shared_experts: 1 }
    expect(mixtureOfExperts(keys(config), 'deepseek_v3', 61, 18432)).toEqual({
      experts: 256,
      expertsPerToken: 8,
      moeIntermediateSize: 2048,
      sharedExperts: 1,
      denseLayers: 3,
      keys: { experts: 'n_routed_experts', expertsPerToken: 'num_experts_per_tok', moeIntermediateSize: 'moe_intermediate_size', sharedExperts: 'n_shared_experts', denseLayers: 'first_k_dense_replace' }
    })
  })
  it('llama 4 Maverick: interleave step 2 over 48 layers → 24 dense layers of intermediate_size_mlp', () => {
    const config = { num_local_experts: 128, num_experts_per_tok: 1, interleave_moe_layer_step: 2, intermediate_size_mlp: 16384 }
    expect(mixtureOfExperts(keys(config), 'llama4_text', 48, 8192)).toEqual({
      experts: 128,
      expertsPerToken: 1,
      sharedExperts: 1,
      moeIntermediateSize: 8192,
      denseLayers: 24,
      denseIntermediateSize: 16384,
      keys: { experts: 'num_local_experts', expertsPerToken: 'num_experts_per_tok', moeIntermediateSize: 'intermediate_size', denseLayers: 'interleave_moe_layer_step' }
    })
  })
})
