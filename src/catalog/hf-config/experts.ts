// Per-family mixture-of-experts layouts read from a config.json: how many experts, how many a
// token uses, shared experts, the expert width and which layers stay dense.
import type { ModelType } from './families.js'
import type { ConfigKeys } from './keys.js'

export interface ExpertLayout {
  experts?: number
  expertsPerToken?: number
  sharedExperts?: number
  moeIntermediateSize?: number
  denseLayers?: number
  /** Width of the dense feed-forward blocks when it is not intermediate_size (Llama 4). */
  denseIntermediateSize?: number
  /** The config key each figure was read from, so a problem with it names that key. */
  keys?: Partial<Record<ExpertField, string>>
}

type ExpertField = 'experts' | 'expertsPerToken' | 'sharedExperts' | 'moeIntermediateSize' | 'denseLayers'

const numbersIn = (list: unknown[] | undefined) => (list ?? []).filter((item): item is number => typeof item === 'number')

/** The experts of a family's config; {} for a dense family. */
export function mixtureOfExperts(keys: ConfigKeys, family: ModelType, layers: number, intermediate: number): ExpertLayout {
  switch (family) {
    case 'mixtral':
      return { experts: keys.int('num_local_experts'), expertsPerToken: keys.int('num_experts_per_tok'), keys: { experts: 'num_local_experts', expertsPerToken: 'num_experts_per_tok' } }
    case 'gpt_oss': {
      const perTokenKey = keys.has('num_experts_per_tok') || !keys.has('experts_per_token') ? 'num_experts_per_tok' : 'experts_per_token'
      return {
        experts: keys.int('num_local_experts'),
        expertsPerToken: keys.int('num_experts_per_tok', keys.optionalInt('experts_per_token')),
        keys: { experts: 'num_local_experts', expertsPerToken: perTokenKey }
      }
    }
    case 'qwen3_moe': {
      const experts = keys.int('num_experts')
      const step = keys.int('decoder_sparse_step', 1)
      const denseOnly = new Set(numbersIn(keys.array('mlp_only_layers')))
      let moeLayers = 0
      for (let layer = 0; layer < layers; layer++) if (!denseOnly.has(layer) && (layer + 1) % step === 0) moeLayers++
      const moeWidth = keys.int('moe_intermediate_size')
      return {
        experts,
        expertsPerToken: keys.int('num_experts_per_tok'),
        moeIntermediateSize: moeWidth,
        ...(layers - moeLayers > 0 ? { denseLayers: layers - moeLayers } : {}),
        keys: { experts: 'num_experts', expertsPerToken: 'num_experts_per_tok', moeIntermediateSize: 'moe_intermediate_size', denseLayers: denseOnly.size > 0 ? 'mlp_only_layers' : 'decoder_sparse_step' }
      }
    }
    case 'deepseek_v3':
    case 'glm4_moe': {
      const dense = keys.int('first_k_dense_replace', 0, 0)
      const shared = keys.int('n_shared_experts', 0, 0)
      return {
        experts: keys.int('n_routed_experts'),
        expertsPerToken: keys.int('num_experts_per_tok'),
        moeIntermediateSize: keys.int('moe_intermediate_size'),
        ...(shared > 0 ? { sharedExperts: shared } : {}),
        ...(dense > 0 ? { denseLayers: Math.min(dense, layers) } : {}),
        keys: { experts: 'n_routed_experts', expertsPerToken: 'num_experts_per_tok', moeIntermediateSize: 'moe_intermediate_size', sharedExperts: 'n_shared_experts', denseLayers: 'first_k_dense_replace' }
      }
    }
    case 'llama4_text': {
      // One shared expert of the expert width beside the routed ones; MoE layers every interleave step.
      const listed = numbersIn(keys.array('moe_layers'))
      const step = keys.int('interleave_moe_layer_step', 1)
      const moeLayers = listed.length > 0 ? listed.length : Math.floor(layers / step)
      const denseWidth = keys.int('intermediate_size_mlp', intermediate)
      return {
        experts: keys.int('num_local_experts'),
        expertsPerToken: keys.int('num_experts_per_tok'),
        sharedExperts: 1,
        moeIntermediateSize: intermediate,
        ...(layers - moeLayers > 0 ? { denseLayers: layers - moeLayers, denseIntermediateSize: denseWidth } : {}),
        keys: { experts: 'num_local_experts', expertsPerToken: 'num_experts_per_tok', moeIntermediateSize: 'intermediate_size', denseLayers: listed.length > 0 ? 'moe_layers' : 'interleave_moe_layer_step' }
      }
    }
    default:
      return {}
  }
}
