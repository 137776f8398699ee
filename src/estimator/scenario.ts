// The one description of what is being estimated: a union keyed on deployment. An api scenario
// is a hosted model and a workload; a self-hosted one (cloud or local) adds the hardware, engine,
// precisions and device count. resolve.ts builds it; physics, report, compare and fits read it.
import type { Catalog } from '../catalog/index.js'
import type { Warning } from './warning.js'
import type { HfConfigModel } from '../catalog/hf-config.js'
import type { ApiOffer, ComputeDtype, Engine, Hardware, HardwareKind, Model, ModelArchitecture, Precision, RentalPrice, Tflops } from '../schemas/catalog.js'
import type { PricingTier } from '../schemas/cost.js'

/** The model as the physics sees it, whether it came from the catalog or inline. */
export interface ModelSpec {
  id?: string
  name: string
  parametersB: number
  activeParametersB: number
  architecture: ModelArchitecture
  /**
   * The checkpoint stores only the routed experts in this precision (gpt-oss: MXFP4); whenever the
   * weights are in it, every other weight keeps nonExpertBitsPerWeight bits (bf16: 16).
   */
  expertScopedPrecision?: { precisionId: string; nonExpertBitsPerWeight: number } | undefined
}

/** The bits the physics needs from a precision entry. */
export interface PrecisionSpec {
  id: string
  bitsPerWeight: number
  embeddingsBitsPerWeight?: number
  kvBitsPerValue?: number
}

/** The format the model's weights are published in (its default precision), and which weights it covers. */
export interface NativePrecision {
  precisionId: string
  scope: 'all' | 'experts'
  /** With scope experts: the precision of every other weight. */
  nonExpertPrecisionId: string | undefined
}

export interface ResolvedModel extends ModelSpec {
  /** Undefined when the catalog entry or config does not say (older entries): the hardware's 16-bit default applies. */
  nativePrecision?: NativePrecision | undefined
  /** What was read from the request's hfConfig, echoed in the answer; undefined for other models. */
  fromHfConfig?: HfConfigModel | undefined
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
  priceProvider: string | undefined
  /** Dated on-demand, spot and reserved prices (catalog hardware only). */
  rentalPrices: RentalPrice[]
  purchasePriceUsd: number | undefined
  purchasePriceAsOf: string | undefined
  purchasePriceBasis: 'list' | 'street' | undefined
  interconnectGBps: number | undefined
  /** Measured all-reduce bus bandwidth of a multi-device server of this kind, GB/s (catalog hardware only). */
  allReduceBusGBps?: number | undefined
  dataCentre: boolean
  /** Chip generation (nvidia-ampere, ...): decides which formats run natively; undefined for inline hardware. */
  architecture?: string | undefined
  entry: Hardware | undefined
}

/** Scheduler settings a request may give over the engine's defaults. */
export interface EngineSettings {
  maxRunningSequences?: number | undefined
  maxBatchedTokens?: number | undefined
  memoryFraction?: number | undefined
}

export type Deployment = 'cloud' | 'local' | 'edge' | 'api'
export type SelfHostedDeployment = Exclude<Deployment, 'api'>

/** Terms of owning devices (local, edge): how their purchase, upkeep and power turn into a cost per running hour. */
export interface OwnershipTerms {
  /** Price of one device: the request's, else the catalog's; undefined when neither is known. */
  purchasePriceUsd: number | undefined
  purchasePriceBasis: 'list' | 'street' | 'request' | undefined
  amortizationYears: number
  pue: number
  maintenanceShareOfHardwarePerYear: number
  hoursPerDay: number
}

/** Load on one deployment: N clients in a closed loop, or Poisson arrivals at a rate. */
export type Load = { kind: 'closed'; concurrency: number } | { kind: 'open'; requestsPerSecond: number }

interface ScenarioBase {
  catalog: Catalog
  model: ResolvedModel
  promptTokens: number
  outputTokens: number
  batchSize: number
  /** The load to serve, when the request gives one (concurrency or requestsPerSecond). */
  load: Load | null
  /** What resolving the request noticed (ignored fields, fallbacks); the report adds its own after these. */
  warnings: Warning[]
}

export interface ApiScenario extends ScenarioBase {
  deployment: 'api'
  model: ResolvedModel & { api: ApiOffer }
  /** Share of the prompt billed at the cached-input price; absent or 0 when the request gives none. */
  cachedPromptShare?: number
}

export interface SelfHostedScenario extends ScenarioBase {
  deployment: SelfHostedDeployment
  hardware: ResolvedHardware
  /** Rental price tier (cloud). */
  pricing: PricingTier
  ownership: OwnershipTerms
  /** Cost fields the request set itself, so that the answer can say which ones this deployment ignores. */
  costTermsGiven: string[]
  /** The engine with its defaults for this device and device count, and the request's settings applied. */
  engine: Engine
  /**
   * The catalog's engine and the request's settings, from which `engine` was made: another device
   * count can have other defaults (SGLang's from tensor parallel 4), see engineForRun. Absent in
   * hand-made scenarios, which keep `engine` at every count.
   */
  engineSource?: { catalogEngine: Engine; settings: EngineSettings }
  precision: Precision
  kvPrecision: Precision
  /** The data type the matrix math runs in: the precision's own, or a fallback kernel's wider one. */
  computeDtype: ComputeDtype
  /** Peak TFLOPS of one device in computeDtype; 0 when the device has no figure for it (then prompt processing is not estimated). */
  peakTflops: number
  deviceCount: number
  electricityUsdPerKWh: number
  /** The request set electricityUsdPerKWh itself (rather than taking the default). */
  electricityUsdPerKWhGiven: boolean
}

export type Scenario = ApiScenario | SelfHostedScenario
