// Roofline timing of prefill and decode for a self-hosted scenario: each phase takes the longer of
// its compute and its memory traffic, plus device-to-device communication and fixed engine costs.
import { FALLBACK_INTERCONNECT_GBPS } from '../defaults.js'
import type { SelfHostedScenario } from '../scenario.js'
import { BYTES_PER_GB, FLOPS_PER_TFLOP } from '../units.js'
import type { Efficiency } from './efficiency.js'
import { kvShare } from './memory.js'
import { attentionFlops, decodeReadBytes, headParameters, kvBitsPerValue, matmulParameters, sequenceKvBytes } from './model.js'

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

/** Milliseconds to run `flops` at the parallel devices' peak × compute efficiency; 0 without a compute figure (the phase is then timed by its memory traffic). */
const computeMsFor = (scenario: SelfHostedScenario, efficiency: Efficiency, flops: number) =>
  computeKnown(scenario) ? (flops / (scenario.peakTflops * FLOPS_PER_TFLOP * parallelDevices(scenario) * efficiency.compute)) * 1000 : 0

/** Bytes per second the parallel devices read at full datasheet bandwidth. */
const bandwidthBytesPerSecond = (scenario: SelfHostedScenario) => scenario.hardware.bandwidthGBps * BYTES_PER_GB * parallelDevices(scenario)

/** Time to move `bytes` between devices for one collective step (ring all-reduce, or a layer hand-off). */
function collectiveMs(scenario: SelfHostedScenario, efficiency: Efficiency, bytes: number): number {
  const devices = scenario.deviceCount
  if (devices <= 1) return 0
  const link = (scenario.hardware.interconnectGBps ?? FALLBACK_INTERCONNECT_GBPS) * BYTES_PER_GB
  if (scenario.engine.multiDevice === 'tensor') return ((2 * (devices - 1)) / devices) * (bytes / link) * 1000 + efficiency.collectiveLatencyMs
  return (bytes / link) * 1000 + efficiency.collectiveLatencyMs
}

/** Communication of one forward pass over `tokens` tokens: two all-reduces per layer (TP) or n-1 hand-offs (layer split). */
export function forwardCommMs(scenario: SelfHostedScenario, efficiency: Efficiency, tokens: number): number {
  if (scenario.deviceCount <= 1) return 0
  const bytes = tokens * scenario.model.architecture.hiddenSize * 2
  const steps = scenario.engine.multiDevice === 'tensor' ? 2 * scenario.model.architecture.layers : scenario.deviceCount - 1
  return steps * collectiveMs(scenario, efficiency, bytes)
}

/**
 * Prefill of the whole batch: 2 × active parameters FLOPs per token plus attention (quadratic in
 * the prompt), over peak compute × efficiency; never faster than reading the weights once per chunk.
 */
export function prefillTime(scenario: SelfHostedScenario, efficiency: Efficiency): PhaseTime {
  const arch = scenario.model.architecture
  const tokens = scenario.promptTokens * scenario.batchSize
  // Every prompt token goes through the layers; only each sequence's last one through the output head.
  const head = headParameters(arch)
  const flops = 2 * (matmulParameters(scenario.model) - head) * tokens + 2 * head * scenario.batchSize + attentionFlops(arch, 0, scenario.promptTokens) * scenario.batchSize
  const chunkLimit = scenario.engine.memory.maxTokensInFlight
  const chunks = Math.ceil(tokens / chunkLimit)
  const readBytes = decodeReadBytes(scenario.model, scenario.precision, Math.min(tokens, chunkLimit))
  const memoryMs = ((chunks * readBytes) / (bandwidthBytesPerSecond(scenario) * efficiency.bandwidth)) * 1000
  return roofline(computeMsFor(scenario, efficiency, flops), memoryMs, forwardCommMs(scenario, efficiency, tokens), efficiency.prefillOverheadMs)
}

/**
 * One decode step for the batch when each sequence holds `context` tokens: read the weights the
 * batch routes to plus every sequence's KV cache, over bandwidth × efficiency; or the compute of
 * 2 × active parameters per sequence when that is larger; plus the engine's fixed step cost.
 */
export function decodeStepTime(scenario: SelfHostedScenario, efficiency: Efficiency, context: number): PhaseTime {
  const arch = scenario.model.architecture
  const weightRead = decodeReadBytes(scenario.model, scenario.precision, scenario.batchSize)
  const kvRead = sequenceKvBytes(arch, kvBitsPerValue(scenario.kvPrecision), context) * scenario.batchSize * kvShare(scenario) * scenario.deviceCount
  const bandwidth = bandwidthBytesPerSecond(scenario)
  const memoryMs = (weightRead / (bandwidth * efficiency.bandwidth) + kvRead / (bandwidth * efficiency.kvBandwidth)) * 1000
  const flops = (2 * matmulParameters(scenario.model) + attentionFlops(arch, context, 1)) * scenario.batchSize
  return roofline(computeMsFor(scenario, efficiency, flops), memoryMs, forwardCommMs(scenario, efficiency, scenario.batchSize), efficiency.stepOverheadMs)
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
