// The model families (config.json model_type values) the parser reads, the defaults of their
// transformers config classes for keys the published configs leave out, and where each family
// keeps its language model's keys.
import { ConfigProblem, type ConfigKeys } from './keys.js'

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
export type ModelType = (typeof READABLE_MODEL_TYPES)[number]

export type FamilyDefaults = Record<string, number | boolean>

/** Defaults of the transformers config classes for keys the published configs leave out. */
const FAMILY_DEFAULTS: Partial<Record<ModelType, FamilyDefaults>> = {
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

export const familyDefaults = (family: ModelType): FamilyDefaults => FAMILY_DEFAULTS[family] ?? {}

/** The model_type of the config, refused (naming /model_type) when it is missing or not one this parser reads. */
export function readableModelType(root: ConfigKeys): string {
  const modelType = root.string('model_type')
  if (modelType === undefined || !(READABLE_MODEL_TYPES as readonly string[]).includes(modelType)) {
    throw new ConfigProblem(
      '/model_type',
      `${modelType === undefined ? 'model_type is missing' : `model_type "${modelType}" cannot be read`}; readable model types: ${READABLE_MODEL_TYPES.join(', ')}`
    )
  }
  return modelType
}

/** The object whose keys describe the language model: text_config for the multimodal families. */
export function languageModelKeys(root: ConfigKeys, modelType: string): { keys: ConfigKeys; family: ModelType } {
  if (modelType === 'llama4' || modelType === 'gemma3') {
    const text = root.object('text_config')
    if (!text) throw new ConfigProblem(root.pointer('text_config'), `a ${modelType} config holds its language model in text_config, which is missing`)
    return { keys: text, family: modelType === 'llama4' ? 'llama4_text' : 'gemma3_text' }
  }
  return { keys: root, family: modelType as ModelType }
}
