import { describe, expect, it } from 'vitest'
import { efficiencyFor, matmulEfficiency, stepOverheadMsFor } from '../../../src/estimator/physics/efficiency.js'
import type { Engine, Precision } from '../../../src/schemas/catalog.js'
import { handEngine, handPrecision } from '../../helpers/scenario.js'

const engine = {
  ...handEngine,
  efficiency: { ...handEngine.efficiency, decodeLayerOverheadUs: 10, quantizedDecodePenalty: 2, quantizedPrefillPenalty: 4, quantizedLayerOverheadUs: 5, collectiveLatencyUs: 30, byKind: { apple: { bandwidth: 0.8 } } }
} as Engine
const int4 = { ...handPrecision, id: 'int4', format: 'integer', bitsPerWeight: 4.5 } as Precision

describe('efficiencyFor', () => {
  it('uses the defaults, and the per-layer step cost in milliseconds', () => {
    const efficiency = efficiencyFor(engine, 'gpu', handPrecision, 32)
    expect(efficiency).toEqual({
      bandwidth: 0.5,
      kvBandwidth: 0.5,
      compute: 0.5,
      stepOverheadMs: 1 + (32 * 10) / 1000,
      // A step carrying a prompt pays its per-layer launches as the prompt pass: its decode sequences add the fixed 1 ms.
      promptStepOverheadMs: 1,
      graphMaxBatch: Infinity,
      eagerStepOverheadMs: 0,
      eagerDecodeStepOverheadMs: 0,
      prefillOverheadMs: 2,
      collectiveLatencyMs: 0.03,
      expertStepOverheadMs: 0,
      largeMatmulCompute: 0,
      matmulHalfRateRows: 0
    })
  })

  it('with CUDA graphs the per-layer cost is paid only by steps that run eagerly: beyond the graph size, or carrying prompt tokens', () => {
    const graphed = { ...engine, memory: { ...engine.memory, cudaGraphMaxBatchSize: 256 } } as Engine
    const efficiency = efficiencyFor(graphed, 'gpu', handPrecision, 32)
    expect(efficiency.stepOverheadMs).toBe(1)
    expect(stepOverheadMsFor(efficiency, 256)).toBe(1)
    expect(stepOverheadMsFor(efficiency, 257)).toBeCloseTo(1 + 0.32, 12)
    expect(stepOverheadMsFor(efficiency, 8, true)).toBeCloseTo(1 + 0.32, 12)
    // A prompt-only step has no decode step cost, only the eager layers.
    expect(stepOverheadMsFor(efficiency, 0, true)).toBeCloseTo(0.32, 12)
    // Without graphs nothing changes: every decode step pays its layers, prompts pay nothing extra.
    const plain = efficiencyFor(engine, 'gpu', handPrecision, 32)
    expect(stepOverheadMsFor(plain, 4096)).toBeCloseTo(1.32, 12)
    expect(stepOverheadMsFor(plain, 0, true)).toBe(0)
  })

  // SGLang's fitted per-layer cost of prompt steps (0.7 ms) also charged decode batches past the graph
  // limit, 21 ms a step for an 8B model, where published eager decode costs about 0.1 ms a layer.
  it('a decode step past the graph size pays the measured eager decode cost where the engine records one', () => {
    const graphed = { ...engine, memory: { ...engine.memory, cudaGraphMaxBatchSize: 256 }, efficiency: { ...engine.efficiency, eagerDecodeLayerOverheadUs: 4 } } as Engine
    const efficiency = efficiencyFor(graphed, 'gpu', handPrecision, 32)
    expect(stepOverheadMsFor(efficiency, 256)).toBe(1)
    expect(stepOverheadMsFor(efficiency, 257)).toBeCloseTo(1 + 0.128, 12)
    expect(stepOverheadMsFor(efficiency, 257, true)).toBeCloseTo(1 + 0.32, 12)
  })

  it('divides by the quantization penalties for integer weights, not for the KV cache', () => {
    const efficiency = efficiencyFor(engine, 'apple', int4, 10)
    expect(efficiency.bandwidth).toBeCloseTo(0.4, 12)
    expect(efficiency.kvBandwidth).toBe(0.8)
    expect(efficiency.compute).toBe(0.125)
    expect(efficiency.stepOverheadMs).toBeCloseTo(1.15, 12)
  })
})

describe('matmulEfficiency', () => {
  const large = { largeMatmulCompute: 0.6, matmulHalfRateRows: 1000 }
  it('a multiply of m rows reaches the large-multiply share × m / (m + half-rate rows)', () => {
    // 0.6 × 3000 / 4000 = 0.45; 0.6 × 1000 / 2000 = 0.3
    expect(matmulEfficiency(3000, 0.2, large)).toBeCloseTo(0.45, 12)
    expect(matmulEfficiency(1000, 0.2, large)).toBeCloseTo(0.3, 12)
  })
  it('never less than the base share: small multiplies (0.6 × 200 / 1200 = 0.1) keep it', () => {
    expect(matmulEfficiency(200, 0.2, large)).toBe(0.2)
    expect(matmulEfficiency(0, 0.2, large)).toBe(0.2)
  })
  it('an engine without a large-multiply share keeps its base share at every size', () => {
    expect(matmulEfficiency(1_000_000, 0.2, { largeMatmulCompute: 0, matmulHalfRateRows: 0 })).toBe(0.2)
  })
  it('reads the factors from the engine entry', () => {
    const efficiency = efficiencyFor({ ...engine, efficiency: { ...engine.efficiency, largeMatmulComputeEfficiency: 0.6, matmulHalfRateRows: 1000 } } as Engine, 'gpu', handPrecision, 32)
    expect(efficiency.largeMatmulCompute).toBe(0.6)
    expect(efficiency.matmulHalfRateRows).toBe(1000)
  })
})
