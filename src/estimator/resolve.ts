// request → Scenario: looks catalog ids up (or takes inline specs), applies the defaults once, and
// refuses combinations that cannot run with a problem naming the request field.
import type { Catalog } from '../catalog/index.js'
import { findEngine, findHardware, findModel, findPrecision, hardwareKeys, modelKeys } from '../catalog/lookup.js'
import type { HardwareKind, Precision } from '../schemas/catalog.js'
import type { EstimateRequest } from '../schemas/estimate.js'
import { DEFAULT_AMORTIZATION_YEARS, DEFAULT_BATCH_SIZE, DEFAULT_DEVICE_COUNT, DEFAULT_ELECTRICITY_USD_PER_KWH, DEFAULT_HOURS_PER_DAY, DEFAULT_MAINTENANCE_SHARE_PER_YEAR, DEFAULT_PRICING_TIER, FALLBACK_INTERCONNECT_GBPS, defaultDeployment, defaultPue, defaultEngineId, defaultKvPrecisionId, defaultPrecisionId, engineForRun } from './defaults.js'
import { hardwareFromEntry, hardwareFromInline, modelFromEntry, modelFromInline } from './entries.js'
import { unknownId, unprocessable } from './errors.js'
import { warn, type Warning } from './warning.js'
import { engineHardwareProblem, engineRunsOnVendor, kvPrecisionProblem, missingComputeWarning, precisionEngineProblem, precisionRoute, precisionRunsOn, splitProblem } from './rules.js'
import type { ApiScenario, Deployment, Load, OwnershipTerms, ResolvedHardware, ResolvedModel, Scenario, SelfHostedDeployment, SelfHostedScenario } from './scenario.js'
import type { PricingTier } from '../schemas/cost.js'

export interface ResolveOptions {
  /** Memory-only questions (what fits where) need no TFLOPS: say nothing about a missing compute figure. */
  memoryOnly?: boolean
}

/** A self-hosted run whose model and hardware are already resolved; the rest as the request gives it. */
export interface SelfHostedParts {
  model: ResolvedModel
  hardware: ResolvedHardware
  deployment?: SelfHostedDeployment | undefined
  precision?: string | undefined
  kvCachePrecision?: string | undefined
  engine?: string | undefined
  deviceCount?: number | undefined
  promptTokens: number
  outputTokens: number
  batchSize?: number | undefined
  electricityUsdPerKWh?: number | undefined
  load?: Load | null | undefined
  maxRunningSequences?: number | undefined
  maxBatchedTokens?: number | undefined
  memoryFraction?: number | undefined
  pricing?: PricingTier | undefined
  purchasePriceUsd?: number | undefined
  amortizationYears?: number | undefined
  pue?: number | undefined
  maintenanceShareOfHardwarePerYear?: number | undefined
  hoursPerDay?: number | undefined
}

/** Request fields that set the terms of owning or renting devices (the answer says which ones a deployment ignores). */
export const COST_TERM_FIELDS = ['pricing', 'purchasePriceUsd', 'amortizationYears', 'pue', 'maintenanceShareOfHardwarePerYear', 'hoursPerDay'] as const

/** The terms of owning the devices: the request's, else the defaults; the price the request's, else the catalog's. */
function ownershipTerms(parts: SelfHostedParts, deployment: SelfHostedDeployment): OwnershipTerms {
  const catalogPrice = parts.hardware.purchasePriceUsd
  return {
    purchasePriceUsd: parts.purchasePriceUsd ?? catalogPrice,
    purchasePriceBasis: parts.purchasePriceUsd !== undefined ? 'request' : parts.hardware.purchasePriceBasis ?? (catalogPrice !== undefined ? 'list' : undefined),
    amortizationYears: parts.amortizationYears ?? DEFAULT_AMORTIZATION_YEARS,
    pue: parts.pue ?? defaultPue(deployment === 'edge' ? 'edge' : 'local'),
    maintenanceShareOfHardwarePerYear: parts.maintenanceShareOfHardwarePerYear ?? DEFAULT_MAINTENANCE_SHARE_PER_YEAR,
    hoursPerDay: parts.hoursPerDay ?? DEFAULT_HOURS_PER_DAY
  }
}

/** The load a request describes: closed loop, open loop or none; each excludes the others and batchSize. */
export function loadOf(request: Pick<EstimateRequest, 'concurrency' | 'requestsPerSecond' | 'batchSize'>, at: string): Load | null {
  const { concurrency, requestsPerSecond, batchSize } = request
  if (concurrency !== undefined && requestsPerSecond !== undefined) {
    throw unprocessable(`${at}/requestsPerSecond`, 'give either concurrency (a closed loop of clients) or requestsPerSecond (an open loop of arrivals), not both')
  }
  if (batchSize !== undefined && (concurrency !== undefined || requestsPerSecond !== undefined)) {
    throw unprocessable(`${at}/batchSize`, `batchSize (a static batch arriving at once) cannot be combined with ${concurrency !== undefined ? 'concurrency' : 'requestsPerSecond'} (a load served by continuous batching)`)
  }
  if (concurrency !== undefined) return { kind: 'closed', concurrency }
  if (requestsPerSecond !== undefined) return { kind: 'open', requestsPerSecond }
  return null
}

function lookupPrecision(catalog: Catalog, ref: string, at: string): Precision {
  const precision = findPrecision(catalog, ref)
  if (!precision) throw unknownId('precision', ref, catalog.precisionById.keys(), at, catalog.version)
  return precision
}

/** The engine a request gets without naming one: the hardware's default, unless the precision needs another (GGUF → llama.cpp). */
function defaultEngineFor(catalog: Catalog, hardware: ResolvedHardware, precision: Precision): string {
  const preferred = defaultEngineId(hardware)
  if (!precision.engines || precision.engines.includes(preferred)) return preferred
  const runsHere = (id: string) => {
    const engine = catalog.engineById.get(id)
    return engine !== undefined && engineHardwareProblem(engine, { kind: hardware.kind, name: hardware.name, vendor: hardware.entry?.vendor }) === undefined
  }
  return precision.engines.find(runsHere) ?? preferred
}

/** The ids of the catalog's engines that run on a kind of hardware of a maker, in catalog order, worked out once per catalog, kind and maker. */
const enginesByKind = new WeakMap<Catalog, Map<string, readonly string[]>>()
function enginesRunningOn(catalog: Catalog, kind: HardwareKind, vendor: string | undefined): readonly string[] {
  let byKind = enginesByKind.get(catalog)
  if (!byKind) enginesByKind.set(catalog, (byKind = new Map()))
  const key = `${kind}|${vendor ?? ''}`
  let ids = byKind.get(key)
  if (!ids) byKind.set(key, (ids = Object.freeze(catalog.engines.filter((e) => e.hardwareKinds.includes(kind) && engineRunsOnVendor(e, vendor)).map((e) => e.id))))
  return ids
}

/**
 * The precision a request gets without naming one: the format the model's weights are published in,
 * where this hardware and engine run it; otherwise the hardware's 16-bit default, said in a warning.
 */
function defaultPrecisionFor(catalog: Catalog, parts: SelfHostedParts, warnings: Warning[]): string {
  const { model, hardware } = parts
  const fallback = defaultPrecisionId(hardware)
  const native = model.nativePrecision && findPrecision(catalog, model.nativePrecision.precisionId)
  if (!native) return fallback
  const engines = parts.engine !== undefined ? [parts.engine] : enginesRunningOn(catalog, hardware.kind, hardware.entry?.vendor)
  const served = !native.engines || native.engines.some((id) => engines.includes(id))
  if (served && precisionRunsOn(native, hardware, native.engines ? engines.filter((id) => native.engines!.includes(id)) : engines)) return native.id
  const where = `${hardware.id ?? 'the inline hardware'}${parts.engine !== undefined ? ` with ${parts.engine}` : ''}`
  warnings.push(warn('native-precision-unsupported', `${model.name} is published in ${native.id}, which ${where} cannot run; estimated at ${fallback} (name a precision to choose another)`))
  return fallback
}

/**
 * The model with the bits of the weights an expert-only format leaves out: its native one (gpt-oss:
 * bf16 beside MXFP4 experts), or a precision the engines apply to routed experts only (catalog
 * expertsOnly: MXFP4, as vLLM's MXFP4 method runs it), which a model without experts cannot be run in.
 */
function withExpertScope(catalog: Catalog, model: ResolvedModel, precision: Precision, at: string): ResolvedModel {
  const native = model.nativePrecision
  const scope =
    native?.scope === 'experts' && native.nonExpertPrecisionId !== undefined && native.precisionId === precision.id
      ? native.nonExpertPrecisionId
      : precision.expertsOnly?.nonExpertPrecision
  if (scope === undefined) return model
  if (!model.architecture.experts) {
    throw unprocessable(
      `${at}/precision`,
      `${precision.id} covers the routed experts of a mixture-of-experts model only, as the engines run it (vLLM's MXFP4 method leaves every other layer unquantized), and ${model.id ?? model.name} has no experts; choose nvfp4, fp8 or an integer format`
    )
  }
  const other = findPrecision(catalog, scope)
  if (!other) return model
  return { ...model, expertScopedPrecision: { precisionId: precision.id, nonExpertBitsPerWeight: other.bitsPerWeight } }
}

/** Completes and checks a self-hosted run; `warnings` may already hold what resolving the model noticed. */
export function selfHostedScenario(catalog: Catalog, parts: SelfHostedParts, at = '/body', options: ResolveOptions = {}, warnings: Warning[] = []): SelfHostedScenario {
  const { hardware } = parts
  const precision = lookupPrecision(catalog, parts.precision ?? defaultPrecisionFor(catalog, parts, warnings), `${at}/precision`)
  const model = withExpertScope(catalog, parts.model, precision, at)
  const engineId = parts.engine ?? defaultEngineFor(catalog, hardware, precision)
  const catalogEngine = findEngine(catalog, engineId)
  if (!catalogEngine) throw unknownId('engine', engineId, catalog.engineById.keys(), `${at}/engine`, catalog.version)
  const settings = { maxRunningSequences: parts.maxRunningSequences, maxBatchedTokens: parts.maxBatchedTokens, memoryFraction: parts.memoryFraction }
  const engine = engineForRun(catalogEngine, hardware, parts.deviceCount ?? DEFAULT_DEVICE_COUNT, settings)
  const engineProblem = engineHardwareProblem(engine, { kind: hardware.kind, name: hardware.name, vendor: hardware.entry?.vendor })
  if (engineProblem) throw unprocessable(`${at}/engine`, engineProblem)
  const precisionProblem = precisionEngineProblem(precision, engine)
  if (precisionProblem) throw unprocessable(`${at}/precision`, precisionProblem)
  const route = precisionRoute(hardware, precision, engine.id)
  if (route.kind === 'unsupported') throw unprocessable(`${at}/precision`, route.detail)
  if (route.kind === 'fallback') {
    warnings.push(
      warn('precision-fallback-kernel', `${hardware.name} has no native ${precision.computeDtype.toUpperCase()} matrix units: ${engine.name} runs ${precision.id} through ${route.fallback.kernel}; the weights keep ${precision.bitsPerWeight} bits per weight, the matrix math runs at ${route.computeDtype}`)
    )
  }
  if (route.kind === 'no-rate' && !options.memoryOnly) warnings.push(warn('compute-unknown', missingComputeWarning(hardware, route.computeDtype)))
  const peakTflops = route.kind === 'no-rate' ? 0 : route.peakTflops
  const kvPrecision = lookupPrecision(catalog, parts.kvCachePrecision ?? defaultKvPrecisionId(hardware, engine, precision), `${at}/kvCachePrecision`)
  const kvProblem = kvPrecisionProblem(kvPrecision, engine, catalog.precisions)
  if (kvProblem) throw unprocessable(`${at}/kvCachePrecision`, kvProblem)
  if (kvPrecision.computeDtype === 'fp8' && hardware.tflops.fp8 === undefined && engine.id === 'tensorrt-llm') {
    warnings.push(warn('fp8-kv-emulated', 'an FP8 KV cache on hardware without FP8 units is stored in FP8 but computed in 16 bits'))
  }
  const deployment = parts.deployment ?? defaultDeployment(hardware)
  if (deployment === 'edge' && hardware.dataCentre) {
    throw unprocessable(`${at}/deployment`, `an edge deployment runs the model on the device itself (a phone, board or module); ${hardware.id ?? 'the inline hardware'} is data-centre hardware: use deployment "cloud" or "local"`)
  }
  const deviceCount = parts.deviceCount ?? DEFAULT_DEVICE_COUNT
  const split = splitProblem(engine, model.architecture, deviceCount)
  if (split) throw unprocessable(`${at}/deviceCount`, split)
  if (deviceCount > 1 && hardware.interconnectGBps === undefined) {
    warnings.push(warn('interconnect-assumed', `no interconnect figure for ${hardware.id ?? 'the inline hardware'}; device-to-device traffic assumes PCIe 4.0 x16 (${FALLBACK_INTERCONNECT_GBPS} GB/s per direction)`))
  }
  return {
    catalog,
    model,
    deployment,
    hardware,
    pricing: parts.pricing ?? DEFAULT_PRICING_TIER,
    ownership: ownershipTerms(parts, deployment),
    costTermsGiven: COST_TERM_FIELDS.filter((field) => parts[field] !== undefined),
    engine,
    engineSource: { catalogEngine, settings },
    precision,
    kvPrecision,
    computeDtype: route.computeDtype,
    peakTflops,
    deviceCount,
    promptTokens: parts.promptTokens,
    outputTokens: parts.outputTokens,
    batchSize: parts.batchSize ?? DEFAULT_BATCH_SIZE,
    load: parts.load ?? null,
    electricityUsdPerKWh: parts.electricityUsdPerKWh ?? DEFAULT_ELECTRICITY_USD_PER_KWH,
    electricityUsdPerKWhGiven: parts.electricityUsdPerKWh !== undefined,
    warnings
  }
}

function apiScenario(catalog: Catalog, model: ResolvedModel, request: EstimateRequest, at: string): ApiScenario {
  const api = model.api
  if (!api) throw unprocessable(`${at}/deployment`, `model "${model.id ?? model.name}" has no hosted API offer in the catalog; use deployment "cloud", "local" or "edge"`)
  const warnings: Warning[] = []
  if (request.hardware !== undefined) warnings.push(warn('api-field-ignored', 'hardware is ignored for an api deployment: the provider chooses it'))
  for (const field of ['engine', 'precision', 'kvCachePrecision', 'maxRunningSequences', 'maxBatchedTokens', 'memoryFraction', 'electricityUsdPerKWh', ...COST_TERM_FIELDS] as const) {
    if (request[field] !== undefined) warnings.push(warn('api-field-ignored', `${field} is ignored for an api deployment`))
  }
  if ((request.deviceCount ?? DEFAULT_DEVICE_COUNT) !== 1) warnings.push(warn('api-field-ignored', 'deviceCount is ignored for an api deployment'))
  if (loadOf(request, at)) warnings.push(warn('api-field-ignored', 'concurrency and requestsPerSecond describe a self-hosted server; an api deployment is served by the provider, so each request is estimated on its own'))
  const cachedPromptShare = request.cachedPromptShare ?? 0
  if (cachedPromptShare > 0) {
    if (!catalog.models.some((entry) => entry.api?.cachedInputUsdPerMTok !== undefined)) {
      throw unprocessable(
        `${at}/catalogVersion`,
        `catalog ${catalog.version} records no cached-input prices, so cachedPromptShare cannot be priced; ask a newer catalogVersion (cached prices arrived in 2026.12.0)`
      )
    }
    if (api.cachedInputUsdPerMTok === undefined) warnings.push(warn('cached-price-unknown', `no published cached-input price for ${model.id ?? model.name}: its cached prompt tokens are billed at the full input price`))
  }
  return {
    catalog,
    model: { ...model, api },
    deployment: 'api',
    promptTokens: request.promptTokens,
    outputTokens: request.outputTokens,
    batchSize: request.batchSize ?? DEFAULT_BATCH_SIZE,
    load: null,
    cachedPromptShare,
    warnings
  }
}

/** A catalog model by id or alias (a 422 suggesting close ids when unknown), or an inline one. */
function resolveModel(catalog: Catalog, given: EstimateRequest['model'], at: string): ResolvedModel {
  if (typeof given !== 'string') return modelFromInline(given, at)
  const entry = findModel(catalog, given)
  if (!entry) throw unknownId('model', given, modelKeys(catalog), at, catalog.version)
  return modelFromEntry(entry)
}

/** Catalog hardware by id or alias, or inline hardware. */
function resolveHardware(catalog: Catalog, given: NonNullable<EstimateRequest['hardware']>, at: string): ResolvedHardware {
  if (typeof given !== 'string') return hardwareFromInline(given)
  const entry = findHardware(catalog, given)
  if (!entry) throw unknownId('hardware', given, hardwareKeys(catalog), at, catalog.version)
  return hardwareFromEntry(entry)
}

/** The scenario a request describes; throws EstimateError (404/422 naming the field) when it cannot be estimated. */
export function resolveScenario(catalog: Catalog, request: EstimateRequest, at = '/body', options: ResolveOptions = {}): Scenario {
  const model = resolveModel(catalog, request.model, `${at}/model`)
  // A model without open weights is served by its provider unless the request asks for hardware.
  const requested: Deployment | undefined = request.deployment ?? (model.openWeights || request.hardware !== undefined ? undefined : 'api')
  if (requested === 'api') return apiScenario(catalog, model, request, at)
  const warnings: Warning[] = []
  if ((request.cachedPromptShare ?? 0) > 0) warnings.push(warn('cached-share-ignored', 'cachedPromptShare only changes API prices; prefix caching on self-hosted engines is not modelled, so it is ignored here'))
  if (!model.openWeights) {
    if (!model.estimated) {
      // Named at the field that asked for self-hosting: the deployment when given, else the hardware.
      throw request.deployment !== undefined
        ? unprocessable(`${at}/deployment`, `model "${model.id}" has no published weights or architecture, so it cannot be self-hosted; use deployment "api"`)
        : unprocessable(`${at}/hardware`, `model "${model.id}" has no published weights or architecture, so it cannot run on hardware; leave hardware out to estimate its API`)
    }
    warnings.push(warn('closed-model-hypothetical', `model "${model.id}" is closed: its weights cannot be downloaded and its architecture is a reported estimate, so this self-hosting estimate is hypothetical and rough`))
  }
  if (request.hardware === undefined) throw unprocessable(`${at}/hardware`, `hardware is required for ${requested === 'edge' ? 'an edge' : `a ${requested ?? 'self-hosted'}`} deployment`)
  const hardware = resolveHardware(catalog, request.hardware, `${at}/hardware`)
  // Written out field by field, not `{ ...request, model, ... }`: a spread of the parsed body (whose
  // keys vary from request to request) followed by new fields builds a new object shape on every
  // call, and every later read of `parts` then misses V8's inline caches (~10% of a request's CPU).
  // `satisfies` makes a field added to SelfHostedParts but not written here a compile error.
  const parts: SelfHostedParts = {
    model,
    hardware,
    deployment: requested,
    precision: request.precision,
    kvCachePrecision: request.kvCachePrecision,
    engine: request.engine,
    deviceCount: request.deviceCount,
    promptTokens: request.promptTokens,
    outputTokens: request.outputTokens,
    batchSize: request.batchSize,
    electricityUsdPerKWh: request.electricityUsdPerKWh,
    load: loadOf(request, at),
    maxRunningSequences: request.maxRunningSequences,
    maxBatchedTokens: request.maxBatchedTokens,
    memoryFraction: request.memoryFraction,
    pricing: request.pricing,
    purchasePriceUsd: request.purchasePriceUsd,
    amortizationYears: request.amortizationYears,
    pue: request.pue,
    maintenanceShareOfHardwarePerYear: request.maintenanceShareOfHardwarePerYear,
    hoursPerDay: request.hoursPerDay
  } satisfies Record<keyof SelfHostedParts, unknown>
  return selfHostedScenario(catalog, parts, at, options, warnings)
}
