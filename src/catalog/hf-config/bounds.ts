// The limits a model read from a config.json is held to: the bounds of the inline architecture
// (src/schemas/estimate.ts), head and expert counts that fit together, and the inline-model range
// of the derived parameter count.
import type { ModelArchitecture } from '../../schemas/catalog.js'
import { InlineArchitecture, InlineModel } from '../../schemas/estimate.js'
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
 * Refuses an architecture or parameter count an inline model could not have. `source` maps each
 * field to the config pointer it was read from; `at` names the language-model object otherwise.
 */
export function checkBounds(architecture: ModelArchitecture, source: Record<string, string>, parametersB: number, at: string) {
  for (const [field, value] of Object.entries(architecture)) {
    if (typeof value !== 'number') continue
    const bound = boundOf(field)
    if (bound !== undefined && value > bound) {
      throw new ConfigProblem(source[field] ?? at, `${field} ${value} is above the limit ${bound} an inline architecture has`)
    }
  }
  if (architecture.attentionHeads % architecture.kvHeads !== 0) {
    throw new ConfigProblem(source.kvHeads ?? at, `num_key_value_heads (${architecture.kvHeads}) must divide num_attention_heads (${architecture.attentionHeads})`)
  }
  if (architecture.experts !== undefined && architecture.expertsPerToken !== undefined && architecture.expertsPerToken > architecture.experts) {
    throw new ConfigProblem(source.expertsPerToken ?? at, `num_experts_per_tok (${architecture.expertsPerToken}) exceeds the number of experts (${architecture.experts})`)
  }
  const { minimum = 0, maximum = Infinity } = InlineModel.properties.parametersB as { minimum?: number; maximum?: number }
  if (!Number.isFinite(parametersB) || parametersB > maximum || parametersB < minimum) {
    throw new ConfigProblem(at, `the derived parameter count (${parametersB.toPrecision(3)}B) is outside the ${minimum}-${maximum}B an inline model may have`)
  }
}
