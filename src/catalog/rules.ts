// Relations JSON Schema cannot state. The architecture rules are one list, asked by the catalog
// loader (for every entry) and by the estimator (for a model given inline), so both refuse the same
// architectures with the same words; relationProblems adds the checks across a version's files.
import type { ModelArchitecture } from '../schemas/catalog.js'
import type { Catalog } from './catalog.js'

/** A catalog version's content before its hash and lookup maps. */
export type CatalogContent = Omit<Catalog, 'sha256' | 'modelById' | 'hardwareById' | 'precisionById' | 'engineById'>

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

/** Aliases point at entries that exist and are written in lower case. */
function aliasProblems(label: string, kind: 'models' | 'hardware', aliases: Record<string, string>, ids: ReadonlySet<string>, problems: string[]) {
  const entry = kind === 'models' ? 'model' : 'hardware'
  for (const [alias, target] of Object.entries(aliases)) {
    if (!ids.has(target)) problems.push(`${label}/aliases.json: field /${kind}/${alias}: unknown ${entry} "${target}"`)
    if (alias !== alias.toLowerCase()) problems.push(`${label}/aliases.json: field /${kind}/${alias}: aliases are written in lower case`)
  }
}

/** Checks that JSON Schema cannot express: relations between fields and between files. */
export function relationProblems(label: string, content: CatalogContent, problems: string[]) {
  for (const model of content.models) {
    const where = `${label}/models.json: entry "${model.id}"`
    if (model.openWeights || model.estimated) {
      for (const field of ['parametersB', 'activeParametersB', 'architecture'] as const) {
        if (model[field] === undefined) problems.push(`${where}: field /${field}: required for open-weights models and estimated architectures`)
      }
    }
    if (!model.openWeights && !model.api) problems.push(`${where}: field /api: a model without open weights needs an api offer`)
    const activeProblem = activeParametersProblem(model.parametersB, model.activeParametersB)
    if (activeProblem) problems.push(`${where}: field /${activeProblem.field}: ${activeProblem.detail}`)
    if (!model.architecture) continue
    for (const problem of architectureProblems(model.architecture)) problems.push(`${where}: field /${problem.field}: ${problem.detail}`)
    if (model.nativePrecisionScope === 'experts' && (model.architecture.experts === undefined || model.nativeNonExpertPrecision === undefined)) {
      problems.push(`${where}: field /nativePrecisionScope: "experts" needs a mixture-of-experts architecture and nativeNonExpertPrecision`)
    }
  }
  const engineIds = new Set(content.engines.map((engine) => engine.id))
  for (const precision of content.precisions) {
    const where = `${label}/precisions.json: entry "${precision.id}"`
    for (const engineId of precision.engines ?? []) if (!engineIds.has(engineId)) problems.push(`${where}: field /engines: unknown engine "${engineId}"`)
    if (precision.usableForKvCache && precision.kvBitsPerValue === undefined) problems.push(`${where}: field /kvBitsPerValue: required when usableForKvCache`)
    const nonExpert = precision.expertsOnly?.nonExpertPrecision
    if (nonExpert !== undefined && !content.precisions.some((other) => other.id === nonExpert)) problems.push(`${where}: field /expertsOnly/nonExpertPrecision: unknown precision "${nonExpert}"`)
  }
  const precisionIds = new Set(content.precisions.map((precision) => precision.id))
  for (const model of content.models) {
    for (const field of ['nativePrecision', 'nativeNonExpertPrecision'] as const) {
      const id = model[field]
      if (id !== undefined && !precisionIds.has(id)) problems.push(`${label}/models.json: entry "${model.id}": field /${field}: unknown precision "${id}"`)
    }
  }
  const modelIds = new Set(content.models.map((model) => model.id))
  const hardwareIds = new Set(content.hardware.map((hardware) => hardware.id))
  referenceProblems(label, content, { engineIds, modelIds, hardwareIds }, problems)
  aliasProblems(label, 'models', content.aliases.models, modelIds, problems)
  aliasProblems(label, 'hardware', content.aliases.hardware, hardwareIds, problems)
}

/** Ids named by precision fallbacks, engine memory tiers and retired API offers exist in the same version. */
function referenceProblems(
  label: string,
  content: CatalogContent,
  ids: { engineIds: ReadonlySet<string>; modelIds: ReadonlySet<string>; hardwareIds: ReadonlySet<string> },
  problems: string[]
) {
  for (const precision of content.precisions) {
    for (const [index, fallback] of (precision.fallbacks ?? []).entries()) {
      for (const engineId of fallback.engines) {
        if (!ids.engineIds.has(engineId)) problems.push(`${label}/precisions.json: entry "${precision.id}": field /fallbacks/${index}/engines: unknown engine "${engineId}"`)
      }
    }
  }
  for (const engine of content.engines) {
    for (const [index, tier] of (engine.memory.byDeviceMemory ?? []).entries()) {
      for (const hardwareId of tier.exceptHardware ?? []) {
        if (!ids.hardwareIds.has(hardwareId)) problems.push(`${label}/engines.json: entry "${engine.id}": field /memory/byDeviceMemory/${index}/exceptHardware: unknown hardware "${hardwareId}"`)
      }
    }
  }
  for (const model of content.models) {
    const successor = model.api?.retired?.replacedBy
    if (successor !== undefined && !ids.modelIds.has(successor)) problems.push(`${label}/models.json: entry "${model.id}": field /api/retired/replacedBy: unknown model "${successor}"`)
  }
}
