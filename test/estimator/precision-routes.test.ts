// A format on hardware that lacks its matrix units: the engine's real fallback kernel with a warning,
// or a 422 naming precision; a device without a compute figure: memory and decode, prefill left out.
import { describe, expect, it } from 'vitest'
import { estimate } from '../../src/estimator/index.js'
import { EstimateError } from '../../src/estimator/errors.js'
import { compare } from '../../src/estimator/compare/compare.js'
import { loadCatalogSet } from '../../src/catalog/index.js'
import type { EstimateRequest } from '../../src/schemas/estimate.js'

const catalogs = loadCatalogSet()
const catalog = catalogs.get('2026.12.0')!
const run = (req: EstimateRequest, c = catalog) => estimate(c, req)
const refusal = (req: EstimateRequest, c = catalog): EstimateError => {
  try {
    run(req, c)
  } catch (err) {
    if (err instanceof EstimateError) return err
    throw err
  }
  throw new Error('expected a refusal')
}
const tokens = { promptTokens: 500, outputTokens: 100 }

describe('native formats and fallback kernels', () => {
  it('FP8 on an A100 runs through vLLM\'s Marlin weight-only kernel: 8-bit weights, 16-bit math, and a warning', () => {
    const fp8 = run({ model: 'llama-3.1-8b', hardware: 'a100-80gb', precision: 'fp8', ...tokens })
    const fp16 = run({ model: 'llama-3.1-8b', hardware: 'a100-80gb', precision: 'fp16', ...tokens })
    expect([fp8.engine, fp8.assumptions.computeDtype, fp8.assumptions.peakTflops]).toEqual(['vllm', 'fp16', 312])
    expect(fp8.warnings.join(' ')).toMatch(/no native FP8 matrix units: vLLM runs fp8 through Marlin FP8 \(weight-only W8A16\); the weights keep 8 bits per weight/)
    expect(fp8.memory!.weightsGB).toBeLessThan(fp16.memory!.weightsGB * 0.6)
    expect(fp8.latency!.tpotMs).toBeLessThan(fp16.latency!.tpotMs) // fewer bytes to read per step
  })
  it('FP8 on an H100 is native', () => {
    const e = run({ model: 'llama-3.1-8b', hardware: 'h100-sxm', precision: 'fp8', ...tokens })
    expect([e.assumptions.computeDtype, e.assumptions.peakTflops]).toEqual(['fp8', 1978.9])
    expect(e.warnings.join(' ')).not.toMatch(/no native/)
  })
  it('MXFP4 on Hopper runs through the Triton kernels in bf16; NVFP4 on GB200 computes in FP4', () => {
    const hopper = run({ model: 'qwen3-30b-a3b', hardware: 'h100-sxm', precision: 'mxfp4', ...tokens })
    expect([hopper.assumptions.computeDtype, hopper.assumptions.peakTflops]).toEqual(['bf16', 989.4])
    expect(hopper.warnings.join(' ')).toMatch(/Triton matmul_ogs/)
    const blackwell = run({ model: 'llama-3.1-8b', hardware: 'gb200', precision: 'nvfp4', ...tokens })
    expect([blackwell.assumptions.computeDtype, blackwell.assumptions.peakTflops]).toEqual(['fp4', 10_000])
  })
  // vLLM's Mxfp4Config quantizes FusedMoE layers only (linear layers fall back to unquantized): the experts
  // take 4.25 bits, every other weight bf16; a dense model has nothing to quantize (it was estimated at 4.25
  // bits throughout: Llama-3.1-70B in 40.6 GB).
  it('MXFP4 covers the routed experts only: the rest stays bf16, and a dense model is refused', () => {
    const dense = refusal({ model: 'llama-3.1-70b', hardware: 'h100-sxm', precision: 'mxfp4', ...tokens })
    expect([dense.status, dense.errors[0]!.pointer]).toEqual([422, '/body/precision'])
    expect(dense.errors[0]!.detail).toMatch(/^mxfp4 covers the routed experts of a mixture-of-experts model only.*llama-3.1-70b has no experts/)
    // Qwen3-235B-A22B: 227.1B routed-expert parameters at 4.25 bits, the other 7.9B at 16: 136.5 GB.
    const moe = run({ model: 'qwen3-235b-a22b', hardware: 'b200', deviceCount: 2, precision: 'mxfp4', ...tokens })
    expect(moe.memory!.weightsGB).toBeCloseTo(136.45, 1)
  })
  it('refuses with a 422 naming precision where no engine ships a fallback', () => {
    const turing = refusal({ model: 'llama-3.1-8b', hardware: 't4', precision: 'fp8', ...tokens })
    expect([turing.status, turing.errors[0]!.pointer]).toEqual([422, '/body/precision'])
    expect(turing.errors[0]!.detail).toBe(
      'precision "fp8" needs FP8 matrix units (native on nvidia-ada, nvidia-hopper, nvidia-blackwell, amd-cdna3, amd-cdna4), which hardware "t4" does not have; weight-only fallbacks exist for vllm/sglang on nvidia-ampere, none for vllm on nvidia-turing'
    )
    const trtOnAmpere = refusal({ model: 'llama-3.1-8b', hardware: 'a100-80gb', precision: 'fp8', engine: 'tensorrt-llm', ...tokens })
    expect(trtOnAmpere.errors[0]!.pointer).toBe('/body/precision')
    expect(refusal({ model: 'llama-3.1-8b', hardware: 'mi355x', precision: 'nvfp4', ...tokens }).errors[0]!.pointer).toBe('/body/precision')
  })
  it('catalog 2026.11.0 has no fallback data, so FP8 on an A100 stays a 422 there', () => {
    const old = catalogs.get('2026.11.0')!
    expect(refusal({ model: 'llama-3.1-8b', hardware: 'a100-80gb', precision: 'fp8', ...tokens }, old).errors[0]!.detail).toMatch(/needs FP8 matrix units/)
  })
})

describe('devices without a compute figure', () => {
  it('A10G: memory and decode are estimated, prefill is left out with a warning naming tflops.fp16', () => {
    const e = run({ model: 'llama-2-7b', hardware: 'a10g', ...tokens })
    expect(e.memory!.fits).toBe(true)
    expect([e.latency!.ttftMs, e.latency!.totalMs, e.latency!.prefillBound, e.throughput!.prefillTokensPerSecond]).toEqual([null, null, null, null])
    expect([e.range!.ttftMs, e.range!.totalMs, e.range!.prefillTokensPerSecond, e.assumptions.peakTflops]).toEqual([null, null, null, null])
    expect([e.cost.perRequestUsd, e.cost.deviceHoursPerRequest]).toEqual([null, null])
    expect(e.latency!.decodeBound).toBe('memory')
    expect(e.warnings.join(' ')).toMatch(/hardware "a10g" has no published fp16 TFLOPS figure \(tflops\.fp16\): prompt processing is not estimated/)
    // Decode is timed by its memory traffic alone: the same as on an identical device with compute to spare.
    const spare = run({ model: 'llama-2-7b', hardware: { memoryGB: 24, bandwidthGBps: 600, tflops: { fp16: 1e6 }, priceUsdPerHour: 1.006 }, ...tokens })
    expect(e.latency!.tpotMs).toBeCloseTo(spare.latency!.tpotMs, 3)
  })
  it('B300 has no INT8 rate on record: W8A8 there is estimated without prefill', () => {
    const e = run({ model: 'llama-3.1-8b', hardware: 'b300', precision: 'w8a8', ...tokens })
    expect(e.latency!.ttftMs).toBeNull()
    expect(e.warnings.join(' ')).toMatch(/tflops\.int8/)
  })
  it('/compare still rejects such candidates, naming the missing figure, since ranking needs latency and cost', () => {
    const body = compare(catalog, { workload: tokens, candidates: [{ model: 'llama-2-7b', hardware: 'a10g' }, { model: 'llama-2-7b', hardware: 'a10' }] })
    expect(body.rows.map((row) => row.id)).toEqual(['llama-2-7b@a10x1/fp16'])
    expect(body.rejected[0]!.errors[0]!.pointer).toBe('/body/candidates/0/hardware')
    expect(body.rejected[0]!.detail).toMatch(/no published fp16 TFLOPS figure/)
  })
})

describe('edge devices', () => {
  it('a Raspberry Pi 5 runs llama.cpp on its CPU cores at their FP32 rate', () => {
    const e = run({ model: 'llama-3.2-1b', hardware: 'raspberry-pi-5-8gb', precision: 'q4_k_m', ...tokens })
    expect([e.engine, e.assumptions.peakTflops, e.hardware!.kind, e.memory!.minDevices]).toEqual(['llama.cpp', 0.154, 'edge', 1])
    expect(e.latency!.ttftMs).toBeGreaterThan(0)
    expect(e.warnings.join(' ')).toMatch(/battery drain and thermal throttling are not modelled/)
    expect(e.warnings.join(' ')).toMatch(/no published share of raspberry-pi-5-8gb's memory is left to one app/)
  })
  it('a phone without published compute figures gets memory and decode speed', () => {
    const e = run({ model: 'llama-3.2-3b', hardware: 'snapdragon-8-elite', precision: 'q4_k_m', ...tokens })
    expect(e.memory!.fits).toBe(true)
    expect(e.throughput!.decodeTokensPerSecond).toBeGreaterThan(0)
    expect(e.latency!.ttftMs).toBeNull()
  })
})
