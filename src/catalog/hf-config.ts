// Reads a Hugging Face config.json into the catalog's model description: the architecture, the
// parameter counts derived from it, and the precision of the published checkpoint. Pure: no I/O.
// Only keys this file names are read; anything else in the config is ignored. A family it cannot
// read, a key of the wrong type or a figure outside the inline-architecture bounds is returned as
// a problem naming the config key (a JSON pointer inside the config), never thrown.
import type { ModelArchitecture, NativePrecisionScope } from '../schemas/catalog.js'
import { InlineArchitecture, InlineModel } from '../schemas/estimate.js'
import { deriveParameters } from '../estimator/physics/model.js'

/** model_type values this parser understands, in the order the error message lists them. */
export const READABLE_MODEL_TYPES = [
  'llama',
  'mistral',
  'mixtral',
  'qwen2',
  'qwen3',
  'qwen3_moe',
  'gemma2',
  'gemma3',
  'gemma3_text',
  'deepseek_v3',
  'gpt_oss',
  'llama4',
  'llama4_text',
  'glm4_moe',
  'phi3'
] as const
type ModelType = (typeof READABLE_MODEL_TYPES)[number]

export interface HfConfigModel {
  /** model_type of the config (of text_config for the multimodal families). */
  modelType: string
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

class ConfigProblem extends Error {
  constructor(readonly pointer: string, detail: string) {
    super(detail)
  }
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Typed reads of one config object; every failure names the key by its pointer. */
class Keys {
  constructor(
    private readonly obj: Json,
    readonly at: string
  ) {}
  pointer = (key: string) => `${this.at}/${key}`
  has = (key: string) => this.obj[key] !== undefined && this.obj[key] !== null
  raw = (key: string) => this.obj[key]
  int(key: string, fallback?: number, minimum = 1): number {
    const v = this.obj[key]
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback
      throw new ConfigProblem(this.pointer(key), `${key} is required for this model_type`)
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < minimum) {
      throw new ConfigProblem(this.pointer(key), `${key} must be an integer ≥ ${minimum} (got ${JSON.stringify(v)})`)
    }
    return v
  }
  optionalInt(key: string, minimum = 1): number | undefined {
    return this.has(key) ? this.int(key, undefined, minimum) : undefined
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.obj[key]
    if (v === undefined || v === null) return fallback
    if (typeof v !== 'boolean') throw new ConfigProblem(this.pointer(key), `${key} must be true or false (got ${JSON.stringify(v)})`)
    return v
  }
  string(key: string): string | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'string') throw new ConfigProblem(this.pointer(key), `${key} must be a string (got ${JSON.stringify(v)})`)
    return v
  }
  array(key: string): unknown[] | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v)) throw new ConfigProblem(this.pointer(key), `${key} must be an array`)
    return v
  }
  keys = () => Object.keys(this.obj)
  object(key: string): Keys | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (!isObject(v)) throw new ConfigProblem(this.pointer(key), `${key} must be an object`)
    return new Keys(v, this.pointer(key))
  }
}

/** Defaults of the transformers config classes for keys the published configs leave out. */
const FAMILY_DEFAULTS: Partial<Record<ModelType, Record<string, number | boolean>>> = {
  gemma2: { head_dim: 256, vocab_size: 256000, max_position_embeddings: 8192, sliding_window: 4096, tie_word_embeddings: true },
  gemma3_text: {
    vocab_size: 262208,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
    max_position_embeddings: 131072,
    sliding_window: 4096,
    sliding_window_pattern: 6,
    tie_word_embeddings: true
  }
}

const layerTypeCount = (types: unknown[] | undefined, name: string) => (types ? types.filter((t) => t === name).length : undefined)

/** The object whose keys describe the language model: text_config for the multimodal families. */
function languageModelKeys(root: Keys, modelType: string): { keys: Keys; family: ModelType } {
  if (modelType === 'llama4' || modelType === 'gemma3') {
    const text = root.object('text_config')
    if (!text) throw new ConfigProblem(root.pointer('text_config'), `a ${modelType} config holds its language model in text_config, which is missing`)
    return { keys: text, family: modelType === 'llama4' ? 'llama4_text' : 'gemma3_text' }
  }
  return { keys: root, family: modelType as ModelType }
}

interface Attention {
  slidingWindow?: number
  slidingWindowLayers?: number
  attentionChunkSize?: number
  chunkedAttentionLayers?: number
}

/** Which layers keep a bounded KV cache: sliding windows and chunks, as each family lays them out. */
function attentionPattern(k: Keys, family: ModelType, layers: number, defaults: Record<string, number | boolean>, notes: string[]): Attention {
  const types = k.array('layer_types')
  if (family === 'llama4_text') {
    const chunk = k.optionalInt('attention_chunk_size')
    if (chunk === undefined) return {}
    const fromTypes = layerTypeCount(types, 'chunked_attention')
    if (fromTypes !== undefined) return { attentionChunkSize: chunk, chunkedAttentionLayers: fromTypes }
    // RoPE layers attend within their chunk; every fourth layer is global without RoPE (no_rope_layers: 1 = RoPE).
    const noRope = k.array('no_rope_layers')
    if (noRope && noRope.length > 0) return { attentionChunkSize: chunk, chunkedAttentionLayers: noRope.filter((x) => x === 1 || x === true).length }
    notes.push('no_rope_layers is empty: every fourth layer is a global NoPE layer (transformers default), the others use chunked attention')
    return { attentionChunkSize: chunk, chunkedAttentionLayers: layers - Math.floor(layers / 4) }
  }
  const window = k.int('sliding_window', (defaults.sliding_window as number | undefined) ?? 0, 0)
  if (window === 0) return {}
  const fromTypes = layerTypeCount(types, 'sliding_attention')
  if (fromTypes !== undefined) return { slidingWindow: window, slidingWindowLayers: fromTypes }
  switch (family) {
    case 'gemma2':
    case 'gpt_oss':
      // Alternating local and global layers, the first one local.
      return { slidingWindow: window, slidingWindowLayers: Math.ceil(layers / 2) }
    case 'gemma3_text': {
      const pattern = k.optionalInt('sliding_window_pattern') ?? k.optionalInt('_sliding_window_pattern') ?? (defaults.sliding_window_pattern as number)
      return { slidingWindow: window, slidingWindowLayers: layers - Math.floor(layers / pattern) }
    }
    case 'qwen2':
    case 'qwen3':
    case 'qwen3_moe': {
      // Qwen's sliding window is off unless use_sliding_window; then layers from max_window_layers on use it.
      if (!k.bool('use_sliding_window', false)) return {}
      const full = Math.min(layers, k.int('max_window_layers', layers, 0))
      return full >= layers ? {} : { slidingWindow: window, slidingWindowLayers: layers - full }
    }
    default:
      // mistral, mixtral, phi3: one window on every layer.
      return { slidingWindow: window }
  }
}

interface Experts {
  experts?: number
  expertsPerToken?: number
  sharedExperts?: number
  moeIntermediateSize?: number
  denseLayers?: number
  /** Width of the dense feed-forward blocks when it is not intermediate_size (Llama 4). */
  denseIntermediateSize?: number
}

function mixtureOfExperts(k: Keys, family: ModelType, layers: number, intermediate: number): Experts {
  switch (family) {
    case 'mixtral':
      return { experts: k.int('num_local_experts'), expertsPerToken: k.int('num_experts_per_tok') }
    case 'gpt_oss':
      return { experts: k.int('num_local_experts'), expertsPerToken: k.int('num_experts_per_tok', k.optionalInt('experts_per_token')) }
    case 'qwen3_moe': {
      const experts = k.int('num_experts')
      const step = k.int('decoder_sparse_step', 1)
      const denseOnly = new Set((k.array('mlp_only_layers') ?? []).filter((x): x is number => typeof x === 'number'))
      let moe = 0
      for (let i = 0; i < layers; i++) if (!denseOnly.has(i) && (i + 1) % step === 0) moe++
      const moeWidth = k.int('moe_intermediate_size')
      return { experts, expertsPerToken: k.int('num_experts_per_tok'), moeIntermediateSize: moeWidth, ...(layers - moe > 0 ? { denseLayers: layers - moe } : {}) }
    }
    case 'deepseek_v3':
    case 'glm4_moe': {
      const dense = k.int('first_k_dense_replace', 0, 0)
      const shared = k.int('n_shared_experts', 0, 0)
      return {
        experts: k.int('n_routed_experts'),
        expertsPerToken: k.int('num_experts_per_tok'),
        moeIntermediateSize: k.int('moe_intermediate_size'),
        ...(shared > 0 ? { sharedExperts: shared } : {}),
        ...(dense > 0 ? { denseLayers: Math.min(dense, layers) } : {})
      }
    }
    case 'llama4_text': {
      // One shared expert of the expert width beside the routed ones; MoE layers every interleave step.
      const listed = (k.array('moe_layers') ?? []).filter((x): x is number => typeof x === 'number')
      const step = k.int('interleave_moe_layer_step', 1)
      const moe = listed.length > 0 ? listed.length : Math.floor(layers / step)
      const denseWidth = k.int('intermediate_size_mlp', intermediate)
      return {
        experts: k.int('num_local_experts'),
        expertsPerToken: k.int('num_experts_per_tok'),
        sharedExperts: 1,
        moeIntermediateSize: intermediate,
        ...(layers - moe > 0 ? { denseLayers: layers - moe, denseIntermediateSize: denseWidth } : {})
      }
    }
    default:
      return {}
  }
}

const DTYPES: Record<string, string> = { bfloat16: 'bf16', float16: 'fp16', float32: 'fp32' }

interface Native {
  nativePrecision: string | undefined
  nativePrecisionScope: NativePrecisionScope | undefined
  nativeNonExpertPrecision: string | undefined
}

/** Weight format of compressed-tensors / modelopt configs, from the bits and type of the weights. */
function compressedTensorsPrecision(q: Keys): string | undefined {
  const groups = q.object('config_groups')
  if (!groups) return undefined
  const first = groups.keys()[0]
  const group = first ? groups.object(first) : undefined
  const weights = group?.object('weights')
  if (!weights) return undefined
  const bits = weights.optionalInt('num_bits')
  const type = weights.string('type')
  const activationBits = group?.object('input_activations')?.optionalInt('num_bits')
  if (type === 'float' && bits === 4) return 'nvfp4'
  if (type === 'float' && bits === 8) return 'fp8'
  if (type === 'int' && bits === 8) return activationBits === 8 ? 'w8a8' : 'int8'
  if (type === 'int' && bits === 4) return 'int4'
  return undefined
}

const READABLE_QUANT_METHODS = ['mxfp4', 'fp8', 'compressed-tensors', 'modelopt', 'awq', 'gptq']

/** Precision of the published checkpoint: its quantization_config, else its dtype. */
function nativePrecision(root: Keys, lm: Keys, family: ModelType, hasExperts: boolean): Native {
  const dtype = root.string('torch_dtype') ?? root.string('dtype') ?? lm.string('torch_dtype') ?? lm.string('dtype')
  const plain = dtype !== undefined ? DTYPES[dtype] : undefined
  const q = root.object('quantization_config') ?? lm.object('quantization_config')
  const none = { nativePrecisionScope: undefined, nativeNonExpertPrecision: undefined }
  if (!q) return { nativePrecision: plain, ...none }
  const method = q.string('quant_method')
  const unreadable = () =>
    new ConfigProblem(q.pointer('quant_method'), `quant_method ${JSON.stringify(method)} cannot be read; readable: ${READABLE_QUANT_METHODS.join(', ')}`)
  switch (method) {
    case 'mxfp4': {
      // gpt-oss keeps attention, router, embeddings and head out of MXFP4 (modules_to_not_convert): only the experts are.
      const kept = q.array('modules_to_not_convert') ?? []
      if (hasExperts && (kept.length > 0 || family === 'gpt_oss')) {
        return { nativePrecision: 'mxfp4', nativePrecisionScope: 'experts', nativeNonExpertPrecision: plain ?? 'bf16' }
      }
      return { nativePrecision: 'mxfp4', ...none }
    }
    case 'fp8':
      return { nativePrecision: 'fp8', ...none }
    case 'awq':
    case 'gptq': {
      const bits = q.int('bits')
      if (bits === 4) return { nativePrecision: 'int4', ...none }
      if (bits === 8) return { nativePrecision: 'int8', ...none }
      throw new ConfigProblem(q.pointer('bits'), `${method} with ${bits} bits has no catalog precision; readable: 4 or 8`)
    }
    case 'modelopt': {
      const algo = q.string('quant_algo')
      if (algo === 'NVFP4') return { nativePrecision: 'nvfp4', ...none }
      if (algo === 'FP8') return { nativePrecision: 'fp8', ...none }
      throw new ConfigProblem(q.pointer('quant_algo'), `modelopt quant_algo ${JSON.stringify(algo)} cannot be read; readable: NVFP4, FP8`)
    }
    case 'compressed-tensors': {
      const p = compressedTensorsPrecision(q)
      if (!p) throw new ConfigProblem(q.pointer('config_groups'), 'compressed-tensors weights are neither 4/8-bit float nor 4/8-bit int')
      return { nativePrecision: p, ...none }
    }
    default:
      throw unreadable()
  }
}

/** Bounds of an inline architecture field, reused for the fields the inline form does not have. */
const BOUND_OF: Record<string, keyof typeof InlineArchitecture.properties> = {
  moeIntermediateSize: 'intermediateSize',
  denseLayers: 'layers',
  slidingWindowLayers: 'layers',
  chunkedAttentionLayers: 'layers',
  attentionChunkSize: 'slidingWindow',
  sharedExperts: 'experts',
  kvLoraRank: 'hiddenSize',
  ropeHeadDim: 'headDim'
}

function checkBounds(a: ModelArchitecture, source: Record<string, string>, parametersB: number, at: string) {
  const props = InlineArchitecture.properties as Record<string, { maximum?: number }>
  for (const [field, value] of Object.entries(a)) {
    if (typeof value !== 'number') continue
    const bound = props[BOUND_OF[field] ?? field]?.maximum
    if (bound !== undefined && value > bound) {
      throw new ConfigProblem(source[field] ?? at, `${field} ${value} is above the limit ${bound} an inline architecture has`)
    }
  }
  if (a.attentionHeads % a.kvHeads !== 0) throw new ConfigProblem(source.kvHeads ?? at, `num_key_value_heads (${a.kvHeads}) must divide num_attention_heads (${a.attentionHeads})`)
  if (a.experts !== undefined && a.expertsPerToken !== undefined && a.expertsPerToken > a.experts) {
    throw new ConfigProblem(source.expertsPerToken ?? at, `num_experts_per_tok (${a.expertsPerToken}) exceeds the number of experts (${a.experts})`)
  }
  const maxParametersB = (InlineModel.properties.parametersB as { maximum?: number }).maximum ?? Infinity
  if (!Number.isFinite(parametersB) || parametersB > maxParametersB) {
    throw new ConfigProblem(at, `the derived parameter count (${parametersB.toFixed(1)}B) is above the limit ${maxParametersB}B an inline model has`)
  }
}

/**
 * Parameters of multi-head latent attention per layer (DeepSeek-V3): the query goes through a
 * q_lora_rank bottleneck, keys and values through the cached kv_lora_rank latent.
 */
function mlaAttentionParameters(k: Keys, hidden: number, heads: number, kvLoraRank: number, ropeHeadDim: number, valueHeadDim: number): number {
  const qLoraRank = k.optionalInt('q_lora_rank')
  const nopeHeadDim = k.int('qk_nope_head_dim')
  const qkHeadDim = nopeHeadDim + ropeHeadDim
  const query = qLoraRank !== undefined ? hidden * qLoraRank + qLoraRank + qLoraRank * heads * qkHeadDim : hidden * heads * qkHeadDim
  const keyValue = hidden * (kvLoraRank + ropeHeadDim) + kvLoraRank + kvLoraRank * heads * (nopeHeadDim + valueHeadDim)
  return query + keyValue + heads * valueHeadDim * hidden
}

function read(config: unknown): HfConfigModel {
  if (!isObject(config)) throw new ConfigProblem('', 'hfConfig must be a JSON object (the contents of config.json)')
  const root = new Keys(config, '')
  const modelType = root.string('model_type')
  if (modelType === undefined || !(READABLE_MODEL_TYPES as readonly string[]).includes(modelType)) {
    throw new ConfigProblem(
      '/model_type',
      `${modelType === undefined ? 'model_type is missing' : `model_type "${modelType}" cannot be read`}; readable model types: ${READABLE_MODEL_TYPES.join(', ')}`
    )
  }
  const { keys: k, family } = languageModelKeys(root, modelType)
  const defaults = FAMILY_DEFAULTS[family] ?? {}
  const notes: string[] = []
  const d = (key: string) => defaults[key] as number | undefined
  const source: Record<string, string> = {}
  const int = (field: string, key: string, fallback?: number, minimum = 1) => {
    source[field] = k.pointer(key)
    if (!k.has(key) && fallback !== undefined) notes.push(`${key} absent: ${fallback}, the ${family} default`)
    return k.int(key, fallback, minimum)
  }

  const layers = int('layers', 'num_hidden_layers', d('num_hidden_layers'))
  const hiddenSize = int('hiddenSize', 'hidden_size', d('hidden_size'))
  const attentionHeads = int('attentionHeads', 'num_attention_heads', d('num_attention_heads'))
  const kvHeads = int('kvHeads', 'num_key_value_heads', d('num_key_value_heads') ?? attentionHeads)
  const isMla = family === 'deepseek_v3'
  const headDim = isMla ? int('headDim', 'v_head_dim') : int('headDim', 'head_dim', d('head_dim') ?? (hiddenSize % attentionHeads === 0 ? hiddenSize / attentionHeads : undefined))
  const intermediate = int('intermediateSize', 'intermediate_size', d('intermediate_size'))
  const vocabSize = int('vocabSize', 'vocab_size', d('vocab_size'))
  const contextLength = int('contextLength', 'max_position_embeddings', d('max_position_embeddings'))
  const tied = k.has('tie_word_embeddings') ? k.bool('tie_word_embeddings', false) : root.bool('tie_word_embeddings', (defaults.tie_word_embeddings as boolean | undefined) ?? false)

  const moe = mixtureOfExperts(k, family, layers, intermediate)
  const attention = attentionPattern(k, family, layers, defaults, notes)
  for (const f of ['experts', 'expertsPerToken', 'sharedExperts', 'moeIntermediateSize', 'denseLayers'] as const) source[f] = k.at || '/'
  if (attention.slidingWindow !== undefined) source.slidingWindow = k.pointer('sliding_window')
  if (attention.attentionChunkSize !== undefined) source.attentionChunkSize = k.pointer('attention_chunk_size')

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
    const correction = layers * (mlaAttentionParameters(k, hiddenSize, attentionHeads, architecture.kvLoraRank, architecture.ropeHeadDim, headDim) - standard)
    total += correction
    active += correction
  }
  const parametersB = total / 1e9
  checkBounds(architecture, source, parametersB, k.at || '/')
  const native = nativePrecision(root, k, family, architecture.experts !== undefined)
  return { modelType: family, architecture, parametersB, activeParametersB: active / 1e9, ...native, notes }
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
