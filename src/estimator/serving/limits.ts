// How many sequences a continuous-batching engine runs at once, and how many tokens one step may
// carry: the engine's own sequence limit, and how many sequences' KV cache its pool holds.
import { kvShare, type MemoryResult } from '../physics/memory.js'
import { kvBitsPerValue, sequenceKvBytes } from '../physics/model.js'
import type { SelfHostedScenario } from '../scenario.js'

export type KvReservation = 'full-length' | 'current-length'

export interface SchedulerLimits {
  /** Sequences that run at once: min(engine limit, sequences whose KV fits). */
  maxRunningSequences: number
  /** The engine's own limit on running sequences. */
  engineSequenceLimit: number
  /** Sequences whose KV cache fits the pool, counted as the engine reserves it. */
  kvSequenceLimit: number
  /** Prompt and decode tokens one step may carry (chunked-prefill budget). */
  maxBatchedTokens: number
  limitedBy: 'engine-sequence-limit' | 'kv-cache'
}

/**
 * Tokens of KV the engine holds for each running sequence: TensorRT-LLM's default scheduler admits a
 * request only when its full prompt + output fits (no eviction); vLLM and SGLang allocate blocks as
 * sequences grow, so on average a running sequence holds its prompt plus half its output.
 */
export function kvTokensPerRunningSequence(reservation: KvReservation, promptTokens: number, outputTokens: number): number {
  return reservation === 'full-length' ? promptTokens + outputTokens : promptTokens + outputTokens / 2
}

export function schedulerLimits(
  scenario: SelfHostedScenario,
  memory: Pick<MemoryResult, 'kvPoolPerDeviceBytes'>,
  engineSequenceLimit: number,
  maxBatchedTokens: number,
  reservation: KvReservation
): SchedulerLimits {
  const kvBits = kvBitsPerValue(scenario.kvPrecision)
  const tokens = kvTokensPerRunningSequence(reservation, scenario.promptTokens, scenario.outputTokens)
  const perSequenceOnDevice = sequenceKvBytes(scenario.model.architecture, kvBits, tokens) * kvShare(scenario)
  const kvSequenceLimit = memory.kvPoolPerDeviceBytes > 0 && perSequenceOnDevice > 0 ? Math.floor(memory.kvPoolPerDeviceBytes / perSequenceOnDevice) : 0
  const maxRunningSequences = Math.max(0, Math.min(engineSequenceLimit, kvSequenceLimit))
  return {
    maxRunningSequences,
    engineSequenceLimit,
    kvSequenceLimit,
    maxBatchedTokens,
    limitedBy: kvSequenceLimit < engineSequenceLimit ? 'kv-cache' : 'engine-sequence-limit'
  }
}
