// The one description of what is being estimated: a union keyed on deployment. An api scenario
// is a hosted model and a workload; a self-hosted one (cloud or local) adds the hardware, engine,
// precisions and device count. resolve.ts builds it; physics, report, compare and fits read it.
import type { Catalog } from '../catalog/index.js'
import type { HfConfigModel } from '../catalog/hf-config.js'
import type { ApiOffer, ComputeDtype, Engine, Hardware, HardwareKind, Model, ModelArchitecture, Precision, Tflops } from '../schemas/catalog.js'

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
  interconnectGBps: number | undefined
  dataCentre: boolean
  /** Chip generation (nvidia-ampere, ...): decides which formats run natively; undefined for inline hardware. */
  architecture?: string | undefined
  entry: Hardware | undefined
}

export type Deployment = 'cloud' | 'local' | 'api'

interface ScenarioBase {
  catalog: Catalog
  model: ResolvedModel
  promptTokens: number
  outputTokens: number
  batchSize: number
  /** What resolving the request noticed (ignored fields, fallbacks); the report adds its own after these. */
  warnings: string[]
}

export interface ApiScenario extends ScenarioBase {
  deployment: 'api'
  model: ResolvedModel & { api: ApiOffer }
  /** Share of the prompt billed at the cached-input price; absent or 0 when the request gives none. */
  cachedPromptShare?: number
}

export interface SelfHostedScenario extends ScenarioBase {
  deployment: 'cloud' | 'local'
  hardware: ResolvedHardware
  engine: Engine
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
