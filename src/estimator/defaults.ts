// Every default the estimator applies when a request leaves something out, in one place. Each is
// an assumption the answer states (in its fields, assumptions or warnings).
import type { Model } from '../schemas/catalog.js'
import { LIMITS } from '../schemas/estimate.js'
import type { Deployment, ResolvedHardware } from './scenario.js'

export const DEFAULT_BATCH_SIZE = 1
export const DEFAULT_DEVICE_COUNT = 1

/** Electricity price when the request gives none, USD per kWh. */
export const DEFAULT_ELECTRICITY_USD_PER_KWH = 0.15

/** Interconnect assumed when a multi-device request names hardware without one: PCIe 4.0 x16, per direction. */
export const FALLBACK_INTERCONNECT_GBPS = 32

/** Fit questions (which hardware a model fits on) count one sequence of this many tokens... */
export const FIT_CONTEXT_TOKENS = 4096
/** ...on at most this many devices. */
export const FIT_DEVICE_LIMIT = 8

/** Context for fit questions: FIT_CONTEXT_TOKENS, or the model's whole window when shorter. */
export const defaultFitContext = (model: Pick<Model, 'architecture'>) => Math.min(FIT_CONTEXT_TOKENS, model.architecture?.contextLength ?? FIT_CONTEXT_TOKENS)

/** Self-hosted deployment: rented by the hour for priced data-centre hardware, otherwise owned and paid for in electricity. */
export function defaultDeployment(hardware: Pick<ResolvedHardware, 'dataCentre' | 'priceUsdPerHour'>): Exclude<Deployment, 'api'> {
  return hardware.dataCentre && hardware.priceUsdPerHour !== undefined ? 'cloud' : 'local'
}

/**
 * Deployment of a /compare matrix row on catalog hardware: rented wherever the catalog has an hourly
 * price (consumer GPUs included), so that one comparison does not rank rental against electricity
 * costs by default. Unlike defaultDeployment, a priced consumer GPU counts as rented here.
 */
export function defaultMatrixDeployment(hardware: { priceUsdPerHour?: number | undefined }): Exclude<Deployment, 'api'> {
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

/** Share of memory usable on inline hardware: unified memory keeps a share for the OS, as in the catalog's Apple entries. */
export const defaultUsableMemoryFraction = (kind: ResolvedHardware['kind']) => (kind === 'apple' ? 0.75 : 1)

export const DEFAULT_HARDWARE_KIND = 'gpu'

/** Vocabulary of an inline model that gives none (LLaMA-2's). */
export const DEFAULT_VOCAB_SIZE = 32000

/** Context window of an inline model that gives none: long enough for any request the schema admits. */
export const DEFAULT_INLINE_CONTEXT_TOKENS = LIMITS.maxPromptTokens + LIMITS.maxOutputTokens

/** LLaMA's feed-forward width rule: 2/3 of 4 × hidden, rounded up to a multiple of 256. */
export const defaultIntermediateSize = (hiddenSize: number) => Math.ceil((8 * hiddenSize) / 3 / 256) * 256
