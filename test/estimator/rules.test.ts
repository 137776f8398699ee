import { describe, expect, it } from 'vitest'
import { engineHardwareProblem, kvPrecisionProblem, missingComputeProblem, peakTflopsFor, precisionEngineProblem, splitProblem } from '../../src/estimator/rules.js'
import type { Precision } from '../../src/schemas/catalog.js'
import { handEngine, handPrecision, handScenario } from '../helpers/scenario.js'

const arch = handScenario().model.architecture // 2 layers, 4 heads, 2 KV heads

describe('rules', () => {
  it('engine × hardware kind', () => {
    expect(engineHardwareProblem(handEngine, 'gpu')).toBeUndefined()
    expect(engineHardwareProblem(handEngine, 'cpu')).toBe('engine "hand" does not run on cpu hardware (it runs on gpu)')
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
    expect(missingComputeProblem({ id: 'a100' }, { id: 'fp8', computeDtype: 'fp8' }).field).toBe('precision')
    expect(missingComputeProblem({ id: null }, { id: 'int8', computeDtype: 'int8' })).toEqual({
      field: 'hardware',
      detail: 'the inline hardware has no published int8 TFLOPS figure, so prompt processing cannot be estimated; give the hardware inline with tflops.int8'
    })
  })
})
