// How much of the datasheet an engine reaches: its fitted (or documented) efficiencies for a
// hardware kind, adjusted for quantized weights, and its fixed per-step costs.
import type { Engine, Precision } from '../../schemas/catalog.js'

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

/** The engine's efficiencies for this hardware kind, precision and model depth (layers, of which `moeLayers` route to experts). */
export function efficiencyFor(engine: Engine, kind: string, precision: Precision, layers: number, moeLayers = 0): Efficiency {
  const fitted = engine.efficiency
  const forKind = fitted.byKind?.[kind]
  const quantized = precision.format !== 'float' && precision.bitsPerWeight < 16
  const weightOnlyInt = precision.format === 'integer'
  const layerOverheadUs = (forKind?.layerOverheadUs ?? fitted.decodeLayerOverheadUs) + (weightOnlyInt ? fitted.quantizedLayerOverheadUs : 0)
  const bandwidth = forKind?.bandwidth ?? fitted.decodeBandwidthEfficiency
  return {
    bandwidth: bandwidth / (quantized ? fitted.quantizedDecodePenalty : 1),
    kvBandwidth: bandwidth,
    compute: (forKind?.compute ?? fitted.prefillComputeEfficiency) / (quantized ? fitted.quantizedPrefillPenalty : 1),
    stepOverheadMs: fitted.decodeStepOverheadMs + (layers * layerOverheadUs + moeLayers * (fitted.moeLayerOverheadUs ?? 0)) / 1000,
    prefillOverheadMs: fitted.prefillOverheadMs,
    collectiveLatencyMs: fitted.collectiveLatencyUs / 1000
  }
}
