import { describe, expect, it } from 'vitest'
import { defaultDeployment, defaultEngineId, defaultFitContext, defaultIntermediateSize, defaultMatrixDeployment, defaultPrecisionId, defaultUsableMemoryFraction } from '../../src/estimator/defaults.js'

describe('defaults', () => {
  it('rents priced data-centre hardware, owns the rest; a matrix rents whatever has a price', () => {
    expect(defaultDeployment({ dataCentre: true, priceUsdPerHour: 2, kind: 'gpu' })).toBe('cloud')
    expect(defaultDeployment({ dataCentre: true, priceUsdPerHour: undefined, kind: 'gpu' })).toBe('local')
    expect(defaultDeployment({ dataCentre: false, priceUsdPerHour: 0.5, kind: 'gpu' })).toBe('local')
    expect(defaultDeployment({ dataCentre: false, priceUsdPerHour: undefined, kind: 'edge' })).toBe('edge')
    expect(defaultMatrixDeployment({ priceUsdPerHour: 0.5, kind: 'gpu' })).toBe('cloud')
    expect(defaultMatrixDeployment({ kind: 'gpu' })).toBe('local')
    expect(defaultMatrixDeployment({ kind: 'edge' })).toBe('edge')
  })

  it('picks vLLM for data-centre GPUs and TPUs, llama.cpp elsewhere', () => {
    expect(defaultEngineId({ kind: 'gpu', dataCentre: true })).toBe('vllm')
    expect(defaultEngineId({ kind: 'tpu', dataCentre: true })).toBe('vllm')
    expect(defaultEngineId({ kind: 'gpu', dataCentre: false })).toBe('llama.cpp')
    expect(defaultEngineId({ kind: 'apple', dataCentre: false })).toBe('llama.cpp')
  })

  it('defaults to fp16, bf16 where only bf16 is published (not on CPUs)', () => {
    expect(defaultPrecisionId({ kind: 'gpu', tflops: { fp16: 1, bf16: 1 } })).toBe('fp16')
    expect(defaultPrecisionId({ kind: 'tpu', tflops: { bf16: 197 } })).toBe('bf16')
    expect(defaultPrecisionId({ kind: 'cpu', tflops: { bf16: 3 } })).toBe('fp16')
  })

  it('fit context: 4096 or a shorter window', () => {
    expect(defaultFitContext({ architecture: undefined })).toBe(4096)
    expect(defaultFitContext({ architecture: { contextLength: 2048 } as never })).toBe(2048)
    expect(defaultFitContext({ architecture: { contextLength: 131072 } as never })).toBe(4096)
  })

  it('LLaMA feed-forward width and Apple memory share', () => {
    expect(defaultIntermediateSize(4096)).toBe(11008) // ceil(8 × 4096 / 3 / 256) × 256
    expect(defaultUsableMemoryFraction('apple')).toBe(0.75)
    expect(defaultUsableMemoryFraction('gpu')).toBe(1)
  })
})
