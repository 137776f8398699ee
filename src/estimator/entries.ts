// The model and hardware of a request as the estimator sees them, from a catalog entry or an
// inline spec. Inline models pass the same architecture rules as catalog entries.
import { activeParametersProblem, architectureProblems } from '../catalog/rules.js'
import type { Hardware, Model, ModelArchitecture } from '../schemas/catalog.js'
import type { EstimateRequest } from '../schemas/estimate.js'
import { DEFAULT_HARDWARE_KIND, DEFAULT_INLINE_CONTEXT_TOKENS, DEFAULT_VOCAB_SIZE, defaultIntermediateSize, defaultUsableMemoryFraction } from './defaults.js'
import { unprocessable } from './errors.js'
import { deriveParameters } from './physics/model.js'
import type { ResolvedHardware, ResolvedModel } from './scenario.js'

type InlineModel = Exclude<EstimateRequest['model'], string>
type InlineHardware = Exclude<NonNullable<EstimateRequest['hardware']>, string>

/** A model given inline, checked and completed with the documented defaults; `at` points at it in the request. */
export function modelFromInline(inline: InlineModel, at: string): ResolvedModel {
  const given = inline.architecture
  const [problem] = architectureProblems(given)
  if (problem) throw unprocessable(`${at}/${problem.field}`, problem.detail)
  if (given.headDim === undefined && given.hiddenSize % given.attentionHeads !== 0) {
    throw unprocessable(`${at}/architecture/headDim`, `headDim is required when hiddenSize (${given.hiddenSize}) is not a multiple of attentionHeads (${given.attentionHeads})`)
  }
  const architecture: ModelArchitecture = {
    layers: given.layers,
    hiddenSize: given.hiddenSize,
    intermediateSize: given.intermediateSize ?? defaultIntermediateSize(given.hiddenSize),
    attentionHeads: given.attentionHeads,
    kvHeads: given.kvHeads,
    headDim: given.headDim ?? given.hiddenSize / given.attentionHeads,
    vocabSize: given.vocabSize ?? DEFAULT_VOCAB_SIZE,
    contextLength: given.contextLength ?? DEFAULT_INLINE_CONTEXT_TOKENS,
    ...(given.experts !== undefined ? { experts: given.experts, expertsPerToken: given.expertsPerToken } : {}),
    ...(given.slidingWindow !== undefined ? { slidingWindow: given.slidingWindow } : {}),
    ...(given.tiedEmbeddings !== undefined ? { tiedEmbeddings: given.tiedEmbeddings } : {}),
    ...(given.gatedMlp !== undefined ? { gatedMlp: given.gatedMlp } : {})
  }
  const derived = deriveParameters(architecture)
  const parametersB = inline.parametersB ?? derived.total / 1e9
  const activeParametersB = inline.activeParametersB ?? (inline.parametersB !== undefined && !given.experts ? inline.parametersB : derived.active / 1e9)
  const embeddingsB = (architecture.vocabSize * architecture.hiddenSize) / 1e9
  if (inline.parametersB !== undefined && inline.parametersB < embeddingsB) {
    throw unprocessable(`${at}/parametersB`, `parametersB (${inline.parametersB}) is smaller than the ${embeddingsB.toFixed(3)}B parameters of the embedding alone (vocabSize × hiddenSize)`)
  }
  const activeProblem = activeParametersProblem(parametersB, activeParametersB)
  if (activeProblem) {
    const wasDerived = inline.activeParametersB === undefined
    const field = wasDerived ? 'parametersB' : 'activeParametersB'
    throw unprocessable(`${at}/${field}`, `activeParametersB (${activeParametersB.toFixed(3)}${wasDerived ? ', derived from the architecture' : ''}) cannot exceed parametersB (${parametersB})`)
  }
  return {
    name: inline.name ?? 'inline model',
    parametersB,
    activeParametersB,
    architecture,
    openWeights: true,
    estimated: false,
    api: undefined,
    contextLength: given.contextLength,
    entry: undefined
  }
}

export function modelFromEntry(entry: Model): ResolvedModel {
  const arch = entry.architecture
  return {
    id: entry.id,
    name: entry.name,
    // Closed models without an architecture cannot be self-hosted; these zeros are never used for them.
    parametersB: entry.parametersB ?? 0,
    activeParametersB: entry.activeParametersB ?? entry.parametersB ?? 0,
    architecture: arch ?? { layers: 1, hiddenSize: 1, intermediateSize: 1, attentionHeads: 1, kvHeads: 1, headDim: 1, vocabSize: 1, contextLength: entry.api?.contextLength ?? 1 },
    openWeights: entry.openWeights,
    estimated: entry.estimated === true,
    api: entry.api,
    contextLength: arch?.contextLength ?? entry.api?.contextLength,
    entry
  }
}

export function hardwareFromInline(inline: InlineHardware): ResolvedHardware {
  const kind = inline.kind ?? DEFAULT_HARDWARE_KIND
  return {
    id: null,
    name: inline.name ?? 'inline hardware',
    kind,
    memoryGB: inline.memoryGB,
    usableMemoryFraction: inline.usableMemoryFraction ?? defaultUsableMemoryFraction(kind),
    bandwidthGBps: inline.bandwidthGBps,
    tflops: inline.tflops,
    tdpW: inline.tdpW,
    priceUsdPerHour: inline.priceUsdPerHour,
    priceAsOf: undefined,
    priceProvider: undefined,
    rentalPrices: [],
    purchasePriceUsd: undefined,
    purchasePriceAsOf: undefined,
    purchasePriceBasis: undefined,
    interconnectGBps: inline.interconnectGBps,
    dataCentre: kind === 'gpu' || kind === 'tpu',
    entry: undefined
  }
}

export function hardwareFromEntry(entry: Hardware): ResolvedHardware {
  return {
    id: entry.id,
    name: entry.name,
    kind: entry.kind,
    memoryGB: entry.memoryCapacityGB ?? entry.memoryGB,
    usableMemoryFraction: entry.usableMemoryFraction ?? 1,
    bandwidthGBps: entry.bandwidthGBps,
    tflops: entry.tflops,
    tdpW: entry.tdpW,
    priceUsdPerHour: entry.priceUsdPerHour,
    priceAsOf: entry.priceAsOf,
    priceProvider: entry.priceProvider,
    rentalPrices: entry.rentalPrices ?? [],
    purchasePriceUsd: entry.purchasePriceUsd,
    purchasePriceAsOf: entry.purchasePriceAsOf,
    purchasePriceBasis: entry.purchasePriceBasis,
    interconnectGBps: entry.interconnect?.bandwidthGBps,
    dataCentre: entry.dataCentre,
    entry
  }
}
