// Reads a Hugging Face config.json into the catalog's model description: the architecture, the
// parameter counts derived from it, and the precision of the published checkpoint. Pure: no I/O.
// Only keys the files under hf-config/ name are read; anything else in the config is ignored. A
// family it cannot read, a key of the wrong type or a figure outside the inline-architecture bounds
// is returned as a problem naming the config key (a JSON pointer inside the config), never thrown.
//
// The steps, one file each: hf-config/keys.ts (typed reads), families.ts (model types, their
// defaults, text_config), attention.ts and experts.ts (per-family layouts), quantization.ts (the
// checkpoint's precision), bounds.ts (the inline-model limits). This file puts them together.
import type { ModelArchitecture, NativePrecisionScope } from '../schemas/catalog.js'
import { deriveParameters } from '../estimator/physics/model.js'
import { attentionPattern, mlaAttentionParameters } from './hf-config/attention.js'
import { boundOf, checkBounds } from './hf-config/bounds.js'
import { mixtureOfExperts } from './hf-config/experts.js'
import { familyDefaults, languageModelKeys, readableModelType } from './hf-config/families.js'
import { ConfigKeys, ConfigProblem, isJsonObject } from './hf-config/keys.js'
import { nativePrecision } from './hf-config/quantization.js'

export { READABLE_MODEL_TYPES } from './hf-config/families.js'

export interface HfConfigModel {
  /** model_type of the config (of text_config for the multimodal families). */
  modelType: string
  /** _name_or_path, when the config carries one: a display name. */
  name: string | undefined
  architecture: ModelArchitecture
  /** Total parameters, billions, derived from the architecture (every expert; no vision tower, no MTP layer). */
  parametersB: number
  /** Parameters one token uses, billions (embeddings and output head included), derived. */
  activeParametersB: number
  /** Precision id of the published checkpoint; undefined when the config states no dtype. */
  nativePrecision: string | undefined
  nativePrecisionScope: NativePrecisionScope | undefined
  nativeNonExpertPrecision: string | undefined
  /** How the figures were read, in words (defaults taken, layer patterns counted). */
  notes: string[]
}

export interface HfConfigProblem {
  /** JSON pointer inside the config, e.g. /model_type or /text_config/num_hidden_layers. */
  pointer: string
  detail: string
}

export type HfConfigResult = { ok: true; model: HfConfigModel } | { ok: false; problem: HfConfigProblem }

function read(config: unknown): HfConfigModel {
  if (!isJsonObject(config)) throw new ConfigProblem('', 'hfConfig must be a JSON object (the contents of config.json)')
  const root = new ConfigKeys(config, '')
  const { keys, family } = languageModelKeys(root, readableModelType(root))
  const defaults = familyDefaults(family)
  const notes: string[] = []
  const familyDefault = (key: string) => defaults[key] as number | undefined
  const source: Record<string, string> = {}
  // Each figure is held to the inline-architecture bound as soon as it is read, before anything loops over layers.
  const int = (field: string, key: string, fallback?: number, minimum = 1, fallbackReason = `the ${family} default`) => {
    source[field] = keys.pointer(key)
    if (!keys.has(key) && fallback !== undefined) notes.push(`${key} absent: ${fallback}, ${fallbackReason}`)
    const value = keys.int(key, fallback, minimum)
    const bound = boundOf(field)
    if (bound !== undefined && value > bound) throw new ConfigProblem(keys.pointer(key), `${key} ${value} is above the limit ${bound} an inline architecture has`)
    return value
  }

  const layers = int('layers', 'num_hidden_layers', familyDefault('num_hidden_layers'))
  const hiddenSize = int('hiddenSize', 'hidden_size', familyDefault('hidden_size'))
  const attentionHeads = int('attentionHeads', 'num_attention_heads', familyDefault('num_attention_heads'))
  const kvHeads = int('kvHeads', 'num_key_value_heads', familyDefault('num_key_value_heads') ?? attentionHeads)
  const isMla = family === 'deepseek_v3'
  const evenSplit = hiddenSize % attentionHeads === 0 ? hiddenSize / attentionHeads : undefined
  const headDim = isMla
    ? int('headDim', 'v_head_dim')
    : familyDefault('head_dim') !== undefined
      ? int('headDim', 'head_dim', familyDefault('head_dim'))
      : int('headDim', 'head_dim', evenSplit, 1, 'hidden_size / num_attention_heads')
  const intermediate = int('intermediateSize', 'intermediate_size', familyDefault('intermediate_size'))
  const vocabSize = int('vocabSize', 'vocab_size', familyDefault('vocab_size'))
  const contextLength = int('contextLength', 'max_position_embeddings', familyDefault('max_position_embeddings'))
  const tied = keys.has('tie_word_embeddings') ? keys.bool('tie_word_embeddings', false) : root.bool('tie_word_embeddings', (defaults.tie_word_embeddings as boolean | undefined) ?? false)

  const moe = mixtureOfExperts(keys, family, layers, intermediate)
  const attention = attentionPattern(keys, family, layers, defaults, notes)
  for (const field of ['experts', 'expertsPerToken', 'sharedExperts', 'moeIntermediateSize', 'denseLayers'] as const) {
    const key = moe.keys?.[field]
    source[field] = key === undefined ? keys.at || '/' : keys.pointer(key)
  }
  if (attention.slidingWindow !== undefined) source.slidingWindow = keys.pointer('sliding_window')
  if (attention.attentionChunkSize !== undefined) source.attentionChunkSize = keys.pointer('attention_chunk_size')

  const mla = isMla ? { kvLoraRank: int('kvLoraRank', 'kv_lora_rank'), ropeHeadDim: int('ropeHeadDim', 'qk_rope_head_dim') } : {}
  const architecture: ModelArchitecture = {
    layers,
    hiddenSize,
    // The catalog's intermediateSize is the dense block's width; Llama 4's dense layers use intermediate_size_mlp.
    intermediateSize: moe.denseIntermediateSize ?? intermediate,
    attentionHeads,
    kvHeads,
    headDim,
    vocabSize,
    contextLength,
    ...(moe.experts !== undefined ? { experts: moe.experts, expertsPerToken: moe.expertsPerToken } : {}),
    ...(moe.sharedExperts !== undefined ? { sharedExperts: moe.sharedExperts } : {}),
    ...(moe.moeIntermediateSize !== undefined && (moe.moeIntermediateSize !== intermediate || moe.denseIntermediateSize !== undefined) ? { moeIntermediateSize: moe.moeIntermediateSize } : {}),
    ...(moe.denseLayers !== undefined ? { denseLayers: moe.denseLayers } : {}),
    ...(attention.slidingWindow !== undefined ? { slidingWindow: attention.slidingWindow } : {}),
    ...(attention.slidingWindowLayers !== undefined && attention.slidingWindowLayers < layers ? { slidingWindowLayers: attention.slidingWindowLayers } : {}),
    ...(attention.attentionChunkSize !== undefined ? { attentionChunkSize: attention.attentionChunkSize, chunkedAttentionLayers: attention.chunkedAttentionLayers } : {}),
    ...mla,
    ...(tied ? { tiedEmbeddings: true } : {})
  }
  // Gemma's sliding_window_pattern etc. can leave zero local layers: no window then.
  if (architecture.slidingWindowLayers === 0) {
    delete architecture.slidingWindow
    delete architecture.slidingWindowLayers
  }

  const derived = deriveParameters(architecture)
  let total = derived.total
  let active = derived.active
  if (isMla && architecture.kvLoraRank !== undefined && architecture.ropeHeadDim !== undefined) {
    // deriveParameters counts standard attention; MLA's projections replace it on every layer.
    const standard = 2 * hiddenSize * attentionHeads * headDim + 2 * hiddenSize * kvHeads * headDim
    const correction = layers * (mlaAttentionParameters(keys, hiddenSize, attentionHeads, architecture.kvLoraRank, architecture.ropeHeadDim, headDim) - standard)
    total += correction
    active += correction
  }
  const parametersB = total / 1e9
  checkBounds(architecture, source, parametersB, keys.at || '/')
  const native = nativePrecision(root, keys, architecture.experts !== undefined)
  const nameOrPath = root.raw('_name_or_path')
  const name = typeof nameOrPath === 'string' && nameOrPath.length > 0 && nameOrPath.length <= 100 ? nameOrPath : undefined
  return { modelType: family, name, architecture, parametersB, activeParametersB: active / 1e9, ...native, notes }
}

/** Parses a config.json object; never throws for bad input. */
export function parseHfConfig(config: unknown): HfConfigResult {
  try {
    return { ok: true, model: read(config) }
  } catch (err) {
    if (err instanceof ConfigProblem) return { ok: false, problem: { pointer: err.pointer, detail: err.message } }
    throw err
  }
}
