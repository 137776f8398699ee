// The inline-model limits a config-read model is held to.
import { describe, expect, it } from 'vitest'
import { boundOf, checkBounds } from '../../../src/catalog/hf-config/bounds.js'
import { ConfigProblem } from '../../../src/catalog/hf-config/keys.js'
import { InlineArchitecture } from '../../../src/schemas/estimate.js'
import { thrown } from '../../helpers/thrown.js'

const architecture = { layers: 32, hiddenSize: 4096, intermediateSize: 14336, attentionHeads: 32, kvHeads: 8, headDim: 128, vocabSize: 128256, contextLength: 131072 }

const problemOf = (check: () => void) => thrown(ConfigProblem, check)

describe('bounds', () => {
  it('fields the inline form lacks borrow the bound of the field they are like', () => {
    const layersMaximum = (InlineArchitecture.properties.layers as { maximum?: number }).maximum
    expect(layersMaximum).toBeGreaterThan(0)
    expect(boundOf('denseLayers')).toBe(layersMaximum)
    expect(boundOf('layers')).toBe(layersMaximum)
    expect(boundOf('notAField')).toBeUndefined()
  })
  it('an architecture within bounds passes', () => {
    expect(() => checkBounds(architecture, {}, 8, '/')).not.toThrow()
  })
  it('a broken architecture rule (catalog/rules.ts) is refused at the config key the field came from', () => {
    const problem = problemOf(() => checkBounds({ ...architecture, kvHeads: 5 }, { kvHeads: '/num_key_value_heads' }, 8, '/'))
    expect(problem.pointer).toBe('/num_key_value_heads')
    // Named in the config's terms where the key is known: num_key_value_heads, not kvHeads.
    expect(problem.message).toBe('the config breaks a rule: num_key_value_heads: 5 does not divide attentionHeads 32: each key/value head serves a whole group of query heads')
  })
  it('a rule reads in config keys where it names a field, and stays prose where the word is only a word', () => {
    const source = { layers: '/num_hidden_layers', experts: '/num_local_experts', expertsPerToken: '/num_experts_per_tok', chunkedAttentionLayers: '/layer_types' }
    const crowded = { ...architecture, layers: 12, slidingWindow: 100, slidingWindowLayers: 10, attentionChunkSize: 8, chunkedAttentionLayers: 8 }
    expect(problemOf(() => checkBounds(crowded, source, 8, '/')).message).toBe('the config breaks a rule: layer_types: sliding-window and chunked layers together (18) exceed num_hidden_layers (12)')
    // A rule that names its field is not prefixed with it again.
    expect(problemOf(() => checkBounds({ ...architecture, experts: 8 }, source, 8, '/')).message).toBe('the config breaks a rule: num_local_experts and num_experts_per_tok go together for a mixture-of-experts model')
  })
  it('more experts per token than experts, and a parameter count outside the inline range, are refused', () => {
    expect(problemOf(() => checkBounds({ ...architecture, experts: 2, expertsPerToken: 4 }, {}, 8, '/')).message).toMatch(/expertsPerToken \(4\) cannot exceed experts \(2\)/)
    expect(problemOf(() => checkBounds(architecture, {}, Number.NaN, '/text_config')).pointer).toBe('/text_config')
  })
})
