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
  it('follows vLLM\'s rule: KV pool = 90% of device memory minus weights, activations and runtime, at most 256 sequences', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 1000, outputTokens: 24 })
    const m = e.memory!
    // The driver reports 81920 MiB = 85.90 GB for the "80 GB" A100.
    expect(m.deviceMemoryGB).toBeCloseTo(85.9, 2)
    const pool = 85.9 * 0.9 - m.weightsGB - m.activationsGB - m.overheadGB
    const perSeq = (524_288 * 1024) / 1e9
    expect(m.maxBatchSize).toBe(Math.min(256, Math.floor(pool / perSeq)))
    expect(m.engineReservedPerDeviceGB).toBeCloseTo(85.9 * 0.9, 3)
    const small = run({ model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 10, outputTokens: 10 })
    expect(small.memory!.maxBatchSize).toBe(256) // max_num_seqs caps it long before memory does
  })
  it('SGLang keeps activations and runtime outside its static share', () => {
    const s = run({ model: 'llama-2-7b', hardware: 'h100-sxm', engine: 'sglang', promptTokens: 1000, outputTokens: 24 }).memory!
    const usable = 85.52
    const staticFraction = catalog.engineById.get('sglang')!.memory.memoryFraction
    const pool = Math.min(usable * staticFraction, usable - s.activationsGB - s.overheadGB) - s.weightsGB
    expect(s.maxBatchSize).toBe(Math.floor(pool / ((524_288 * 1024) / 1e9)))
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
  it('prefill is compute-bound for long prompts: 2 × matmul params × tokens (head on the last token only) + attention, over peak × MFU', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'h100-sxm', engine: 'tensorrt-llm', promptTokens: 2048, outputTokens: 1 })
    const eff = catalog.engineById.get('tensorrt-llm')!.efficiency
    const head = 32000 * 4096
    const layers = 6.74e9 - 2 * head // the input embedding is a lookup, the head runs once per sequence
    const flops = 2 * layers * 2048 + 2 * head + 4 * 4096 * 32 * ((2048 * 2049) / 2)
    const expected = (flops / (989.4e12 * eff.prefillComputeEfficiency)) * 1000 + eff.prefillOverheadMs
    expect(e.latency!.prefillBound).toBe('compute')
    expect(e.latency!.ttftMs).toBeCloseTo(expected, 3)
  })
  it('quantized weights never make decode slower than fp16 (the KV cache keeps its own format)', () => {
    for (const batchSize of [1, 16, 64]) {
      const base = { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 8000, outputTokens: 1000, batchSize } as const
      const fp16 = run({ ...base, precision: 'fp16' }).latency!.tpotMs
      const int4 = run({ ...base, precision: 'int4' }).latency!.tpotMs
      expect(int4, `batch ${batchSize}`).toBeLessThan(fp16)
    }
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
    // One sequence reads 2 of Mixtral's 8 experts per layer, 16 read nearly all 8; the fixed step costs
    // (TensorRT-LLM's per-MoE-layer cost among them) stay the same.
    const b1 = run({ model: 'mixtral-8x7b', hardware: 'h100-sxm', engine: 'tensorrt-llm', precision: 'fp8', promptTokens: 100, outputTokens: 100, deviceCount: 2 })
    const b16 = run({ model: 'mixtral-8x7b', hardware: 'h100-sxm', engine: 'tensorrt-llm', precision: 'fp8', promptTokens: 100, outputTokens: 100, deviceCount: 2, batchSize: 16 })
    expect(b16.latency!.tpotMs / b1.latency!.tpotMs).toBeGreaterThan(1.3)
    expect(b16.throughput!.outputTokensPerSecond).toBeGreaterThan(b1.throughput!.outputTokensPerSecond * 4)
  })
  it('gives a band around every latency figure', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'm2-ultra', precision: 'q4_0', promptTokens: 512, outputTokens: 128 })
    for (const k of ['ttftMs', 'tpotMs', 'totalMs'] as const) {
      expect(e.range![k]!.low).toBeLessThanOrEqual(e.latency![k]!)
      expect(e.range![k]!.high).toBeGreaterThanOrEqual(e.latency![k]!)
    }
    expect(e.range!.basis).toMatch(/calibration rows/)
  })
})

describe('cost', () => {
  it('cloud: device-hours × price, shared across the batch', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 8 })
    const hours = e.latency!.totalMs! / 3.6e6
    expect(e.cost.perRequestUsd!).toBeCloseTo((hours * 3.78) / 8, 8)
    expect(e.cost.perMillionOutputTokensUsd!).toBeCloseTo((e.cost.perRequestUsd! / 200) * 1e6, 4)
    expect(e.cost.breakdown.deviceHoursUsd).toBe(e.cost.perRequestUsd)
  })
  it('local: power × time × electricity price, plus cooling, amortisation and upkeep', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'rtx-4090', precision: 'q4_k_m', promptTokens: 1000, outputTokens: 200, electricityUsdPerKWh: 0.3 })
    expect(e.deployment).toBe('local')
    const hours = e.latency!.totalMs! / 3.6e6
    const kwh = (450 * hours) / 1000
    expect(e.cost.energyKWhPerRequest!).toBeCloseTo(kwh, 8)
    expect(e.cost.breakdown.energyUsd!).toBeCloseTo(kwh * 0.3, 8)
    expect(e.cost.breakdown.coolingUsd!).toBeCloseTo(kwh * 0.3 * 0.25, 8)
    expect(e.cost.breakdown.hardwareAmortizationUsd!).toBeCloseTo((1599 / (3 * 365 * 24)) * hours, 8)
    expect(e.cost.breakdown.maintenanceUsd!).toBeCloseTo(((0.075 * 1599) / (365 * 24)) * hours, 8)
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
    ['fp8 on hardware without FP8 units or a fallback kernel (Turing)', { model: '7b', hardware: 't4', precision: 'fp8', promptTokens: 1, outputTokens: 1 }, '/body/precision'],
    ['GGUF on vLLM', { model: '7b', hardware: 'a100-80gb', precision: 'q4_0', engine: 'vllm', promptTokens: 1, outputTokens: 1 }, '/body/precision'],
    ['vLLM on Apple', { model: '7b', hardware: 'm2-ultra', engine: 'vllm', promptTokens: 1, outputTokens: 1 }, '/body/engine'],
    ['kvHeads not dividing heads', { model: { architecture: { layers: 2, hiddenSize: 64, attentionHeads: 8, kvHeads: 3 } }, hardware: 'a100-80gb', promptTokens: 1, outputTokens: 1 }, '/body/model/architecture/kvHeads'],
    ['closed model self-hosted on a hardware', { model: 'claude-3-sonnet', hardware: 'h100-sxm', promptTokens: 1, outputTokens: 1 }, '/body/hardware'],
    ['closed model self-hosted by its deployment', { model: 'claude-3-sonnet', hardware: 'h100-sxm', deployment: 'cloud', promptTokens: 1, outputTokens: 1 }, '/body/deployment'],
    ['tensor parallel not dividing heads', { model: '7b', hardware: 'a100-80gb', deviceCount: 3, promptTokens: 1, outputTokens: 1 }, '/body/deviceCount'],
    ['fp8 where the fallback kernel has no 16-bit rate to run at (A10G)', { model: '7b', hardware: 'a10g', precision: 'fp8', promptTokens: 1, outputTokens: 1 }, '/body/precision'],
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

describe('review fixes', () => {
  it('bf16-only devices default to bf16 weights and KV cache', () => {
    const e = run({ model: '7b', hardware: 'tpu-v4', promptTokens: 100, outputTokens: 10 })
    expect([e.precision, e.kvCachePrecision]).toEqual(['bf16', 'bf16'])
  })
  it('llama.cpp on a CPU computes on the fp32 SIMD units, not the AMX matrix figure', () => {
    const e = run({ model: '7b', hardware: 'cpu-server-ddr5', precision: 'q4_k_m', promptTokens: 512, outputTokens: 10 })
    expect(e.assumptions.peakTflops).toBe(7.17)
    expect(e.deployment).toBe('local') // no hourly price for it
    expect(e.warnings.join(' ')).toMatch(/documented default/)
  })
  it('refuses a KV-cache format the engine does not offer', () => {
    expect(refusal({ model: '7b', hardware: 'h100-sxm', kvCachePrecision: 'int8', promptTokens: 1, outputTokens: 1 }).errors[0]!.pointer).toBe('/body/kvCachePrecision')
    expect(run({ model: '7b', hardware: 'h100-sxm', engine: 'tensorrt-llm', kvCachePrecision: 'int8', promptTokens: 1, outputTokens: 1 }).kvCachePrecision).toBe('int8')
  })
  it('tensor parallelism must divide or multiply the KV heads', () => {
    const err = refusal({ model: 'qwen2.5-7b', hardware: 'h100-sxm', deviceCount: 7, promptTokens: 1, outputTokens: 1 })
    expect(err.errors[0]).toMatchObject({ pointer: '/body/deviceCount' })
    expect(err.errors[0]!.detail).toMatch(/kvHeads \(4\)/)
  })
  it('an inline parametersB too small for the architecture names parametersB', () => {
    const tooSmall = refusal({ model: { parametersB: 0.01, architecture: { layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8 } }, hardware: 'a100-80gb', promptTokens: 1, outputTokens: 1 })
    expect(tooSmall.errors[0]!.pointer).toBe('/body/model/parametersB')
    const moe = refusal({ model: { parametersB: 1, architecture: { layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8, experts: 8, expertsPerToken: 2 } }, hardware: 'a100-80gb', promptTokens: 1, outputTokens: 1 })
    expect(moe.errors[0]!.pointer).toBe('/body/model/parametersB')
  })
  it('says which efficiency factors are defaults, and flags old or undated prices', () => {
    const vllm = run({ model: '7b', hardware: 'h100-sxm', promptTokens: 100, outputTokens: 10 })
    // vLLM's prompt efficiency is fitted to the serving runs now; llama.cpp on a CPU server still rests on defaults.
    expect(vllm.warnings.join(' ')).not.toMatch(/efficiency on gpu hardware is a documented default/)
    expect(run({ model: '7b', hardware: 'cpu-server-ddr5', precision: 'q4_0', promptTokens: 100, outputTokens: 10 }).warnings.join(' ')).toMatch(/llama\.cpp's decode efficiency on cpu hardware is a documented default/)
    expect(run({ model: '7b', hardware: 'tpu-v4', promptTokens: 10, outputTokens: 10 }).warnings.join(' ')).toMatch(/dates from 2022-08-11/)
    expect(run({ model: '7b', hardware: 'rtx-3090', deployment: 'cloud', promptTokens: 10, outputTokens: 10 }).warnings.join(' ')).toMatch(/undated/)
    expect(run({ model: 'gpt-4', promptTokens: 10, outputTokens: 10 }).warnings.join(' ')).toMatch(/dates from 2023-03-14/)
  })
  it('warns when an input is ignored or a figure is only a bound', () => {
    expect(run({ model: '7b', hardware: 'h100-sxm', electricityUsdPerKWh: 0.3, promptTokens: 10, outputTokens: 10 }).warnings.join(' ')).toMatch(/electricityUsdPerKWh is ignored/)
    expect(run({ model: 'gpt-4o', promptTokens: 50_000, outputTokens: 10 }).warnings.join(' ')).toMatch(/TTFT is a lower bound/)
  })
  it('inline Apple machines keep a quarter of their memory for the OS, like the catalog ones', () => {
    const e = run({ model: '7b', hardware: { kind: 'apple', memoryGB: 64, bandwidthGBps: 400, tflops: { fp16: 10 } }, promptTokens: 10, outputTokens: 10 })
    expect(e.memory!.deviceMemoryGB).toBe(48)
  })
})

describe('device counts', () => {
  it('minDevices only names a device count the engine can split the model across', () => {
    // qwen2.5-7b: 28 heads but 4 KV heads, so vLLM cannot use 7 or 14 devices.
    const req = { model: 'qwen2.5-7b', hardware: 'l4', engine: 'vllm', promptTokens: 30_000, outputTokens: 1000, batchSize: 39 } as const
    const n = run(req).memory!.minDevices!
    expect([1, 2, 4, 28]).toContain(n)
    expect(run({ ...req, deviceCount: n }).memory!.fits).toBe(true)
  })
})
