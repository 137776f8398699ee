// Model types the parser reads, their defaults, and where their language-model keys live.
import { describe, expect, it } from 'vitest'
import { familyDefaults, languageModelKeys, readableModelType } from '../../../src/catalog/hf-config/families.js'
import { ConfigKeys, ConfigProblem } from '../../../src/catalog/hf-config/keys.js'

describe('families', () => {
  it('a readable model_type is returned; a missing or unknown one is a problem at /model_type', () => {
    expect(readableModelType(new ConfigKeys({ model_type: 'qwen3' }, ''))).toBe('qwen3')
    expect(() => readableModelType(new ConfigKeys({ model_type: 'gpt2' }, ''))).toThrow(/model_type "gpt2" cannot be read; readable model types: llama,/)
    expect(() => readableModelType(new ConfigKeys({}, ''))).toThrow(ConfigProblem)
  })

  it('llama4 and gemma3 read their language model from text_config, as the _text family', () => {
    const root = new ConfigKeys({ text_config: { num_hidden_layers: 48 } }, '')
    const { keys, family } = languageModelKeys(root, 'llama4')
    expect(family).toBe('llama4_text')
    expect(keys.at).toBe('/text_config')
    expect(languageModelKeys(root, 'gemma3').family).toBe('gemma3_text')
    expect(languageModelKeys(root, 'llama').keys).toBe(root)
    expect(() => languageModelKeys(new ConfigKeys({}, ''), 'gemma3')).toThrow(/text_config, which is missing/)
  })

  it('the transformers defaults of Gemma; none for a family whose configs state every key', () => {
    expect(familyDefaults('gemma2')).toMatchObject({ head_dim: 256, sliding_window: 4096 })
    expect(familyDefaults('gemma3_text').sliding_window_pattern).toBe(6)
    expect(familyDefaults('llama')).toEqual({})
  })
})
