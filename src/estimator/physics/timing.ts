// Roofline timing of prefill and decode for a self-hosted scenario: each phase takes the longer of
// its compute and its memory traffic, plus device-to-device communication and fixed engine costs.
import { FALLBACK_INTERCONNECT_GBPS } from '../defaults.js'
import type { SelfHostedScenario } from '../scenario.js'
import { BYTES_PER_GB, FLOPS_PER_TFLOP } from '../units.js'
import { matmulEfficiency, stepOverheadMsFor, type Efficiency } from './efficiency.js'
import { kvShare } from './memory.js'
import { attentionFlops, decodeReadBytes, expectedDistinctExperts, expertParameters, headParameters, kvBitsPerValue, layerSplit, matmulParameters, moeLayerCount, sequenceKvBytes } from './model.js'

export interface PhaseTime {
  ms: number
  computeMs: number
  memoryMs: number
  commMs: number
  bound: 'compute' | 'memory'
}

/** The roofline: a phase lasts as long as the slower of compute and memory, plus communication and fixed overhead. */
export function roofline(computeMs: number, memoryMs: number, commMs: number, overheadMs: number): PhaseTime {
  return { ms: Math.max(computeMs, memoryMs) + commMs + overheadMs, computeMs, memoryMs, commMs, bound: computeMs >= memoryMs ? 'compute' : 'memory' }
}

/** Devices whose bandwidth and compute work at the same time: all of them under tensor parallelism, one at a time under a layer split. */
const parallelDevices = (scenario: SelfHostedScenario) => (scenario.engine.multiDevice === 'tensor' ? scenario.deviceCount : 1)

/** The device has a peak-compute figure for the scenario's data type (without one only memory-bound phases can be timed). */
export const computeKnown = (scenario: SelfHostedScenario) => scenario.peakTflops > 0

/**
 * Time to move `bytes` between devices for one collective step (ring all-reduce, or a layer hand-off).
 * A ring all-reduce sends 2(n−1)/n of the buffer over each device's link: at the measured all-reduce
 * bus bandwidth where the catalog has one (nccl-tests' busbw is defined on that same 2(n−1)/n
 * traffic), else at the link rate. A layer hand-off is one point-to-point copy at the link rate.
 */
export function collectiveMs(scenario: SelfHostedScenario, efficiency: Pick<Efficiency, 'collectiveLatencyMs' | 'collectiveLatencyDevices'>, bytes: number): number {
  const devices = scenario.deviceCount
  if (devices <= 1) return 0
  const linkGBps = scenario.hardware.interconnectGBps ?? FALLBACK_INTERCONNECT_GBPS
  if (scenario.engine.multiDevice === 'tensor') {
    const busBytesPerSecond = (scenario.hardware.allReduceBusGBps ?? linkGBps) * BYTES_PER_GB
    return ((2 * (devices - 1)) / devices) * (bytes / busBytesPerSecond) * 1000 + efficiency.collectiveLatencyMs * allReduceLatencyShare(devices, efficiency.collectiveLatencyDevices)
  }
  return (bytes / (linkGBps * BYTES_PER_GB)) * 1000 + efficiency.collectiveLatencyMs
}

/**
 * Latency of a small all-reduce over `devices` devices as a share of its latency over
 * `referenceDevices` (the count an engine's collectiveLatencyUs was fitted for; undefined: the same
 * latency at every count): a ring passes the buffer through 2(n-1) hops. nccl-tests issue 123
 * measured 10 µs on two A100s rising by about 4 µs per added device to 33.7 µs on eight, a fixed
 * 6.1 µs plus 3.95 µs per further device; the same shape scales the fitted figure down to fewer
 * devices. It is not carried past the fitted count: that measurement stops at one eight-GPU server,
 * and links between servers are not modelled, so more devices pay the fitted figure.
 */
export function allReduceLatencyShare(devices: number, referenceDevices: number | undefined): number {
  if (referenceDevices === undefined || devices >= referenceDevices) return 1
  const ringUs = (count: number) => RING_FIXED_US + RING_PER_DEVICE_US * (count - 1)
  return ringUs(devices) / ringUs(referenceDevices)
}
const RING_FIXED_US = 6.1
const RING_PER_DEVICE_US = 3.95

/** Communication of one forward pass over `tokens` tokens: two all-reduces per layer (TP) or n-1 hand-offs (layer split). */
export function forwardCommMs(scenario: SelfHostedScenario, efficiency: Efficiency, tokens: number): number {
  if (scenario.deviceCount <= 1) return 0
  const bytes = tokens * scenario.model.architecture.hiddenSize * 2
  const steps = scenario.engine.multiDevice === 'tensor' ? 2 * scenario.model.architecture.layers : scenario.deviceCount - 1
  return steps * collectiveMs(scenario, efficiency, bytes)
}

/**
 * What one forward pass (an engine step) carries: sequences decoding one token each, and prompt
 * tokens of sequences still in prefill. Counts may be fractional: the serving model works with means.
 * A batch-1 prompt pass and a static-batch decode step are its two simplest cases.
 */
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
  /**
   * Rows of each matrix multiply when the pass runs as several engine steps (a batch prefill in
   * chunks of the engine's token budget): the tokens of one chunk. Absent: every token of the pass.
   */
  matmulRows?: number
  /**
   * Share of a decode-only step's occurrences whose batch runs past the engine's captured CUDA graphs,
   * when decodeSequences is a mean over steps whose count varies (the serving model). Absent: the
   * count is exact, and the step runs eagerly when it exceeds the graphs' largest batch.
   */
  graphOverflowShare?: number
}

export const decodeOnly = (decodeSequences: number, decodeContextTokens: number): StepShape => ({
  decodeSequences,
  decodeContextTokens,
  prefillTokens: 0,
  prefillSequences: 0,
  prefillPastTokens: 0,
  prefillFinishing: 0
})

/** The roofline terms of one forward pass, before fixed costs: compute, weight reads, KV reads, communication (ms). */
export interface PassTerms {
  computeMs: number
  weightMs: number
  kvMs: number
  commMs: number
  /** Fixed cost of the routed experts the pass touches (per expert per MoE layer), a step overhead. */
  expertOverheadMs: number
}

export interface PassCost {
  terms: (shape: StepShape) => PassTerms
  /** Time to read the weights a pass of `tokens` tokens routes to, once. */
  weightReadMs: (tokens: number) => number
  /** Fixed cost of the distinct routed experts a pass of `tokens` tokens touches in every MoE layer. */
  expertOverheadMs: (tokens: number) => number
}

/** Share of the peak the run's matrix multiplies reach: in FP4 (only where the device runs FP4 natively) their own share of the FP4 peak. */
export function computeEfficiency(scenario: Pick<SelfHostedScenario, 'computeDtype'>, efficiency: Pick<Efficiency, 'compute' | 'fp4Compute'>): number {
  return scenario.computeDtype === 'fp4' ? (efficiency.fp4Compute ?? efficiency.compute) : efficiency.compute
}

/**
 * The one home of the roofline terms of a forward pass: FLOPs of every token (2 × matmul parameters,
 * the output head only for tokens that produce a token, attention over what is cached), weights read
 * once for the experts the tokens route to, every sequence's KV read, and the collectives of several
 * devices. Constants of the run are computed once (the serving model evaluates a pass many times).
 */
export function passCost(scenario: SelfHostedScenario, efficiency: Efficiency): PassCost {
  const architecture = scenario.model.architecture
  const kvBits = kvBitsPerValue(scenario.kvPrecision)
  const parallel = parallelDevices(scenario)
  const compute = computeEfficiency(scenario, efficiency)
  const flopsPerMs = computeKnown(scenario) ? (scenario.peakTflops * FLOPS_PER_TFLOP * parallel * compute) / 1000 : Infinity
  const bytesPerMs = (scenario.hardware.bandwidthGBps * BYTES_PER_GB * parallel) / 1000
  const head = headParameters(architecture)
  const bodyMatmul = matmulParameters(scenario.model) - head
  // Routed-expert parameters one token runs (its top-k in every MoE layer): their multiplies have the
  // tokens routed to each expert as rows, the rest of the model every token of the step.
  const topK = architecture.experts && architecture.expertsPerToken ? architecture.expertsPerToken : 0
  const routedMatmul = topK > 0 ? Math.min(bodyMatmul, moeLayerCount(architecture) * topK * expertParameters(architecture)) : 0
  // Time of `flops` in matrix multiplies of `rows` rows, at the share of the peak their size reaches.
  const matmulMs = (flops: number, rows: number) => (flops > 0 ? (flops / flopsPerMs) * (compute / matmulEfficiency(rows, compute, efficiency)) : 0)
  // KV bytes read across all devices for one sequence of `tokens` cached tokens.
  const kvReadScale = kvShare(scenario) * scenario.deviceCount
  const split = layerSplit(architecture)
  const kvRead = (tokens: number) => sequenceKvBytes(architecture, kvBits, tokens, split) * kvReadScale
  const weightReadMs = (tokens: number) => decodeReadBytes(scenario.model, scenario.precision, Math.max(1, tokens)) / (bytesPerMs * efficiency.bandwidth)
  // Grouped expert kernels pay per expert they run (its tile scheduling, weight load and reduction),
  // not only per FLOP: one token touches its top-k experts, a large step nearly all of them.
  const moeLayers = moeLayerCount(architecture)
  const expertOverheadMs = (tokens: number) =>
    moeLayers > 0 && architecture.experts && architecture.expertsPerToken && efficiency.expertStepOverheadMs > 0
      ? moeLayers * expectedDistinctExperts(architecture.experts, architecture.expertsPerToken, Math.max(1, tokens)) * efficiency.expertStepOverheadMs
      : 0
  const terms = (shape: StepShape): PassTerms => {
    const tokens = shape.decodeSequences + shape.prefillTokens
    const chunkPerSequence = shape.prefillSequences > 0 ? shape.prefillTokens / shape.prefillSequences : 0
    const sharedFlops =
      2 * (bodyMatmul - routedMatmul) * tokens +
      2 * head * (shape.decodeSequences + shape.prefillFinishing) +
      (shape.decodeSequences > 0 ? shape.decodeSequences * attentionFlops(architecture, shape.decodeContextTokens, 1, split) : 0) +
      (shape.prefillSequences > 0 ? shape.prefillSequences * attentionFlops(architecture, shape.prefillPastTokens, chunkPerSequence, split) : 0)
    const routedFlops = 2 * routedMatmul * tokens
    const rows = shape.matmulRows ?? tokens
    const rowsPerExpert = topK > 0 ? (rows * topK) / architecture.experts! : 0
    const kvBytes = (shape.decodeSequences > 0 ? shape.decodeSequences * kvRead(shape.decodeContextTokens) : 0) + (shape.prefillSequences > 0 ? shape.prefillSequences * kvRead(shape.prefillPastTokens) : 0)
    return {
      computeMs: matmulMs(sharedFlops, rows) + matmulMs(routedFlops, rowsPerExpert),
      weightMs: weightReadMs(tokens),
      kvMs: kvBytes / (bytesPerMs * efficiency.kvBandwidth),
      commMs: forwardCommMs(scenario, efficiency, tokens),
      expertOverheadMs: expertOverheadMs(tokens)
    }
  }
  return { terms, weightReadMs, expertOverheadMs }
}

/**
 * Prefill of the whole batch, the pass of every prompt token: 2 × active parameters FLOPs per token
 * plus attention (quadratic in the prompt), over peak compute × efficiency; never faster than reading
 * the weights once per chunk of the engine's token budget, and each chunk pays its own all-reduces.
 */
export function prefillTime(scenario: SelfHostedScenario, efficiency: Efficiency): PhaseTime {
  const tokens = scenario.promptTokens * scenario.batchSize
  const pass = passCost(scenario, efficiency)
  const chunkLimit = scenario.engine.memory.maxTokensInFlight
  const whole = pass.terms({ decodeSequences: 0, decodeContextTokens: 0, prefillTokens: tokens, prefillSequences: scenario.batchSize, prefillPastTokens: 0, prefillFinishing: scenario.batchSize, matmulRows: Math.min(tokens, chunkLimit) })
  const chunks = Math.ceil(tokens / chunkLimit)
  const memoryMs = chunks * pass.weightReadMs(Math.min(tokens, chunkLimit)) + whole.kvMs
  const chunkOverheadMs = stepOverheadMsFor(efficiency, 0, true) + pass.expertOverheadMs(Math.min(tokens, chunkLimit))
  // Each chunk is a forward pass of its own: its all-reduces move its share of the bytes and each pays the latency.
  const commMs = chunks * forwardCommMs(scenario, efficiency, tokens / chunks)
  const passes = roofline(whole.computeMs, memoryMs, commMs, chunks * chunkOverheadMs)
  // A pass over a few prompt tokens runs the kernels a decode step runs, with more rows: each chunk
  // takes at least the decode step of its sequences (its share of the batch's prompts, at least one)
  // with nothing cached.
  const chunkSequences = Math.max(1, scenario.batchSize / chunks)
  const floorMs = chunks * promptPassFloorMs(decodeOnly(0, 0), efficiency, (decodeShape) => decodeOnlyStep(pass, efficiency, chunkSequences, decodeShape.decodeContextTokens).ms)
  return { ...passes, ms: Math.max(passes.ms, floorMs) + efficiency.prefillOverheadMs }
}

/**
 * The time a pass carrying prompt tokens never beats: the decode-only step of its decoding sequences
 * with their cache, and of at least one sequence (nothing cached for a prompt-only pass). Processing
 * k ≥ 1 new tokens of a sequence costs at least processing one; a prompt pass's calibrated time
 * (fitted on long prompts, launches inside) would otherwise read below the decode step's per-layer
 * costs on short prompts: llama.cpp read 1.4 ms for a 2-token prompt where its decode step reads 5.8 ms.
 * A prompt-only pass leaves out the decode step's fixed cost, which its request pays once
 * (prefillOverheadMs); a mean below one decoding sequence is a step that has one that share of the time.
 */
export function promptPassFloorMs(shape: StepShape, efficiency: Pick<Efficiency, 'promptStepOverheadMs'>, decodeStepMs: (decodeShape: StepShape) => number): number {
  const sequences = Math.max(1, shape.decodeSequences)
  const withoutDecoding = 1 - Math.min(1, Math.max(0, shape.decodeSequences))
  return decodeStepMs(decodeOnly(sequences, (shape.decodeSequences * shape.decodeContextTokens) / sequences)) - withoutDecoding * efficiency.promptStepOverheadMs
}

/**
 * One decode step of the static batch when each sequence holds `context` tokens (the pass of one
 * token per sequence): weights the batch routes to plus every sequence's KV over bandwidth ×
 * efficiency, or its compute when that is larger, plus the engine's fixed step cost.
 */
export function decodeStepTime(scenario: SelfHostedScenario, efficiency: Efficiency, context: number): PhaseTime {
  return decodeOnlyStep(passCost(scenario, efficiency), efficiency, scenario.batchSize, context)
}

/** A decode-only step of `sequences` sequences of `context` cached tokens each, from a run's pass cost. */
function decodeOnlyStep(pass: PassCost, efficiency: Efficiency, sequences: number, context: number): PhaseTime {
  const terms = pass.terms(decodeOnly(sequences, context))
  return roofline(terms.computeMs, terms.weightMs + terms.kvMs, terms.commMs, stepOverheadMsFor(efficiency, sequences) + terms.expertOverheadMs)
}

export interface TimingResult {
  /** null when the device has no compute figure: prompt processing is compute-bound and cannot be timed. */
  prefill: PhaseTime | null
  decode: PhaseTime
  ttftMs: number | null
  tpotMs: number
  totalMs: number | null
}

/** TTFT is the batch's prefill; TPOT is the step time at the average context (prompt + output/2). */
export function timingFor(scenario: SelfHostedScenario, efficiency: Efficiency): TimingResult {
  const prefill = computeKnown(scenario) ? prefillTime(scenario, efficiency) : null
  const decode = decodeStepTime(scenario, efficiency, scenario.promptTokens + scenario.outputTokens / 2)
  const ttftMs = prefill === null ? null : prefill.ms
  const tpotMs = decode.ms
  return { prefill, decode, ttftMs, tpotMs, totalMs: ttftMs === null ? null : ttftMs + Math.max(0, scenario.outputTokens - 1) * tpotMs }
}
