// The time of one engine step under continuous batching: every running sequence in decode adds one
// token, and sequences still in prefill add a chunk of their prompt. A step is the roofline of what it
// does (weights read once, KV read per decoding sequence, FLOPs of every token in it) plus the
// collective of tensor parallelism and the engine's fixed and per-sequence step costs.
import type { Efficiency } from '../physics/efficiency.js'
import { kvShare } from '../physics/memory.js'
import { attentionFlops, decodeReadBytes, headParameters, kvBitsPerValue, matmulParameters, sequenceKvBytes } from '../physics/model.js'
import { forwardCommMs, roofline, type PhaseTime } from '../physics/timing.js'
import type { SelfHostedScenario } from '../scenario.js'
import { BYTES_PER_GB, FLOPS_PER_TFLOP } from '../units.js'

/** What one step carries. Counts may be fractional: the serving model works with means. */
export interface StepShape {
  /** Sequences generating one token each in this step. */
  decodeSequences: number
  /** Mean tokens already cached by each decoding sequence. */
  decodeContextTokens: number
  /** Prompt tokens processed in this step (chunked prefill). */
  prefillTokens: number
  /** Sequences whose prompt chunks make up prefillTokens. */
  prefillSequences: number
  /** Tokens each of those sequences had already cached before its chunk. */
  prefillPastTokens: number
  /** Sequences whose last prompt chunk is in this step (their output head runs). */
  prefillFinishing: number
}

export type StepTime = PhaseTime

export const decodeOnly = (decodeSequences: number, decodeContextTokens: number): StepShape => ({
  decodeSequences,
  decodeContextTokens,
  prefillTokens: 0,
  prefillSequences: 0,
  prefillPastTokens: 0,
  prefillFinishing: 0
})

/** Per-sequence scheduling, sampling and bookkeeping cost of a step beyond the first sequence, microseconds. */
export interface StepCostFactors {
  perSequenceStepUs: number
}

/**
 * A step-time function for one run, with the run's constants computed once (the serving model
 * evaluates it many times per estimate).
 */
export function stepTimer(scenario: SelfHostedScenario, efficiency: Efficiency, factors: StepCostFactors): (shape: StepShape) => StepTime {
  const architecture = scenario.model.architecture
  const kvBits = kvBitsPerValue(scenario.kvPrecision)
  const parallel = scenario.engine.multiDevice === 'tensor' ? scenario.deviceCount : 1
  const flopsPerMs = (scenario.peakTflops * FLOPS_PER_TFLOP * parallel * efficiency.compute) / 1000
  const bytesPerMs = (scenario.hardware.bandwidthGBps * BYTES_PER_GB * parallel) / 1000
  const head = headParameters(architecture)
  const bodyMatmul = matmulParameters(scenario.model) - head
  // KV bytes read across all devices for one sequence of `tokens` cached tokens.
  const kvReadScale = kvShare(scenario) * scenario.deviceCount
  const kvRead = (tokens: number) => sequenceKvBytes(architecture, kvBits, tokens) * kvReadScale
  const decodeAttention = (context: number) => attentionFlops(architecture, context, 1)

  return (shape: StepShape): StepTime => {
    const tokens = shape.decodeSequences + shape.prefillTokens
    const chunkPerSequence = shape.prefillSequences > 0 ? shape.prefillTokens / shape.prefillSequences : 0
    const flops =
      2 * bodyMatmul * tokens +
      2 * head * (shape.decodeSequences + shape.prefillFinishing) +
      shape.decodeSequences * decodeAttention(shape.decodeContextTokens) +
      (shape.prefillSequences > 0 ? shape.prefillSequences * attentionFlops(architecture, shape.prefillPastTokens, chunkPerSequence) : 0)
    const computeMs = flops / flopsPerMs
    const weightBytes = decodeReadBytes(scenario.model, scenario.precision, Math.max(1, tokens))
    const kvBytes = shape.decodeSequences * kvRead(shape.decodeContextTokens) + shape.prefillSequences * kvRead(shape.prefillPastTokens)
    const memoryMs = weightBytes / (bytesPerMs * efficiency.bandwidth) + kvBytes / (bytesPerMs * efficiency.kvBandwidth)
    const commMs = forwardCommMs(scenario, efficiency, tokens)
    const overheadMs =
      shape.decodeSequences > 0 ? efficiency.stepOverheadMs + (Math.max(0, shape.decodeSequences - 1) * factors.perSequenceStepUs) / 1000 : 0
    return roofline(computeMs, memoryMs, commMs, overheadMs)
  }
}
