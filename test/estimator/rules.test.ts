import { describe, expect, it } from 'vitest'
import { engineHardwareProblem, kvPrecisionProblem, missingComputeWarning, peakTflopsFor, precisionEngineProblem, precisionRoute, splitProblem } from '../../src/estimator/rules.js'
import type { Precision } from '../../src/schemas/catalog.js'
import { handEngine, handPrecision, handScenario } from '../helpers/scenario.js'

const arch = handScenario().model.architecture // 2 layers, 4 heads, 2 KV heads

describe('rules', () => {
  it('engine × hardware kind and maker', () => {
    expect(engineHardwareProblem(handEngine, { kind: 'gpu', name: 'H' })).toBeUndefined()
    expect(engineHardwareProblem(handEngine, { kind: 'cpu', name: 'C' })).toBe('engine "hand" does not run on cpu hardware (it runs on gpu)')
    const nvidiaOnly = { ...handEngine, vendors: ['NVIDIA'] }
    expect(engineHardwareProblem(nvidiaOnly, { kind: 'gpu', name: 'H100', vendor: 'NVIDIA' })).toBeUndefined()
    expect(engineHardwareProblem(nvidiaOnly, { kind: 'gpu', name: 'MI300X', vendor: 'AMD' })).toBe('engine "hand" runs only on NVIDIA devices; MI300X is made by AMD')
    // Inline hardware names no maker: not refused.
    expect(engineHardwareProblem(nvidiaOnly, { kind: 'gpu', name: 'inline' })).toBeUndefined()
  })

  it('precision × engine, and KV-cache formats', () => {
    const gguf = { ...handPrecision, id: 'q4', engines: ['llama.cpp'], usableForKvCache: false } as Precision
    expect(precisionEngineProblem(handPrecision, handEngine)).toBeUndefined()
    expect(precisionEngineProblem(gguf, handEngine)).toMatch(/not served by engine "hand"/)
    expect(kvPrecisionProblem(gguf, handEngine, [handPrecision, gguf])).toBe('"q4" is not a KV-cache format; use one of fp16')
    expect(kvPrecisionProblem({ ...handPrecision, kvEngines: ['vllm'] } as Precision, handEngine, [])).toMatch(/offered by vllm, not by Hand/)
  })

  it('device splits: tensor parallelism divides heads, a layer split needs a layer per device', () => {
    expect(splitProblem(handEngine, arch, 2)).toBeUndefined()
    expect(splitProblem(handEngine, arch, 4)).toBeUndefined() // 4 devices replicate the 2 KV heads
    expect(splitProblem(handEngine, arch, 3)).toMatch(/must divide attentionHeads \(4\)/)
    expect(splitProblem({ ...handEngine, multiDevice: 'layer' }, arch, 3)).toMatch(/cannot exceed layers \(2\)/)
  })

  it('peak compute: fp16 and bf16 stand in for each other; Apple falls back to fp32; fp8 needs its own units', () => {
    expect(peakTflopsFor({ kind: 'gpu', tflops: { bf16: 50 } }, 'fp16')).toBe(50)
    expect(peakTflopsFor({ kind: 'apple', tflops: { fp32: 20 } }, 'fp16')).toBe(20)
    expect(peakTflopsFor({ kind: 'cpu', tflops: { fp32: 3, bf16: 9 } }, 'fp16')).toBe(3)
    expect(peakTflopsFor({ kind: 'gpu', tflops: { fp16: 50 } }, 'fp8')).toBeUndefined()
    expect(peakTflopsFor({ kind: 'edge', tflops: { fp32: 0.15 } }, 'fp16')).toBe(0.15)
    expect(peakTflopsFor({ kind: 'gpu', tflops: { fp4: 9000 } }, 'fp4')).toBe(9000)
    expect(missingComputeWarning({ id: null }, 'int8')).toMatch(/^the inline hardware has no published int8 TFLOPS figure \(tflops\.int8\): prompt processing is not estimated/)
  })

  it('precision × hardware generation: native, an engine\'s fallback kernel, no rate, or not at all', () => {
    const marlin = { architectures: ['ampere'], engines: ['vllm'], computeDtype: 'fp16' as const, kernel: 'Marlin', sources: [{ url: 'x' }] }
    const fp8 = { id: 'fp8', computeDtype: 'fp8' as const, nativeOn: ['hopper'], fallbacks: [marlin] }
    const hopper = { id: 'h', kind: 'gpu' as const, tflops: { fp16: 990, fp8: 1980 }, architecture: 'hopper' }
    const ampere = { id: 'a', kind: 'gpu' as const, tflops: { fp16: 312 }, architecture: 'ampere' }
    const turing = { id: 't', kind: 'gpu' as const, tflops: { fp16: 65 }, architecture: 'turing' }
    expect(precisionRoute(hopper, fp8, 'vllm')).toEqual({ kind: 'native', computeDtype: 'fp8', peakTflops: 1980 })
    expect(precisionRoute(ampere, fp8, 'vllm')).toEqual({ kind: 'fallback', computeDtype: 'fp16', peakTflops: 312, fallback: marlin })
    expect(precisionRoute(ampere, fp8, 'tensorrt-llm')).toMatchObject({ kind: 'unsupported' })
    expect((precisionRoute(turing, fp8, 'vllm') as { detail: string }).detail).toBe(
      'precision "fp8" needs FP8 matrix units (native on hopper), which hardware "t" does not have; weight-only fallbacks exist for vllm on ampere, none for vllm on turing'
    )
    // A native generation without a published rate, or a plain format without one: estimate what needs no compute figure.
    expect(precisionRoute({ ...hopper, tflops: { fp16: 990 } }, fp8, 'vllm')).toEqual({ kind: 'no-rate', computeDtype: 'fp8' })
    expect(precisionRoute({ id: 'g', kind: 'gpu', tflops: {}, architecture: 'ampere' }, { id: 'fp16', computeDtype: 'fp16' }, 'vllm')).toEqual({ kind: 'no-rate', computeDtype: 'fp16' })
    // Inline hardware has no generation: FP8 runs when its rate is given and is refused otherwise.
    expect(precisionRoute({ id: null, kind: 'gpu', tflops: { fp8: 100 } }, fp8, 'vllm')).toMatchObject({ kind: 'native' })
    expect(precisionRoute({ id: null, kind: 'gpu', tflops: { fp16: 100 } }, fp8, 'vllm')).toMatchObject({ kind: 'unsupported' })
  })
})
