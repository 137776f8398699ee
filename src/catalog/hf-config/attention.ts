// Per-family attention layouts read from a config.json: which layers keep a bounded KV cache
// (sliding windows, Llama 4's chunks), and the parameters of DeepSeek's multi-head latent attention.
import type { FamilyDefaults, ModelType } from './families.js'
import { ConfigProblem, type ConfigKeys } from './keys.js'

export interface AttentionPattern {
  slidingWindow?: number
  slidingWindowLayers?: number
  attentionChunkSize?: number
  chunkedAttentionLayers?: number
}

const layerTypeCount = (types: unknown[] | undefined, name: string) => (types ? types.filter((type) => type === name).length : undefined)

/** The attention kinds a layer_types entry may name (transformers' names): the ones this estimator models. */
const LAYER_TYPES = ['full_attention', 'sliding_attention', 'chunked_attention']

/** layer_types when given: one known kind per layer, or a problem naming the entry that is not. */
function layerTypes(keys: ConfigKeys, layers: number): unknown[] | undefined {
  const types = keys.array('layer_types')
  if (types === undefined) return undefined
  if (types.length !== layers) throw new ConfigProblem(keys.pointer('layer_types'), `layer_types has ${types.length} entries; it needs one per layer (num_hidden_layers ${layers})`)
  const unknown = types.findIndex((type) => typeof type !== 'string' || !LAYER_TYPES.includes(type))
  if (unknown >= 0) {
    throw new ConfigProblem(`${keys.pointer('layer_types')}/${unknown}`, `layer type ${JSON.stringify(types[unknown])} is not one of ${LAYER_TYPES.join(', ')} (other kinds, such as linear attention or state-space layers, are not modelled)`)
  }
  return types
}

/** Which layers keep a bounded KV cache: sliding windows and chunks, as each family lays them out. */
export function attentionPattern(keys: ConfigKeys, family: ModelType, layers: number, defaults: FamilyDefaults, notes: string[]): AttentionPattern {
  const types = layerTypes(keys, layers)
  if (family === 'llama4_text') {
    const chunk = keys.optionalInt('attention_chunk_size')
    if (chunk === undefined) return {}
    const fromTypes = layerTypeCount(types, 'chunked_attention')
    if (fromTypes !== undefined) return { attentionChunkSize: chunk, chunkedAttentionLayers: fromTypes }
    // RoPE layers attend within their chunk; every fourth layer is global without RoPE (no_rope_layers: 1 = RoPE).
    const noRope = keys.array('no_rope_layers')
    if (noRope && noRope.length > 0) return { attentionChunkSize: chunk, chunkedAttentionLayers: noRope.filter((flag) => flag === 1 || flag === true).length }
    notes.push('no_rope_layers is empty: every fourth layer is a global NoPE layer (transformers default), the others use chunked attention')
    return { attentionChunkSize: chunk, chunkedAttentionLayers: layers - Math.floor(layers / 4) }
  }
  const window = keys.int('sliding_window', (defaults.sliding_window as number | undefined) ?? 0, 0)
  if (window === 0) return {}
  const fromTypes = layerTypeCount(types, 'sliding_attention')
  if (fromTypes !== undefined) return { slidingWindow: window, slidingWindowLayers: fromTypes }
  switch (family) {
    case 'gemma2':
    case 'gpt_oss':
      // Alternating local and global layers, the first one local.
      return { slidingWindow: window, slidingWindowLayers: Math.ceil(layers / 2) }
    case 'gemma3_text': {
      const pattern = keys.optionalInt('sliding_window_pattern') ?? keys.optionalInt('_sliding_window_pattern') ?? (defaults.sliding_window_pattern as number)
      return { slidingWindow: window, slidingWindowLayers: layers - Math.floor(layers / pattern) }
    }
    case 'qwen2':
    case 'qwen3':
    case 'qwen3_moe': {
      // Qwen's sliding window is off unless use_sliding_window; then layers from max_window_layers on use it.
      if (!keys.bool('use_sliding_window', false)) return {}
      const full = Math.min(layers, keys.int('max_window_layers', layers, 0))
      return full >= layers ? {} : { slidingWindow: window, slidingWindowLayers: layers - full }
    }
    default:
      // mistral, mixtral, phi3: one window on every layer.
      return { slidingWindow: window }
  }
}

/**
 * Parameters of multi-head latent attention per layer (DeepSeek-V3): the query goes through a
 * q_lora_rank bottleneck, keys and values through the cached kv_lora_rank latent.
 */
export function mlaAttentionParameters(keys: ConfigKeys, hidden: number, heads: number, kvLoraRank: number, ropeHeadDim: number, valueHeadDim: number): number {
  const qLoraRank = keys.optionalInt('q_lora_rank')
  const nopeHeadDim = keys.int('qk_nope_head_dim')
  const qkHeadDim = nopeHeadDim + ropeHeadDim
  const query = qLoraRank !== undefined ? hidden * qLoraRank + qLoraRank + qLoraRank * heads * qkHeadDim : hidden * heads * qkHeadDim
  const keyValue = hidden * (kvLoraRank + ropeHeadDim) + kvLoraRank + kvLoraRank * heads * (nopeHeadDim + valueHeadDim)
  return query + keyValue + heads * valueHeadDim * hidden
}
