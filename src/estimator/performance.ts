// Memory under each engine's allocation rule, and the roofline timing of prefill and decode.
// Every function here is pure: plain numbers in, plain numbers out.
import type { ComputeDtype, Engine, Precision } from '../schemas/catalog.js'
import { BYTES_PER_GB, FLOPS_PER_TFLOP } from './units.js'
import { attentionFlops, decodeReadBytes, headParameters, kvBytesPerToken, matmulParameters, sequenceKvBytes, tokensForKvBytes, weightBytes, type ModelSpec } from './model.js'

/** Interconnect assumed when a multi-device request names hardware without one: PCIe 4.0 x16, per direction. */
export const FALLBACK_INTERCONNECT_GBPS = 32

export interface DeviceSpec {
  kind: string
  memoryGB: number
  usableMemoryFraction: number
  bandwidthGBps: number
  interconnectGBps: number | undefined
}

export interface RunSpec {
  model: ModelSpec
  device: DeviceSpec
  engine: Engine
  precision: Precision
  kvPrecision: Precision
  computeDtype: ComputeDtype
  peakTflops: number
  deviceCount: number
  promptTokens: number
  outputTokens: number
  batchSize: number
}

export interface MemoryResult {
  weightsBytes: number
  kvBytes: number
  activationBytesPerDevice: number
  overheadBytesPerDevice: number
  perDeviceBytes: number
  usablePerDeviceBytes: number
  reservedPerDeviceBytes: number
  fits: boolean
  maxBatchSize: number
  maxContextTokens: number
  kvBytesPerToken: number
  /** Bytes of one device's memory the engine's rule leaves for KV blocks. */
  kvPoolPerDeviceBytes: number
}

/** Share of the KV cache one device holds: heads are split under tensor parallelism (replicated when devices outnumber KV heads), layers under a layer split. */
export function kvShare(run: Pick<RunSpec, 'engine' | 'deviceCount' | 'model'>): number {
  const n = run.deviceCount
  if (run.engine.multiDevice === 'layer') return 1 / n
  const kvHeads = run.model.architecture.kvLoraRank ? 1 : run.model.architecture.kvHeads
  return Math.max(1 / n, 1 / kvHeads)
}

/** Peak prompt tokens processed in one pass: the engine's chunk size, or the whole batch's prompts. */
const tokensInFlight = (run: RunSpec) => Math.min(run.promptTokens * run.batchSize, run.engine.memory.maxTokensInFlight)

export function memoryFor(run: RunSpec): MemoryResult {
  const a = run.model.architecture
  const n = run.deviceCount
  const mem = run.engine.memory
  const kvBits = run.kvPrecision.kvBitsPerValue ?? run.kvPrecision.bitsPerWeight
  const weightsBytes = weightBytes(run.model, run.precision)
  const seqTokens = run.promptTokens + run.outputTokens
  const kvSeq = sequenceKvBytes(a, kvBits, seqTokens)
  const kvBytes = kvSeq * run.batchSize
  const share = kvShare(run)
  const activationBytesPerDevice = tokensInFlight(run) * a.hiddenSize * mem.activationBytesPerTokenPerHidden
  const overheadBytesPerDevice = mem.runtimeOverheadGB * BYTES_PER_GB
  const weightsPerDevice = weightsBytes / n
  const kvPerDevice = kvBytes * share
  const perDeviceBytes = weightsPerDevice + kvPerDevice + activationBytesPerDevice + overheadBytesPerDevice
  const usablePerDeviceBytes = run.device.memoryGB * run.device.usableMemoryFraction * BYTES_PER_GB
  const fixed = weightsPerDevice + activationBytesPerDevice + overheadBytesPerDevice
  let kvPool: number
  let reserved: number
  switch (mem.rule) {
    case 'fraction-of-total':
      // The engine claims memoryFraction of the device up front; KV blocks fill what the rest leaves.
      reserved = usablePerDeviceBytes * mem.memoryFraction
      kvPool = reserved - fixed
      break
    case 'static-fraction': {
      // memoryFraction holds weights and the KV pool; activations and runtime use the rest.
      const staticShare = usablePerDeviceBytes * mem.memoryFraction
      kvPool = Math.min(staticShare, usablePerDeviceBytes - activationBytesPerDevice - overheadBytesPerDevice) - weightsPerDevice
      reserved = staticShare + activationBytesPerDevice + overheadBytesPerDevice
      break
    }
    case 'fraction-of-free':
      // KV gets memoryFraction of what is free after weights, activations and runtime.
      kvPool = (usablePerDeviceBytes - fixed) * mem.memoryFraction
      reserved = fixed + Math.max(0, kvPool)
      break
    case 'on-demand':
      kvPool = usablePerDeviceBytes - fixed
      reserved = perDeviceBytes
      break
  }
  const kvSeqPerDevice = kvSeq * share
  const fits = fixed <= usablePerDeviceBytes && kvPool >= kvPerDevice
  const byMemory = kvPool > 0 && kvSeqPerDevice > 0 ? Math.floor(kvPool / kvSeqPerDevice) : 0
  const maxBatchSize = Math.min(byMemory, mem.maxSequences ?? Infinity)
  const contextCap = Math.max(1, a.contextLength)
  const maxContextTokens = kvPool > 0 ? Math.min(contextCap, tokensForKvBytes(a, kvBits, kvPool / share / run.batchSize)) : 0
  return {
    weightsBytes,
    kvBytes,
    activationBytesPerDevice,
    overheadBytesPerDevice,
    perDeviceBytes,
    usablePerDeviceBytes,
    reservedPerDeviceBytes: Math.max(reserved, 0),
    fits,
    maxBatchSize,
    maxContextTokens: Math.max(0, maxContextTokens),
    kvBytesPerToken: kvBytesPerToken(a, kvBits),
    kvPoolPerDeviceBytes: Math.max(0, kvPool)
  }
}

/**
 * Why the engine cannot split this model across `n` devices, or undefined when it can: tensor
 * parallelism divides the attention heads and divides or replicates the KV heads; a layer split
 * needs at least one layer per device.
 */
export function splitProblem(engine: Pick<Engine, 'name' | 'multiDevice'>, a: ModelSpec['architecture'], n: number): string | undefined {
  if (engine.multiDevice === 'tensor') {
    if (a.attentionHeads % n !== 0) return `${engine.name} splits attention heads across devices: deviceCount (${n}) must divide attentionHeads (${a.attentionHeads})`
    if (!a.kvLoraRank && a.kvHeads % n !== 0 && n % a.kvHeads !== 0) return `${engine.name} splits or replicates key/value heads: deviceCount (${n}) must divide kvHeads (${a.kvHeads}) or be a multiple of it`
  } else if (n > a.layers) return `${engine.name} splits the model by layers: deviceCount (${n}) cannot exceed layers (${a.layers})`
  return undefined
}

/** Smallest device count (≤ limit) that fits, honouring the engine's split constraints; null when none does. */
export function minDevicesFor(run: RunSpec, limit = 1024): number | null {
  for (let n = 1; n <= Math.min(limit, run.engine.multiDevice === 'layer' ? run.model.architecture.layers : limit); n++) {
    if (splitProblem(run.engine, run.model.architecture, n)) continue
    if (memoryFor({ ...run, deviceCount: n }).fits) return n
  }
  return null
}

export interface Efficiency {
  /** Bandwidth efficiency for weight reads (dequantization penalty included). */
  bandwidth: number
  /** Bandwidth efficiency for KV-cache reads (the KV cache has its own format: no weight penalty). */
  kvBandwidth: number
  compute: number
  /** Fixed + per-layer overheads of one decode step, milliseconds. */
  stepOverheadMs: number
  prefillOverheadMs: number
  collectiveLatencyMs: number
}

/** The engine's efficiencies for this hardware kind, precision and model depth. */
export function efficiencyFor(engine: Engine, kind: string, precision: Precision, layers: number): Efficiency {
  const e = engine.efficiency
  const k = e.byKind?.[kind]
  const quantized = precision.format !== 'float' && precision.bitsPerWeight < 16
  const weightOnlyInt = precision.format === 'integer'
  const layerUs = (k?.layerOverheadUs ?? e.decodeLayerOverheadUs) + (weightOnlyInt ? e.quantizedLayerOverheadUs : 0)
  const bandwidth = k?.bandwidth ?? e.decodeBandwidthEfficiency
  return {
    bandwidth: bandwidth / (quantized ? e.quantizedDecodePenalty : 1),
    kvBandwidth: bandwidth,
    compute: (k?.compute ?? e.prefillComputeEfficiency) / (quantized ? e.quantizedPrefillPenalty : 1),
    stepOverheadMs: e.decodeStepOverheadMs + (layers * layerUs) / 1000,
    prefillOverheadMs: e.prefillOverheadMs,
    collectiveLatencyMs: e.collectiveLatencyUs / 1000
  }
}

export interface PhaseTime {
  ms: number
  computeMs: number
  memoryMs: number
  commMs: number
  bound: 'compute' | 'memory'
}

/** Devices whose bandwidth and compute work at the same time: all of them under tensor parallelism, one at a time under a layer split. */
const parallelDevices = (run: RunSpec) => (run.engine.multiDevice === 'tensor' ? run.deviceCount : 1)

/** Time to move `bytes` between devices for one collective step (ring all-reduce, or a layer hand-off). */
function collectiveMs(run: RunSpec, eff: Efficiency, bytes: number): number {
  const n = run.deviceCount
  if (n <= 1) return 0
  const link = (run.device.interconnectGBps ?? FALLBACK_INTERCONNECT_GBPS) * BYTES_PER_GB
  if (run.engine.multiDevice === 'tensor') return ((2 * (n - 1)) / n) * (bytes / link) * 1000 + eff.collectiveLatencyMs
  return (bytes / link) * 1000 + eff.collectiveLatencyMs
}

/** Communication of one forward pass over `tokens` tokens: two all-reduces per layer (TP) or n-1 hand-offs (layer split). */
export function forwardCommMs(run: RunSpec, eff: Efficiency, tokens: number): number {
  if (run.deviceCount <= 1) return 0
  const bytes = tokens * run.model.architecture.hiddenSize * 2
  const steps = run.engine.multiDevice === 'tensor' ? 2 * run.model.architecture.layers : run.deviceCount - 1
  return steps * collectiveMs(run, eff, bytes)
}

/**
 * Prefill of the whole batch: 2 × active parameters FLOPs per token plus attention (quadratic in
 * the prompt), over peak compute × efficiency; never faster than reading the weights once per chunk.
 */
export function prefillTime(run: RunSpec, eff: Efficiency): PhaseTime {
  const a = run.model.architecture
  const tokens = run.promptTokens * run.batchSize
  // Every prompt token goes through the layers; only each sequence's last one through the output head.
  const head = headParameters(a)
  const flops = 2 * (matmulParameters(run.model) - head) * tokens + 2 * head * run.batchSize + attentionFlops(a, 0, run.promptTokens) * run.batchSize
  const p = parallelDevices(run)
  const computeMs = (flops / (run.peakTflops * FLOPS_PER_TFLOP * p * eff.compute)) * 1000
  const chunks = Math.ceil(tokens / run.engine.memory.maxTokensInFlight)
  const chunkTokens = Math.min(tokens, run.engine.memory.maxTokensInFlight)
  const readBytes = decodeReadBytes(run.model, run.precision, chunkTokens)
  const memoryMs = (chunks * readBytes) / (run.device.bandwidthGBps * BYTES_PER_GB * p * eff.bandwidth) * 1000
  const commMs = forwardCommMs(run, eff, tokens)
  return { ms: Math.max(computeMs, memoryMs) + commMs + eff.prefillOverheadMs, computeMs, memoryMs, commMs, bound: computeMs >= memoryMs ? 'compute' : 'memory' }
}

/**
 * One decode step for the batch when each sequence holds `context` tokens: read the weights the
 * batch routes to plus every sequence's KV cache, over bandwidth × efficiency; or the compute of
 * 2 × active parameters per sequence when that is larger; plus the engine's fixed step cost.
 */
export function decodeStepTime(run: RunSpec, eff: Efficiency, context: number): PhaseTime {
  const a = run.model.architecture
  const kvBits = run.kvPrecision.kvBitsPerValue ?? run.kvPrecision.bitsPerWeight
  const p = parallelDevices(run)
  const weightRead = decodeReadBytes(run.model, run.precision, run.batchSize)
  const kvRead = sequenceKvBytes(a, kvBits, context) * run.batchSize * kvShare(run) * run.deviceCount
  const bandwidth = run.device.bandwidthGBps * BYTES_PER_GB * p
  const memoryMs = (weightRead / (bandwidth * eff.bandwidth) + kvRead / (bandwidth * eff.kvBandwidth)) * 1000
  const flops = (2 * matmulParameters(run.model) + attentionFlops(a, context, 1)) * run.batchSize
  const computeMs = (flops / (run.peakTflops * FLOPS_PER_TFLOP * p * eff.compute)) * 1000
  const commMs = forwardCommMs(run, eff, run.batchSize)
  return { ms: Math.max(computeMs, memoryMs) + commMs + eff.stepOverheadMs, computeMs, memoryMs, commMs, bound: computeMs >= memoryMs ? 'compute' : 'memory' }
}

export interface TimingResult {
  prefill: PhaseTime
  decode: PhaseTime
  ttftMs: number
  tpotMs: number
  totalMs: number
}

/** TTFT is the batch's prefill; TPOT is the step time at the average context (prompt + output/2). */
export function timingFor(run: RunSpec, eff: Efficiency): TimingResult {
  const prefill = prefillTime(run, eff)
  const decode = decodeStepTime(run, eff, run.promptTokens + run.outputTokens / 2)
  const ttftMs = prefill.ms
  const tpotMs = decode.ms
  return { prefill, decode, ttftMs, tpotMs, totalMs: ttftMs + Math.max(0, run.outputTokens - 1) * tpotMs }
}
