// Relations between a model's fields that JSON Schema cannot state. One list, asked by the
// catalog loader (for every entry) and by the estimator (for a model given inline), so both refuse
// the same architectures with the same words.
import type { ModelArchitecture } from '../schemas/catalog.js'

export interface FieldRuleProblem {
  /** Path below the model, e.g. "architecture/kvHeads". */
  field: string
  detail: string
}

type ArchitectureFields = Pick<
  ModelArchitecture,
  | 'layers'
  | 'attentionHeads'
  | 'kvHeads'
  | 'experts'
  | 'expertsPerToken'
  | 'slidingWindow'
  | 'slidingWindowLayers'
  | 'kvLoraRank'
  | 'ropeHeadDim'
  | 'attentionChunkSize'
  | 'chunkedAttentionLayers'
  | 'denseLayers'
>

/** Every relation the architecture breaks, in a fixed order (the first is the one a request is refused for). */
export function architectureProblems(arch: ArchitectureFields): FieldRuleProblem[] {
  const problems: FieldRuleProblem[] = []
  const add = (field: string, detail: string) => problems.push({ field: `architecture/${field}`, detail })
  if (arch.attentionHeads % arch.kvHeads !== 0) {
    add('kvHeads', `${arch.kvHeads} does not divide attentionHeads ${arch.attentionHeads}: each key/value head serves a whole group of query heads`)
  }
  if ((arch.experts === undefined) !== (arch.expertsPerToken === undefined)) {
    add(arch.experts === undefined ? 'experts' : 'expertsPerToken', 'experts and expertsPerToken go together for a mixture-of-experts model')
  }
  if (arch.experts !== undefined && arch.expertsPerToken !== undefined && arch.expertsPerToken > arch.experts) {
    add('expertsPerToken', `expertsPerToken (${arch.expertsPerToken}) cannot exceed experts (${arch.experts})`)
  }
  if (arch.slidingWindowLayers !== undefined && arch.slidingWindowLayers > arch.layers) add('slidingWindowLayers', 'more than layers')
  if (arch.slidingWindowLayers !== undefined && arch.slidingWindow === undefined) add('slidingWindow', 'required with slidingWindowLayers')
  if ((arch.kvLoraRank === undefined) !== (arch.ropeHeadDim === undefined)) add('ropeHeadDim', 'kvLoraRank and ropeHeadDim go together')
  if ((arch.attentionChunkSize === undefined) !== (arch.chunkedAttentionLayers === undefined)) add('chunkedAttentionLayers', 'attentionChunkSize and chunkedAttentionLayers go together')
  const boundedLayers = (arch.slidingWindow !== undefined ? (arch.slidingWindowLayers ?? arch.layers) : 0) + (arch.chunkedAttentionLayers ?? 0)
  if (boundedLayers > arch.layers) add('chunkedAttentionLayers', `sliding-window and chunked layers together (${boundedLayers}) exceed layers (${arch.layers})`)
  if ((arch.denseLayers ?? 0) > arch.layers) add('denseLayers', 'more than layers')
  return problems
}

/** A model that names both counts must not have more active than total parameters. */
export function activeParametersProblem(parametersB: number | undefined, activeParametersB: number | undefined): FieldRuleProblem | undefined {
  if (parametersB === undefined || activeParametersB === undefined || activeParametersB <= parametersB) return undefined
  return { field: 'activeParametersB', detail: `activeParametersB (${activeParametersB}) cannot exceed parametersB (${parametersB})` }
}
