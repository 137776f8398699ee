// The estimator end to end against hand-computed values, and its refusals.
import { describe, expect, it } from 'vitest'
import { estimate, EstimateError } from '../../src/estimator/index.js'
import type { EstimateRequest } from '../../src/schemas/estimate.js'
import { defaultCatalog } from '../helpers/app.js'

const catalog = defaultCatalog()
const run = (req: EstimateRequest) => estimate(catalog, req)
function refusal(req: EstimateRequest): EstimateError {
  try {
    run(req)
  } catch (err) {
    if (err instanceof EstimateError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

describe('memory', () => {
  it('llama-2-70b at fp16 does not fit one a100-80gb and needs 2', () => {
    const one = run({ model: 'llama-2-70b', hardware: 'a100-80gb', precision: 'fp16', promptTokens: 1000, outputTokens: 200 })
    expect(one.memory!.fits).toBe(false)
    expect(one.memory!.minDevices).toBe(2)
    expect(one.warnings.join(' ')).toMatch(/does not fit/)
    const two = run({ model: 'llama-2-70b', hardware: 'a100-80gb', precision: 'fp16', promptTokens: 1000, outputTokens: 200, deviceCount: 2 })
    expect(two.memory!.fits).toBe(true)
    expect(two.memory!.perDeviceGB).toBeLessThan(80 * 0.9)
  })
  it('reports weights, KV per token and KV total by hand', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 1000, outputTokens: 24, batchSize: 4 })
    expect(e.memory!.weightsGB).toBeCloseTo(13.48, 2)
    expect(e.memory!.kvCacheBytesPerToken).toBe(524_288)
    expect(e.memory!.kvCacheGB).toBeCloseTo((524_288 * 1024 * 4) / 1e9, 4)
    expect(e.memory!.totalGB).toBeCloseTo(e.memory!.weightsGB + e.memory!.kvCacheGB + e.memory!.activationsGB + e.memory!.overheadGB, 3)
  })
  it('follows vLLM\'s rule: KV pool = 90% of device memory minus weights, activations and runtime', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 1000, outputTokens: 24 })
    const m = e.memory!
    const pool = 80 * 0.9 - m.weightsGB - m.activationsGB - m.overheadGB
    const perSeq = (524_288 * 1024) / 1e9
    expect(m.maxBatchSize).toBe(Math.floor(pool / perSeq))
    expect(m.engineReservedPerDeviceGB).toBeCloseTo(72, 6)
  })
  it('maxContextTokens is capped by the model\'s context window', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'h200', promptTokens: 100, outputTokens: 100 })
    expect(e.memory!.maxContextTokens).toBe(4096)
  })
  it('llama.cpp allocates on demand and splits layers', () => {
    const e = run({ model: 'llama-2-70b', hardware: 'rtx-4090', precision: 'q4_0', promptTokens: 512, outputTokens: 128, deviceCount: 2 })
    expect(e.engine).toBe('llama.cpp')
    expect(e.memory!.fits).toBe(true)
    expect(e.warnings.join(' ')).toMatch(/take turns/)
  })
})

describe('latency', () => {
  it('decode is memory-bound at batch 1 and the roofline matches a hand computation', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 1, outputTokens: 1, engine: 'vllm' })
    const eff = catalog.engineById.get('vllm')!.efficiency
    // Bytes read per step: everything but the input embedding (a row lookup) + a token of KV.
    const weightRead = (6.74e9 - 32000 * 4096) * 2
    const kv = 524_288 * 1.5
    const expected = ((weightRead + kv) / (2039e9 * eff.decodeBandwidthEfficiency)) * 1000 + eff.decodeStepOverheadMs + (32 * eff.decodeLayerOverheadUs) / 1000
    expect(e.latency!.decodeBound).toBe('memory')
    expect(e.latency!.tpotMs).toBeCloseTo(expected, 3)
  })
  it('prefill is compute-bound for long prompts: 2 × params × tokens + attention over peak × MFU', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'h100-sxm', engine: 'tensorrt-llm', promptTokens: 2048, outputTokens: 1 })
    const eff = catalog.engineById.get('tensorrt-llm')!.efficiency
    const flops = 2 * 6.74e9 * 2048 + 4 * 4096 * 32 * ((2048 * 2049) / 2)
    const expected = (flops / (989.4e12 * eff.prefillComputeEfficiency)) * 1000 + eff.prefillOverheadMs
    expect(e.latency!.prefillBound).toBe('compute')
    expect(e.latency!.ttftMs).toBeCloseTo(expected, 3)
  })
  it('tensor parallelism speeds decode up; a layer split does not', () => {
    const base = { model: 'llama-2-13b', hardware: 'a100-80gb', promptTokens: 512, outputTokens: 128 } as const
    const tp1 = run({ ...base, engine: 'vllm' }).latency!.tpotMs
    const tp2 = run({ ...base, engine: 'vllm', deviceCount: 2 }).latency!.tpotMs
    expect(tp2).toBeLessThan(tp1 * 0.75)
    const l1 = run({ ...base, engine: 'transformers' }).latency!.tpotMs
    const l2 = run({ ...base, engine: 'transformers', deviceCount: 2 }).latency!.tpotMs
    expect(l2).toBeGreaterThanOrEqual(l1)
  })
  it('MoE decode reads more experts as the batch grows', () => {
    const b1 = run({ model: 'mixtral-8x7b', hardware: 'h100-sxm', precision: 'fp8', promptTokens: 100, outputTokens: 100, deviceCount: 2 })
    const b16 = run({ model: 'mixtral-8x7b', hardware: 'h100-sxm', precision: 'fp8', promptTokens: 100, outputTokens: 100, deviceCount: 2, batchSize: 16 })
    expect(b16.latency!.tpotMs / b1.latency!.tpotMs).toBeGreaterThan(2)
    expect(b16.throughput!.outputTokensPerSecond).toBeGreaterThan(b1.throughput!.outputTokensPerSecond * 4)
  })
  it('gives a band around every latency figure', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'm2-ultra', precision: 'q4_0', promptTokens: 512, outputTokens: 128 })
    for (const k of ['ttftMs', 'tpotMs', 'totalMs'] as const) {
      expect(e.range![k].low).toBeLessThanOrEqual(e.latency![k])
      expect(e.range![k].high).toBeGreaterThanOrEqual(e.latency![k])
    }
    expect(e.range!.basis).toMatch(/calibration rows/)
  })
})

describe('cost', () => {
  it('cloud: device-hours × price, shared across the batch', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 8 })
    const hours = e.latency!.totalMs / 3.6e6
    expect(e.cost.perRequestUsd!).toBeCloseTo((hours * 3.78) / 8, 8)
    expect(e.cost.perMillionOutputTokensUsd!).toBeCloseTo((e.cost.perRequestUsd! / 200) * 1e6, 4)
    expect(e.cost.breakdown.deviceHoursUsd).toBe(e.cost.perRequestUsd)
  })
  it('local: power × time × electricity price', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'rtx-4090', precision: 'q4_k_m', promptTokens: 1000, outputTokens: 200, electricityUsdPerKWh: 0.3 })
    expect(e.deployment).toBe('local')
    const kwh = (450 * (e.latency!.totalMs / 3.6e6)) / 1000
    expect(e.cost.energyKWhPerRequest!).toBeCloseTo(kwh, 8)
    expect(e.cost.perRequestUsd!).toBeCloseTo(kwh * 0.3, 8)
  })
  it('api: tokens × prices, latency from the catalogue', () => {
    const e = run({ model: 'gpt-4', promptTokens: 1000, outputTokens: 1000 })
    expect(e.deployment).toBe('api')
    expect(e.cost.perRequestUsd).toBeCloseTo(0.03 + 0.06, 10)
    expect(e.cost.breakdown.apiInputUsd).toBeCloseTo(0.03, 10)
    expect(e.latency!.ttftMs).toBe(590)
    expect(e.latency!.totalMs).toBeCloseTo(590 + (999 * 1000) / 19.2, 2)
    expect(e.memory).toBeNull()
  })
  it('api model without published latency: cost only, with a warning', () => {
    const e = run({ model: 'cohere-command', promptTokens: 100, outputTokens: 100 })
    expect(e.latency).toBeNull()
    expect(e.cost.perRequestUsd).toBeCloseTo(100e-6 + 200e-6, 12)
    expect(e.warnings.join(' ')).toMatch(/no published served latency/)
  })
  it('warns when prompt + output exceed the context window', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 4000, outputTokens: 500 })
    expect(e.warnings.join(' ')).toMatch(/exceeds the model's 4096-token context/)
  })
})

describe('inline specs', () => {
  it('derives the parameter count of an inline architecture', () => {
    const e = run({ model: { architecture: { layers: 32, hiddenSize: 4096, intermediateSize: 11008, attentionHeads: 32, kvHeads: 32, vocabSize: 32000 } }, hardware: 'a100-80gb', promptTokens: 10, outputTokens: 10 })
    expect(e.memory!.weightsGB).toBeCloseTo(13.477, 2)
    expect(e.model.id).toBeNull()
  })
  it('accepts inline hardware', () => {
    const e = run({ model: '7b', hardware: { memoryGB: 48, bandwidthGBps: 960, tflops: { fp16: 150 }, priceUsdPerHour: 1 }, promptTokens: 10, outputTokens: 10 })
    expect(e.hardware!.id).toBeNull()
    expect(e.cost.perRequestUsd).toBeGreaterThan(0)
  })
})

describe('refusals name the field', () => {
  const cases: [string, EstimateRequest, string][] = [
    ['unknown model', { model: 'llama-9', hardware: 'a100-80gb', promptTokens: 1, outputTokens: 1 }, '/body/model'],
    ['unknown hardware', { model: '7b', hardware: 'a200', promptTokens: 1, outputTokens: 1 }, '/body/hardware'],
    ['unknown precision', { model: '7b', hardware: 'a100-80gb', precision: 'fp4', promptTokens: 1, outputTokens: 1 }, '/body/precision'],
    ['fp8 on hardware without FP8', { model: '7b', hardware: 'a100-80gb', precision: 'fp8', promptTokens: 1, outputTokens: 1 }, '/body/precision'],
    ['GGUF on vLLM', { model: '7b', hardware: 'a100-80gb', precision: 'q4_0', engine: 'vllm', promptTokens: 1, outputTokens: 1 }, '/body/precision'],
    ['vLLM on Apple', { model: '7b', hardware: 'm2-ultra', engine: 'vllm', promptTokens: 1, outputTokens: 1 }, '/body/engine'],
    ['kvHeads not dividing heads', { model: { architecture: { layers: 2, hiddenSize: 64, attentionHeads: 8, kvHeads: 3 } }, hardware: 'a100-80gb', promptTokens: 1, outputTokens: 1 }, '/body/model/architecture/kvHeads'],
    ['closed model self-hosted', { model: 'claude-3-sonnet', hardware: 'h100-sxm', promptTokens: 1, outputTokens: 1 }, '/body/deployment'],
    ['tensor parallel not dividing heads', { model: '7b', hardware: 'a100-80gb', deviceCount: 3, promptTokens: 1, outputTokens: 1 }, '/body/deviceCount'],
    ['hardware without compute figures', { model: '7b', hardware: 'a10g', promptTokens: 1, outputTokens: 1 }, '/body/hardware'],
    ['int4 as KV cache', { model: '7b', hardware: 'a100-80gb', kvCachePrecision: 'int4', promptTokens: 1, outputTokens: 1 }, '/body/kvCachePrecision'],
    ['api deployment of an open model', { model: '7b', deployment: 'api', promptTokens: 1, outputTokens: 1 }, '/body/deployment'],
    ['self-hosting without hardware', { model: '7b', deployment: 'cloud', promptTokens: 1, outputTokens: 1 }, '/body/hardware']
  ]
  for (const [name, req, pointer] of cases) {
    it(name, () => {
      const err = refusal(req)
      expect(err.status).toBe(422)
      expect(err.errors[0]!.pointer).toBe(pointer)
      expect(err.errors[0]!.detail.length).toBeGreaterThan(10)
    })
  }
  it('suggests close model ids', () => {
    expect(refusal({ model: 'llama-2-7', hardware: 'a100-80gb', promptTokens: 1, outputTokens: 1 }).errors[0]!.suggestions).toContain('llama-2-7b')
  })
  it('self-hosting gpt-4 (estimated architecture) is answered with a warning', () => {
    const e = run({ model: 'gpt-4', hardware: 'h100-sxm', deployment: 'cloud', deviceCount: 12, precision: 'fp8', promptTokens: 100, outputTokens: 100 })
    expect(e.model.estimated).toBe(true)
    expect(e.warnings.join(' ')).toMatch(/hypothetical/)
  })
})
