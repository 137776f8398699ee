// Turns a request (catalog ids, aliases or inline specs) into the plain data the estimator needs,
// rejecting combinations that cannot be estimated with a problem that names the field.
import type { Catalog } from '../catalog/index.js'
import { findEngine, findHardware, findModel, findPrecision, hardwareKeys, modelKeys } from '../catalog/lookup.js'
import type { ApiOffer, ComputeDtype, Engine, Hardware, HardwareKind, Model, ModelArchitecture, Precision, Tflops } from '../schemas/catalog.js'
import type { EstimateRequest } from '../schemas/estimate.js'
import { LIMITS } from '../schemas/estimate.js'
import { unknownId, unprocessable } from './errors.js'
import { deriveParameters, type ModelSpec } from './model.js'
import { FALLBACK_INTERCONNECT_GBPS, splitProblem } from './performance.js'

export interface ResolvedModel extends ModelSpec {
  openWeights: boolean
  estimated: boolean
  api: ApiOffer | undefined
  /** Context window: the architecture's, else the API's. */
  contextLength: number | undefined
  entry: Model | undefined
}

export interface ResolvedHardware {
  id: string | null
  name: string
  kind: HardwareKind
  memoryGB: number
  usableMemoryFraction: number
  bandwidthGBps: number
  tflops: Tflops
  tdpW: number | undefined
  priceUsdPerHour: number | undefined
  priceAsOf: string | undefined
  interconnectGBps: number | undefined
  dataCentre: boolean
  entry: Hardware | undefined
}

export type Deployment = 'cloud' | 'local' | 'api'

export interface ResolvedRequest {
  catalog: Catalog
  model: ResolvedModel
  deployment: Deployment
  /** Present unless deployment is api. */
  selfHosted: {
    hardware: ResolvedHardware
    engine: Engine
    precision: Precision
    kvPrecision: Precision
    computeDtype: ComputeDtype
    peakTflops: number
    deviceCount: number
  } | null
  promptTokens: number
  outputTokens: number
  batchSize: number
  electricityUsdPerKWh: number
  /** The request set electricityUsdPerKWh itself (rather than taking the default). */
  electricityUsdPerKWhGiven: boolean
  warnings: string[]
}

export interface ResolveOptions {
  /** Skip the compute-figure check: for memory-only questions (what fits where), which need no TFLOPS. */
  memoryOnly?: boolean
}

/** Default electricity price when the request gives none (an assumption stated in every answer). */
export const DEFAULT_ELECTRICITY_USD_PER_KWH = 0.15

type InlineModel = Exclude<EstimateRequest['model'], string>
type InlineHardware = Exclude<NonNullable<EstimateRequest['hardware']>, string>

/** LLaMA's feed-forward width rule: 2/3 of 4 × hidden, rounded up to a multiple of 256. */
export const defaultIntermediateSize = (hidden: number) => Math.ceil((8 * hidden) / 3 / 256) * 256

function inlineModel(m: InlineModel, at: string): ResolvedModel {
  const a = m.architecture
  const p = `${at}/architecture`
  if (a.attentionHeads % a.kvHeads !== 0) {
    throw unprocessable(`${p}/kvHeads`, `kvHeads (${a.kvHeads}) must divide attentionHeads (${a.attentionHeads}): each key/value head serves a whole group of query heads`)
  }
  if ((a.experts === undefined) !== (a.expertsPerToken === undefined)) {
    throw unprocessable(`${p}/${a.experts === undefined ? 'experts' : 'expertsPerToken'}`, 'experts and expertsPerToken go together for a mixture-of-experts model')
  }
  if (a.experts !== undefined && a.expertsPerToken !== undefined && a.expertsPerToken > a.experts) {
    throw unprocessable(`${p}/expertsPerToken`, `expertsPerToken (${a.expertsPerToken}) cannot exceed experts (${a.experts})`)
  }
  if (a.headDim === undefined && a.hiddenSize % a.attentionHeads !== 0) {
    throw unprocessable(`${p}/headDim`, `headDim is required when hiddenSize (${a.hiddenSize}) is not a multiple of attentionHeads (${a.attentionHeads})`)
  }
  const architecture: ModelArchitecture = {
    layers: a.layers,
    hiddenSize: a.hiddenSize,
    intermediateSize: a.intermediateSize ?? defaultIntermediateSize(a.hiddenSize),
    attentionHeads: a.attentionHeads,
    kvHeads: a.kvHeads,
    headDim: a.headDim ?? a.hiddenSize / a.attentionHeads,
    vocabSize: a.vocabSize ?? 32000,
    contextLength: a.contextLength ?? LIMITS.maxPromptTokens + LIMITS.maxOutputTokens,
    ...(a.experts !== undefined ? { experts: a.experts, expertsPerToken: a.expertsPerToken } : {}),
    ...(a.slidingWindow !== undefined ? { slidingWindow: a.slidingWindow } : {}),
    ...(a.tiedEmbeddings !== undefined ? { tiedEmbeddings: a.tiedEmbeddings } : {}),
    ...(a.gatedMlp !== undefined ? { gatedMlp: a.gatedMlp } : {})
  }
  const derived = deriveParameters(architecture)
  const parametersB = m.parametersB ?? derived.total / 1e9
  const activeParametersB = m.activeParametersB ?? (m.parametersB !== undefined && !a.experts ? m.parametersB : derived.active / 1e9)
  const embeddingsB = (architecture.vocabSize * architecture.hiddenSize) / 1e9
  if (m.parametersB !== undefined && m.parametersB < embeddingsB) {
    throw unprocessable(`${at}/parametersB`, `parametersB (${m.parametersB}) is smaller than the ${embeddingsB.toFixed(3)}B parameters of the embedding alone (vocabSize × hiddenSize)`)
  }
  if (activeParametersB > parametersB) {
    const field = m.activeParametersB !== undefined ? 'activeParametersB' : 'parametersB'
    throw unprocessable(`${at}/${field}`, `activeParametersB (${activeParametersB.toFixed(3)}${m.activeParametersB === undefined ? ', derived from the architecture' : ''}) cannot exceed parametersB (${parametersB})`)
  }
  return {
    name: m.name ?? 'inline model',
    parametersB,
    activeParametersB,
    architecture,
    openWeights: true,
    estimated: false,
    api: undefined,
    contextLength: a.contextLength,
    entry: undefined
  }
}

function catalogModel(catalog: Catalog, ref: string, at: string): ResolvedModel {
  const m = findModel(catalog, ref)
  if (!m) throw unknownId('model', ref, modelKeys(catalog), at, catalog.version)
  const a = m.architecture
  return {
    id: m.id,
    name: m.name,
    // Closed models without an architecture cannot be self-hosted; these zeros are never used for them.
    parametersB: m.parametersB ?? 0,
    activeParametersB: m.activeParametersB ?? m.parametersB ?? 0,
    architecture: a ?? { layers: 1, hiddenSize: 1, intermediateSize: 1, attentionHeads: 1, kvHeads: 1, headDim: 1, vocabSize: 1, contextLength: m.api?.contextLength ?? 1 },
    openWeights: m.openWeights,
    estimated: m.estimated === true,
    api: m.api,
    contextLength: a?.contextLength ?? m.api?.contextLength,
    entry: m
  }
}

function inlineHardware(h: InlineHardware): ResolvedHardware {
  const kind = h.kind ?? 'gpu'
  return {
    id: null,
    name: h.name ?? 'inline hardware',
    kind,
    memoryGB: h.memoryGB,
    // Unified memory keeps a share for the OS, as in the catalog's Apple entries.
    usableMemoryFraction: h.usableMemoryFraction ?? (kind === 'apple' ? 0.75 : 1),
    bandwidthGBps: h.bandwidthGBps,
    tflops: h.tflops,
    tdpW: h.tdpW,
    priceUsdPerHour: h.priceUsdPerHour,
    priceAsOf: undefined,
    interconnectGBps: h.interconnectGBps,
    dataCentre: kind === 'gpu' || kind === 'tpu',
    entry: undefined
  }
}

function catalogHardware(catalog: Catalog, ref: string, at: string): ResolvedHardware {
  const h = findHardware(catalog, ref)
  if (!h) throw unknownId('hardware', ref, hardwareKeys(catalog), at, catalog.version)
  return {
    id: h.id,
    name: h.name,
    kind: h.kind,
    memoryGB: h.memoryCapacityGB ?? h.memoryGB,
    usableMemoryFraction: h.usableMemoryFraction ?? 1,
    bandwidthGBps: h.bandwidthGBps,
    tflops: h.tflops,
    tdpW: h.tdpW,
    priceUsdPerHour: h.priceUsdPerHour,
    priceAsOf: h.priceAsOf,
    interconnectGBps: h.interconnect?.bandwidthGBps,
    dataCentre: h.dataCentre,
    entry: h
  }
}

/** Default deployment: cloud for priced data-centre hardware, local otherwise. */
export function defaultDeployment(h: Pick<ResolvedHardware, 'dataCentre' | 'priceUsdPerHour'>): Deployment {
  return h.dataCentre && h.priceUsdPerHour !== undefined ? 'cloud' : 'local'
}

/** Default engine: vLLM on data-centre accelerators, llama.cpp on consumer GPUs, Apple silicon and CPUs. */
export function defaultEngineId(h: Pick<ResolvedHardware, 'kind' | 'dataCentre'>): string {
  if (h.kind === 'tpu') return 'vllm'
  if (h.kind === 'gpu' && h.dataCentre) return 'vllm'
  return 'llama.cpp'
}

/**
 * Peak TFLOPS the hardware offers for a compute data type. fp16 and bf16 stand in for each other
 * (same tensor-core rate on every catalogued part that has both); CPUs and Apple GPUs run 16-bit
 * math at their fp32 rate when no 16-bit figure is published.
 */
export function peakTflopsFor(h: Pick<ResolvedHardware, 'kind' | 'tflops'>, dtype: ComputeDtype): number | undefined {
  const t = h.tflops
  // CPUs run 16-bit weights through their fp32 SIMD units (llama.cpp dequantizes to fp32); a CPU's
  // bf16 figure is a matrix extension (AMX) that only bf16 itself uses.
  if (h.kind === 'cpu') return dtype === 'bf16' ? (t.bf16 ?? t.fp32) : dtype === 'fp16' ? (t.fp16 ?? t.fp32) : t[dtype]
  const vectorFallback = h.kind === 'apple' ? t.fp32 : undefined
  switch (dtype) {
    case 'fp16':
      return t.fp16 ?? t.bf16 ?? vectorFallback
    case 'bf16':
      return t.bf16 ?? t.fp16 ?? vectorFallback
    case 'fp8':
      return t.fp8
    case 'int8':
      return t.int8
    case 'fp32':
      return t.fp32
  }
}

function lookupPrecision(catalog: Catalog, ref: string, at: string): Precision {
  const p = findPrecision(catalog, ref)
  if (!p) throw unknownId('precision', ref, catalog.precisionById.keys(), at, catalog.version)
  return p
}

export function resolveRequest(catalog: Catalog, req: EstimateRequest, at = '/body', options: ResolveOptions = {}): ResolvedRequest {
  const warnings: string[] = []
  const model = typeof req.model === 'string' ? catalogModel(catalog, req.model, `${at}/model`) : inlineModel(req.model, `${at}/model`)
  const requested: Deployment | undefined = req.deployment ?? (model.openWeights || req.hardware !== undefined ? undefined : 'api')
  const base = {
    catalog,
    model,
    promptTokens: req.promptTokens,
    outputTokens: req.outputTokens,
    batchSize: req.batchSize ?? 1,
    electricityUsdPerKWh: req.electricityUsdPerKWh ?? DEFAULT_ELECTRICITY_USD_PER_KWH,
    electricityUsdPerKWhGiven: req.electricityUsdPerKWh !== undefined,
    warnings
  }
  if (requested === 'api') {
    if (!model.api) throw unprocessable(`${at}/deployment`, `model "${model.id ?? model.name}" has no hosted API offer in the catalog; use deployment "cloud" or "local"`)
    if (req.hardware !== undefined) warnings.push('hardware is ignored for an api deployment: the provider chooses it')
    for (const f of ['engine', 'precision', 'kvCachePrecision'] as const) if (req[f] !== undefined) warnings.push(`${f} is ignored for an api deployment`)
    if ((req.deviceCount ?? 1) !== 1) warnings.push('deviceCount is ignored for an api deployment')
    return { ...base, deployment: 'api', selfHosted: null }
  }
  if (!model.openWeights) {
    if (!model.estimated) {
      throw unprocessable(`${at}/deployment`, `model "${model.id}" has no published weights or architecture, so it cannot be self-hosted; use deployment "api"`)
    }
    warnings.push(`model "${model.id}" is closed: its weights cannot be downloaded and its architecture is a reported estimate, so this self-hosting estimate is hypothetical and rough`)
  }
  if (req.hardware === undefined) throw unprocessable(`${at}/hardware`, `hardware is required for a ${requested ?? 'self-hosted'} deployment`)
  const hardware = typeof req.hardware === 'string' ? catalogHardware(catalog, req.hardware, `${at}/hardware`) : inlineHardware(req.hardware)
  // Rented by the hour when it is data-centre hardware with a known price; otherwise owned and paid for in electricity.
  const deployment: Deployment = requested ?? defaultDeployment(hardware)

  // bf16-only devices (TPUs) default to bf16 weights and KV cache.
  const fp16Missing = hardware.tflops.fp16 === undefined && hardware.tflops.bf16 !== undefined && hardware.kind !== 'cpu'
  const precision = lookupPrecision(catalog, req.precision ?? (fp16Missing ? 'bf16' : 'fp16'), `${at}/precision`)
  // Without an explicit engine: the hardware's default, unless the precision needs another one (GGUF → llama.cpp).
  const runsHere = (id: string) => catalog.engineById.get(id)?.hardwareKinds.includes(hardware.kind) ?? false
  const preferred = defaultEngineId(hardware)
  const engineId =
    req.engine ?? (!precision.engines || precision.engines.includes(preferred) ? preferred : (precision.engines.find(runsHere) ?? preferred))
  const engine = findEngine(catalog, engineId)
  if (!engine) throw unknownId('engine', engineId, catalog.engineById.keys(), `${at}/engine`, catalog.version)
  if (!engine.hardwareKinds.includes(hardware.kind)) {
    throw unprocessable(`${at}/engine`, `engine "${engine.id}" does not run on ${hardware.kind} hardware (it runs on ${engine.hardwareKinds.join(', ')})`)
  }
  if (precision.engines && !precision.engines.includes(engine.id)) {
    throw unprocessable(`${at}/precision`, `precision "${precision.id}" is not served by engine "${engine.id}" (it is served by ${precision.engines.join(', ')})`)
  }
  const peakTflops = peakTflopsFor(hardware, precision.computeDtype) ?? (options.memoryOnly && precision.computeDtype !== 'fp8' ? 0 : undefined)
  if (peakTflops === undefined) {
    const what = hardware.id ? `hardware "${hardware.id}"` : 'the inline hardware'
    const field = precision.computeDtype === 'fp8' || precision.computeDtype === 'fp32' ? `${at}/precision` : `${at}/hardware`
    throw unprocessable(
      field,
      precision.computeDtype === 'fp8'
        ? `precision "${precision.id}" needs FP8 matrix units, which ${what} does not have`
        : `${what} has no published ${precision.computeDtype} TFLOPS figure, so prompt processing cannot be estimated; give the hardware inline with tflops.${precision.computeDtype}`
    )
  }
  const kvPrecision = lookupPrecision(catalog, req.kvCachePrecision ?? (fp16Missing ? 'bf16' : 'fp16'), `${at}/kvCachePrecision`)
  if (!kvPrecision.usableForKvCache) {
    const kvable = catalog.precisions.filter((p) => p.usableForKvCache).map((p) => p.id)
    throw unprocessable(`${at}/kvCachePrecision`, `"${kvPrecision.id}" is not a KV-cache format; use one of ${kvable.join(', ')}`)
  }
  const kvEngines = kvPrecision.kvEngines ?? kvPrecision.engines
  if (kvEngines && !kvEngines.includes(engine.id)) {
    throw unprocessable(`${at}/kvCachePrecision`, `KV-cache format "${kvPrecision.id}" is offered by ${kvEngines.join(', ')}, not by ${engine.name}`)
  }
  if (kvPrecision.computeDtype === 'fp8' && hardware.tflops.fp8 === undefined && engine.id === 'tensorrt-llm') {
    warnings.push('an FP8 KV cache on hardware without FP8 units is stored in FP8 but computed in 16 bits')
  }

  const deviceCount = req.deviceCount ?? 1
  const a = model.architecture
  const split = splitProblem(engine, a, deviceCount)
  if (split) throw unprocessable(`${at}/deviceCount`, split)
  if (deviceCount > 1 && hardware.interconnectGBps === undefined) {
    warnings.push(`no interconnect figure for ${hardware.id ?? 'the inline hardware'}; device-to-device traffic assumes PCIe 4.0 x16 (${FALLBACK_INTERCONNECT_GBPS} GB/s per direction)`)
  }
  return { ...base, deployment, selfHosted: { hardware, engine, precision, kvPrecision, computeDtype: precision.computeDtype, peakTflops, deviceCount } }
}
