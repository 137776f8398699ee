// The limits a model read from a config.json is held to: the bounds of the inline architecture
// (src/schemas/estimate.ts), the architecture rules every model is held to (catalog/rules.ts, asked
// here so that a broken rule names the config key), and the inline-model range of the derived
// parameter count.
import type { ModelArchitecture } from '../../schemas/catalog.js'
import { InlineArchitecture, InlineModel } from '../../schemas/estimate.js'
import { architectureProblems } from '../rules.js'
import { ConfigProblem } from './keys.js'

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

/** The largest value an inline architecture allows for `field`; undefined when it has no bound. */
export const boundOf = (field: string) => (InlineArchitecture.properties as Record<string, { maximum?: number }>)[BOUND_OF[field] ?? field]?.maximum

/**
 * A rule's text with each architecture field named by the config key it was read from (kvHeads →
 * num_key_value_heads): the field it opens with, camel-case field names, and a field followed by its
 * figure ("layers (32)"); a plain word that is also a field name ("chunked layers together") stays prose.
 */
function inConfigTerms(text: string, source: Record<string, string>): string {
  return text.replace(/(?<![-\w/])[A-Za-z]+(?![-\w])(?=( \(| \d)?)/g, (word, figure: string | undefined, offset: number) => {
    const pointer = source[word]
    if (pointer === undefined || !(offset === 0 || figure || /[A-Z]/.test(word))) return word
    return pointer.slice(pointer.lastIndexOf('/') + 1) || word
  })
}

/** Why a parameter count derived from `from` cannot be an inline model's (outside the range parametersB may be given in); undefined when it can. */
export function derivedParametersProblem(parametersB: number, from: string): string | undefined {
  const { minimum = 0, maximum = Infinity } = InlineModel.properties.parametersB as { minimum?: number; maximum?: number }
  if (Number.isFinite(parametersB) && parametersB <= maximum && parametersB >= minimum) return undefined
  return `the parameter count derived from ${from} (${parametersB.toPrecision(3)}B) is outside the ${minimum}-${maximum}B an inline model may have`
}

/**
 * Refuses an architecture or parameter count an inline model could not have. `source` maps each
 * field to the config pointer it was read from; `at` names the language-model object otherwise.
 */
export function checkBounds(architecture: ModelArchitecture, source: Record<string, string>, parametersB: number, at: string) {
  for (const [field, value] of Object.entries(architecture)) {
    if (typeof value !== 'number') continue
    const bound = boundOf(field)
    if (bound !== undefined && value > bound) {
      throw new ConfigProblem(source[field] ?? at, `${inConfigTerms(field, source)} ${value} is above the limit ${bound} an inline architecture has`)
    }
  }
  const [broken] = architectureProblems(architecture)
  if (broken) {
    const field = broken.field.replace(/^architecture\//, '')
    // A rule's text that does not name its field ("more than layers") is prefixed with it.
    const detail = new RegExp(`\\b${field}\\b`).test(broken.detail) ? broken.detail : `${field}: ${broken.detail}`
    throw new ConfigProblem(source[field] ?? at, `the config breaks a rule: ${inConfigTerms(detail, source)}`)
  }
  const outside = derivedParametersProblem(parametersB, 'num_hidden_layers, hidden_size, intermediate_size, vocab_size and the expert keys')
  if (outside) throw new ConfigProblem(at, outside)
}
