// How much of the datasheet an engine reaches: its fitted (or documented) efficiencies for a
// hardware kind, adjusted for quantized weights, and its fixed per-step costs.
import type { Engine, Precision } from '../../schemas/catalog.js'

/**
 * Fixed cost of a step of `decodeSequences` decoding sequences: its fixed and per-layer costs, and the
 * eager per-layer cost when the step is not replayed from a captured CUDA graph (SGLang captures decode
 * batches up to cuda_graph_max_bs; steps carrying prompt tokens run eagerly), for the share of a mean
 * step's occurrences that overflow the graphs when the serving model gives it. A prompt-only step has
 * no fixed decode cost: a request's fixed prompt cost is prefillOverheadMs, counted once.
 */
export function stepOverheadMsFor(efficiency: Efficiency, decodeSequences: number, carriesPrompt = false, graphOverflowShare?: number): number {
  const overflow = graphOverflowShare ?? (decodeSequences > efficiency.graphMaxBatch ? 1 : 0)
  const eager = carriesPrompt ? efficiency.eagerStepOverheadMs : overflow * efficiency.eagerDecodeStepOverheadMs
  // A fractional count is the serving model's mean: fewer than one sequence decoding on average is a
  // step that has one only that share of the time. A step that carries prompt tokens launches its
  // layers as the prompt pass does, whose calibrated time already holds that: its decoding sequences
  // add the fixed step cost only.
  return Math.min(1, Math.max(0, decodeSequences)) * (carriesPrompt ? efficiency.promptStepOverheadMs : efficiency.stepOverheadMs) + eager
}

export interface Efficiency {
  /** Bandwidth efficiency for weight reads (dequantization penalty included). */
  bandwidth: number
  /** Bandwidth efficiency for KV-cache reads (the KV cache has its own format: no weight penalty). */
  kvBandwidth: number
  compute: number
  /** Compute efficiency of FP4 matrix multiplies on native FP4 units, when the engine's differs from `compute`. */
  fp4Compute: number | undefined
  /** Fixed + per-layer overheads of one decode step, milliseconds. */
  stepOverheadMs: number
  /**
   * What decoding sequences add to a step that also carries prompt tokens, milliseconds: the fixed
   * (and per-MoE-layer) step cost without per-layer launches, which the prompt pass pays (in its
   * calibrated time, or as eagerStepOverheadMs) once for the whole step.
   */
  promptStepOverheadMs: number
  /**
   * Engines that replay decode steps as CUDA graphs launch no kernels one by one up to this batch;
   * larger batches run eagerly and pay the per-layer launch and dispatch cost (eagerStepOverheadMs).
   */
  graphMaxBatch: number
  /** Per-layer cost a step pays when it runs eagerly (beyond graphMaxBatch, or carrying prompt tokens), milliseconds. */
  eagerStepOverheadMs: number
  /** Per-layer cost a decode-only step pays beyond graphMaxBatch (launching its kernels one by one), milliseconds. */
  eagerDecodeStepOverheadMs: number
  prefillOverheadMs: number
  collectiveLatencyMs: number
  /** Devices collectiveLatencyMs is the all-reduce latency over (undefined: every count pays it whole). */
  collectiveLatencyDevices: number | undefined
  /** Time per routed expert a step touches in one MoE layer (grouped expert kernels), milliseconds. */
  expertStepOverheadMs: number
  /**
   * Share of the peak that matrix multiplies with many rows approach (0: none beyond `compute`), and
   * the rows (tokens) at which they reach half of it. See matmulEfficiency.
   */
  largeMatmulCompute: number
  matmulHalfRateRows: number
}

/**
 * Share of the peak a matrix multiply of `rows` rows (tokens; for a routed expert, the tokens routed
 * to it) reaches: the engine's base share `compute`, or, where the engine has a large-multiply share,
 * largeMatmulCompute × rows ÷ (rows + matmulHalfRateRows) when that is more. A GEMM keeps every
 * matrix unit busy and reuses each weight tile it loads only with rows enough to fill its tiles; small
 * ones (decode steps, small prompt chunks) stay at the base share.
 */
export function matmulEfficiency(rows: number, compute: number, efficiency: Pick<Efficiency, 'largeMatmulCompute' | 'matmulHalfRateRows'>): number {
  if (!(efficiency.largeMatmulCompute > 0 && efficiency.matmulHalfRateRows > 0 && rows > 0)) return compute
  return Math.max(compute, (efficiency.largeMatmulCompute * rows) / (rows + efficiency.matmulHalfRateRows))
}

/** The engine's efficiencies for this hardware kind, precision and model depth (layers, of which `moeLayers` route to experts). */
export function efficiencyFor(engine: Engine, kind: string, precision: Precision, layers: number, moeLayers = 0): Efficiency {
  const fitted = engine.efficiency
  const forKind = fitted.byKind?.[kind]
  const quantized = precision.format !== 'float' && precision.bitsPerWeight < 16
  const weightOnlyInt = precision.format === 'integer'
  const layerOverheadUs = (forKind?.layerOverheadUs ?? fitted.decodeLayerOverheadUs) + (weightOnlyInt ? fitted.quantizedLayerOverheadUs : 0)
  const bandwidth = forKind?.bandwidth ?? fitted.decodeBandwidthEfficiency
  // With CUDA graphs (SGLang records its cuda_graph_max_bs) the per-layer launch cost is paid only by
  // steps too large for the captured graphs; without, by every step.
  const graphMaxBatch = engine.memory.cudaGraphMaxBatchSize ?? 0
  const layerMs = (layers * layerOverheadUs) / 1000
  return {
    bandwidth: bandwidth / (quantized ? fitted.quantizedDecodePenalty : 1),
    kvBandwidth: bandwidth,
    compute: (forKind?.compute ?? fitted.prefillComputeEfficiency) / (quantized ? fitted.quantizedPrefillPenalty : 1),
    fp4Compute: fitted.fp4ComputeEfficiency,
    stepOverheadMs: fitted.decodeStepOverheadMs + (graphMaxBatch > 0 ? 0 : layerMs) + (moeLayers * (fitted.moeLayerOverheadUs ?? 0)) / 1000,
    promptStepOverheadMs: fitted.decodeStepOverheadMs + (moeLayers * (fitted.moeLayerOverheadUs ?? 0)) / 1000,
    graphMaxBatch: graphMaxBatch > 0 ? graphMaxBatch : Infinity,
    eagerStepOverheadMs: graphMaxBatch > 0 ? layerMs : 0,
    eagerDecodeStepOverheadMs: graphMaxBatch > 0 ? (fitted.eagerDecodeLayerOverheadUs === undefined ? layerMs : (layers * fitted.eagerDecodeLayerOverheadUs) / 1000) : 0,
    prefillOverheadMs: fitted.prefillOverheadMs,
    collectiveLatencyMs: fitted.collectiveLatencyUs / 1000,
    collectiveLatencyDevices: fitted.collectiveLatencyDevices,
    expertStepOverheadMs: (fitted.moeExpertStepOverheadUs ?? 0) / 1000,
    // Absent, 0: matmulEfficiency uses neither without the other.
    largeMatmulCompute: fitted.largeMatmulComputeEfficiency ?? 0,
    matmulHalfRateRows: fitted.matmulHalfRateRows ?? 0
  }
}
