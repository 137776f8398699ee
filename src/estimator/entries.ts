// The model and hardware of a request as the estimator sees them, from a catalog entry or an
// inline spec. Inline models pass the same architecture rules as catalog entries.
import { activeParametersProblem, architectureProblems } from '../catalog/rules.js'
import type { Hardware, Model, ModelArchitecture } from '../schemas/catalog.js'
import { MAX_HF_CONFIG_BYTES, type EstimateRequest } from '../schemas/estimate.js'
import { parseHfConfig } from '../catalog/hf-config.js'
import { derivedParametersProblem } from '../catalog/hf-config/bounds.js'
import { DEFAULT_HARDWARE_KIND, DEFAULT_INLINE_CONTEXT_TOKENS, DEFAULT_VOCAB_SIZE, defaultIntermediateSize, defaultUsableMemoryFraction } from './defaults.js'
import { unprocessable } from './errors.js'
import { deriveParameters } from './physics/model.js'
import type { NativePrecision, ResolvedHardware, ResolvedModel } from './scenario.js'

type InlineModel = Exclude<EstimateRequest['model'], string>
type InlineHardware = Exclude<NonNullable<EstimateRequest['hardware']>, string>

/**
 * Total and active parameters of an inline model: the request's figures where it gives them, else
 * those derived from the architecture; refused when they contradict each other.
 */
function inlineParameters(inline: InlineModel, architecture: ModelArchitecture, derived: { total: number; active: number }, at: string) {
  const parametersB = inline.parametersB ?? derived.total / 1e9
  const outside = inline.parametersB === undefined ? derivedParametersProblem(parametersB, 'the architecture') : undefined
  if (outside) throw unprocessable(`${at}/architecture`, outside)
  const activeParametersB = inline.activeParametersB ?? (inline.parametersB !== undefined && !architecture.experts ? inline.parametersB : derived.active / 1e9)
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
  return { parametersB, activeParametersB }
}

/** A model given by its config.json: read by the hf-config parser, then held to the same rules as any inline model. */
function modelFromHfConfig(inline: InlineModel, config: object, at: string): ResolvedModel {
  const configAt = `${at}/hfConfig`
  const bytes = new TextEncoder().encode(JSON.stringify(config)).length
  if (bytes > MAX_HF_CONFIG_BYTES) throw unprocessable(configAt, `hfConfig is ${bytes} bytes of JSON; at most ${MAX_HF_CONFIG_BYTES} are read`)
  const read = parseHfConfig(config)
  if (!read.ok) throw unprocessable(`${configAt}${read.problem.pointer}`, read.problem.detail)
  const derived = read.model
  const [problem] = architectureProblems(derived.architecture)
  if (problem) throw unprocessable(configAt, `the architecture read from hfConfig breaks a rule: ${problem.field} ${problem.detail}`)
  const { parametersB, activeParametersB } = inlineParameters(inline, derived.architecture, { total: derived.parametersB * 1e9, active: derived.activeParametersB * 1e9 }, at)
  return {
    name: inline.name ?? derived.name ?? `${derived.modelType} model from config.json`,
    parametersB,
    activeParametersB,
    architecture: derived.architecture,
    nativePrecision:
      derived.nativePrecision === undefined
        ? undefined
        : { precisionId: derived.nativePrecision, scope: derived.nativePrecisionScope ?? 'all', nonExpertPrecisionId: derived.nativeNonExpertPrecision },
    fromHfConfig: derived,
    openWeights: true,
    estimated: false,
    api: undefined,
    contextLength: derived.architecture.contextLength,
    entry: undefined
  }
}

/** A model given inline (architecture or config.json), checked and completed with the documented defaults; `at` points at it in the request. */
export function modelFromInline(inline: InlineModel, at: string): ResolvedModel {
  if (inline.hfConfig !== undefined) {
    if (inline.architecture !== undefined) throw unprocessable(`${at}/hfConfig`, 'give the model either as architecture or as hfConfig, not both')
    return modelFromHfConfig(inline, inline.hfConfig, at)
  }
  const given = inline.architecture
  if (given === undefined) throw unprocessable(`${at}/architecture`, 'an inline model needs its architecture, or hfConfig (the model\'s config.json)')
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
  const { parametersB, activeParametersB } = inlineParameters(inline, architecture, deriveParameters(architecture), at)
  return {
    name: inline.name ?? 'inline model',
    parametersB,
    activeParametersB,
    architecture,
    nativePrecision: undefined,
    openWeights: true,
    estimated: false,
    api: undefined,
    contextLength: given.contextLength,
    entry: undefined
  }
}

/** The published checkpoint's format as the catalog records it. */
export function nativePrecisionOf(entry: Pick<Model, 'nativePrecision' | 'nativePrecisionScope' | 'nativeNonExpertPrecision'>): NativePrecision | undefined {
  if (entry.nativePrecision === undefined) return undefined
  return { precisionId: entry.nativePrecision, scope: entry.nativePrecisionScope ?? 'all', nonExpertPrecisionId: entry.nativeNonExpertPrecision }
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
    nativePrecision: nativePrecisionOf(entry),
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
    architecture: undefined,
    entry: undefined
  }
}

export function hardwareFromEntry(entry: Hardware): ResolvedHardware {
  return {
    id: entry.id,
    name: entry.name,
    kind: entry.kind,
    memoryGB: entry.memoryCapacityGB ?? entry.memoryGB,
    // An edge device's published per-app memory limit, when there is one, is the share an app may use.
    usableMemoryFraction: entry.usableMemoryFraction ?? (entry.appMemoryGB !== undefined ? Math.min(1, entry.appMemoryGB / entry.memoryGB) : 1),
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
    allReduceBusGBps: entry.interconnect?.allReduceBusGBps,
    dataCentre: entry.dataCentre,
    architecture: entry.architecture,
    entry
  }
}
