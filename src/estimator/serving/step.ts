// The time of one engine step under continuous batching: every running sequence in decode adds one
// token, and sequences still in prefill add a chunk of their prompt. A step is the roofline of what it
// does (weights read once, KV read per decoding sequence, FLOPs of every token in it) plus the
// collective of tensor parallelism and the engine's fixed and per-sequence step costs.
import { BYTES_PER_GB, FLOPS_PER_TFLOP } from '../units.js'
import { attentionFlops, decodeReadBytes, headParameters, matmulParameters, sequenceKvBytes } from '../model.js'
import { forwardCommMs, kvShare, type Efficiency, type RunSpec } from '../performance.js'

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

export interface StepTime {
  ms: number
  computeMs: number
  memoryMs: number
  commMs: number
  overheadMs: number
  bound: 'compute' | 'memory'
}

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
export function stepTimer(run: RunSpec, efficiency: Efficiency, factors: StepCostFactors): (shape: StepShape) => StepTime {
  const architecture = run.model.architecture
  const kvBits = run.kvPrecision.kvBitsPerValue ?? run.kvPrecision.bitsPerWeight
  const parallel = run.engine.multiDevice === 'tensor' ? run.deviceCount : 1
  const flopsPerMs = (run.peakTflops * FLOPS_PER_TFLOP * parallel * efficiency.compute) / 1000
  const bytesPerMs = (run.device.bandwidthGBps * BYTES_PER_GB * parallel) / 1000
  const head = headParameters(architecture)
  const bodyMatmul = matmulParameters(run.model) - head
  // KV bytes read across all devices for one sequence of `tokens` cached tokens.
  const kvReadScale = kvShare(run) * run.deviceCount
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
    const weightBytes = decodeReadBytes(run.model, run.precision, Math.max(1, tokens))
    const kvBytes = shape.decodeSequences * kvRead(shape.decodeContextTokens) + shape.prefillSequences * kvRead(shape.prefillPastTokens)
    const memoryMs = weightBytes / (bytesPerMs * efficiency.bandwidth) + kvBytes / (bytesPerMs * efficiency.kvBandwidth)
    const commMs = forwardCommMs(run, efficiency, tokens)
    const overheadMs =
      shape.decodeSequences > 0 ? efficiency.stepOverheadMs + (Math.max(0, shape.decodeSequences - 1) * factors.perSequenceStepUs) / 1000 : 0
    return {
      ms: Math.max(computeMs, memoryMs) + commMs + overheadMs,
      computeMs,
      memoryMs,
      commMs,
      overheadMs,
      bound: computeMs >= memoryMs ? 'compute' : 'memory'
    }
  }
}
