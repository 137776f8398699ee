// Every default the estimator applies when a request leaves something out, in one place. Each is
// an assumption the answer states (in its fields, assumptions or warnings).
import type { Engine, Model, Precision } from '../schemas/catalog.js'
import { LIMITS } from '../schemas/estimate.js'
import type { Deployment, EngineSettings, ResolvedHardware } from './scenario.js'

export const DEFAULT_BATCH_SIZE = 1
export const DEFAULT_DEVICE_COUNT = 1

/** Electricity price when the request gives none, USD per kWh. */
export const DEFAULT_ELECTRICITY_USD_PER_KWH = 0.15

/** Terms of owning devices when the request gives none (issue 15): straight-line amortisation over 3 years... */
export const DEFAULT_AMORTIZATION_YEARS = 3
/** ...a machine room whose cooling and power delivery add a quarter to the devices' own power (local)... */
export const DEFAULT_LOCAL_PUE = 1.25
/** ...none for a device on its own (edge: a phone, board or module)... */
export const DEFAULT_EDGE_PUE = 1
/** ...upkeep of 7.5% of the purchase price a year (the middle of the 5-10% the seeds give)... */
export const DEFAULT_MAINTENANCE_SHARE_PER_YEAR = 0.075
/** ...and a machine that runs around the clock. */
export const DEFAULT_HOURS_PER_DAY = 24

export const DEFAULT_PRICING_TIER = 'on-demand'

/** Power usage effectiveness when the request gives none. */
export const defaultPue = (deployment: 'local' | 'edge') => (deployment === 'edge' ? DEFAULT_EDGE_PUE : DEFAULT_LOCAL_PUE)

/** Interconnect assumed when a multi-device request names hardware without one: PCIe 4.0 x16, per direction. */
export const FALLBACK_INTERCONNECT_GBPS = 32

/** Fit questions (which hardware a model fits on) count one sequence of this many tokens... */
export const FIT_CONTEXT_TOKENS = 4096
/** ...on at most this many devices. */
export const FIT_DEVICE_LIMIT = 8

/** Context for fit questions: FIT_CONTEXT_TOKENS, or the model's whole window when shorter. */
export const defaultFitContext = (model: Pick<Model, 'architecture'>) => Math.min(FIT_CONTEXT_TOKENS, model.architecture?.contextLength ?? FIT_CONTEXT_TOKENS)

/** Self-hosted deployment: rented by the hour for priced data-centre hardware, on the device itself for edge hardware, otherwise owned. */
export function defaultDeployment(hardware: Pick<ResolvedHardware, 'dataCentre' | 'priceUsdPerHour' | 'kind'>): Exclude<Deployment, 'api'> {
  if (hardware.kind === 'edge') return 'edge'
  return hardware.dataCentre && hardware.priceUsdPerHour !== undefined ? 'cloud' : 'local'
}

/**
 * Deployment of a /compare matrix row on catalog hardware: rented wherever the catalog has an hourly
 * price (consumer GPUs included), so that one comparison does not rank rental against electricity
 * costs by default. Unlike defaultDeployment, a priced consumer GPU counts as rented here.
 */
export function defaultMatrixDeployment(hardware: { priceUsdPerHour?: number | undefined; kind: ResolvedHardware['kind'] }): Exclude<Deployment, 'api'> {
  if (hardware.kind === 'edge') return 'edge'
  return hardware.priceUsdPerHour !== undefined ? 'cloud' : 'local'
}

/** Engine: vLLM on data-centre accelerators, llama.cpp on consumer GPUs, Apple silicon and CPUs. */
export function defaultEngineId(hardware: Pick<ResolvedHardware, 'kind' | 'dataCentre'>): string {
  if (hardware.kind === 'tpu') return 'vllm'
  if (hardware.kind === 'gpu' && hardware.dataCentre) return 'vllm'
  return 'llama.cpp'
}

/** Weight and KV-cache precision: fp16, except bf16 on devices that publish bf16 but no fp16 rate (TPUs). */
export function defaultPrecisionId(hardware: Pick<ResolvedHardware, 'kind' | 'tflops'>): 'fp16' | 'bf16' {
  const fp16Missing = hardware.tflops.fp16 === undefined && hardware.tflops.bf16 !== undefined && hardware.kind !== 'cpu'
  return fp16Missing ? 'bf16' : 'fp16'
}

/**
 * KV-cache precision: the weights' default, except on engines whose low-precision checkpoints quantize
 * the KV cache too (TensorRT-LLM's FP8 and FP4 recipes store it in FP8).
 */
export function defaultKvPrecisionId(hardware: Pick<ResolvedHardware, 'kind' | 'tflops'>, engine: Pick<Engine, 'serving'>, precision: Pick<Precision, 'computeDtype' | 'format'>): string {
  const lowPrecisionFloat = precision.format === 'float' && (precision.computeDtype === 'fp8' || precision.computeDtype === 'fp4')
  if (lowPrecisionFloat && engine.serving?.fp8KvCacheWithLowPrecisionWeights) return 'fp8'
  return defaultPrecisionId(hardware)
}

/** Share of memory usable on inline hardware: unified memory keeps a share for the OS, as in the catalog's Apple entries. */
export const defaultUsableMemoryFraction = (kind: ResolvedHardware['kind']) => (kind === 'apple' ? 0.75 : 1)

export const DEFAULT_HARDWARE_KIND = 'gpu'

/** Vocabulary of an inline model that gives none (LLaMA-2's). */
export const DEFAULT_VOCAB_SIZE = 32000

/** Context window of an inline model that gives none: long enough for any request the schema admits. */
export const DEFAULT_INLINE_CONTEXT_TOKENS = LIMITS.maxPromptTokens + LIMITS.maxOutputTokens

/** LLaMA's feed-forward width rule: 2/3 of 4 × hidden, rounded up to a multiple of 256. */
export const defaultIntermediateSize = (hiddenSize: number) => Math.ceil((8 * hiddenSize) / 3 / 256) * 256

/**
 * The engine's defaults on this device: the last byDeviceMemory entry whose memory threshold the
 * device meets, whose tensor-parallel threshold the run meets, and that does not exclude the device,
 * replaces the sequence limit, step token budget, CUDA-graph limit and memory share (SGLang states the
 * share as memory kept outside it: 1 − reserved / device memory, reserved growing with the ranks).
 */
export function engineForDevice(engine: Engine, hardware: Pick<ResolvedHardware, 'id' | 'memoryGB'>, tensorParallel = 1): Engine {
  const rules = engine.memory.byDeviceMemory
  if (!rules) return engine
  // The answer depends on the engine entry, the device's id and its memory only; catalog devices
  // ask the same questions again and again, so each answer is kept (a bounded number per engine:
  // inline hardware can give any memory size). The engines are read, never changed, downstream.
  let answers = engineForDeviceAnswers.get(engine)
  if (!answers) engineForDeviceAnswers.set(engine, (answers = new Map()))
  const key = `${hardware.id ?? ''}|${hardware.memoryGB}|${tensorParallel}`
  const known = answers.get(key)
  if (known) return known
  const answer = engineForDeviceUncached(engine, rules, hardware, tensorParallel)
  if (answers.size < ENGINE_FOR_DEVICE_ANSWERS_PER_ENGINE) answers.set(key, answer === engine ? engine : Object.freeze({ ...answer, memory: Object.freeze(answer.memory) }))
  return answer
}

/** How many devices' engine settings are kept per engine entry (the catalog lists fewer than 100 devices). */
const ENGINE_FOR_DEVICE_ANSWERS_PER_ENGINE = 512
const engineForDeviceAnswers = new WeakMap<Engine, Map<string, Engine>>()

function engineForDeviceUncached(engine: Engine, rules: NonNullable<Engine['memory']['byDeviceMemory']>, hardware: Pick<ResolvedHardware, 'id' | 'memoryGB'>, tensorParallel: number): Engine {
  const applies = rules.filter(
    (rule) => hardware.memoryGB >= rule.minDeviceMemoryGB && tensorParallel >= (rule.minTensorParallel ?? 1) && !(hardware.id && rule.exceptHardware?.includes(hardware.id))
  )
  const rule = applies.at(-1)
  if (!rule) return engine
  const reservedGB = rule.reservedMemoryGB === undefined ? undefined : rule.reservedMemoryGB + tensorParallel * (rule.reservedMemoryPerTensorParallelRankGB ?? 0)
  const memoryFraction = rule.memoryFraction ?? (reservedGB !== undefined ? Math.max(0.05, 1 - reservedGB / hardware.memoryGB) : engine.memory.memoryFraction)
  return {
    ...engine,
    memory: {
      ...engine.memory,
      memoryFraction,
      maxTokensInFlight: rule.maxTokensInFlight ?? engine.memory.maxTokensInFlight,
      ...(rule.maxSequences !== undefined ? { maxSequences: rule.maxSequences } : {}),
      ...(rule.cudaGraphMaxBatchSize !== undefined ? { cudaGraphMaxBatchSize: rule.cudaGraphMaxBatchSize } : {})
    }
  }
}

/** The engine as it runs `deviceCount` devices of this hardware: its defaults there (tensor parallelism splits every layer over the devices; a layer split leaves each device its own layers), with the request's settings over them. */
export function engineForRun(catalogEngine: Engine, hardware: Pick<ResolvedHardware, 'id' | 'memoryGB'>, deviceCount: number, settings: EngineSettings): Engine {
  const tensorParallel = catalogEngine.multiDevice === 'tensor' ? deviceCount : 1
  return engineWithSettings(engineForDevice(catalogEngine, hardware, tensorParallel), settings)
}

/** The engine with the request's own scheduler settings over its defaults. */
export function engineWithSettings(engine: Engine, settings: EngineSettings): Engine {
  if (settings.maxRunningSequences === undefined && settings.maxBatchedTokens === undefined && settings.memoryFraction === undefined) return engine
  return {
    ...engine,
    memory: {
      ...engine.memory,
      ...(settings.maxRunningSequences !== undefined ? { maxSequences: settings.maxRunningSequences } : {}),
      ...(settings.maxBatchedTokens !== undefined ? { maxTokensInFlight: settings.maxBatchedTokens } : {}),
      ...(settings.memoryFraction !== undefined ? { memoryFraction: settings.memoryFraction } : {})
    }
  }
}
