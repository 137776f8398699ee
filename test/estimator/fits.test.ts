import { describe, expect, it } from 'vitest'
import { fitOf, fitOptions, planningFit } from '../../src/estimator/fits.js'
import { estimate } from '../../src/estimator/index.js'
import { memoryFor } from '../../src/estimator/physics/memory.js'
import { findHardware, findModel } from '../../src/catalog/lookup.js'
import { defaultCatalog } from '../helpers/app.js'
import { handScenario } from '../helpers/scenario.js'

describe('fits', () => {
  it('fitOf: fewest devices of the scenario\'s hardware and the memory each then needs', () => {
    const small = handScenario({ hardware: { ...handScenario().hardware, memoryGB: 2.5 } })
    const fit = fitOf(small)!
    expect(fit.minDevices).toBe(2)
    expect(fit.perDeviceGB).toBeCloseTo((1e9 + 1e9 + 512_000 + 400_000) / 1e9, 3) // half the weights + runtime + activations + half the KV
    expect(fitOf(handScenario({ hardware: { ...handScenario().hardware, memoryGB: 1 } }))).toBeNull() // the runtime alone fills 1 GB
  })

  // SGLang reserves more and graphs more from tensor parallel 4: the count tried must use its own
  // defaults, else "needs 4 devices" and then, asked for 4, "needs 8" (mixtral-8x22b fp16 on H100s).
  it('minDevices uses the engine\'s defaults at each device count: an estimate at minDevices fits', () => {
    const catalog = defaultCatalog()
    for (const [model, hardware] of [['mixtral-8x22b', 'h100-sxm'], ['deepseek-r1', 'rtx-4090'], ['llama-3.1-70b', 'a100-40gb']] as const) {
      const body = { model, hardware, engine: 'sglang', promptTokens: 1000, outputTokens: 10 }
      const minDevices = estimate(catalog, body).memory!.minDevices!
      const at = estimate(catalog, { ...body, deviceCount: minDevices }).memory!
      expect([at.fits, at.minDevices], `${model} on ${hardware}`).toEqual([true, minDevices])
    }
  })

  it('planningFit: concurrency from the answer, context from one sequence', () => {
    const scenario = handScenario()
    const fit = planningFit(scenario, { minDevices: 1, maxBatchSize: 17 } as never)
    expect(fit).toEqual({ minDevices: 1, maxConcurrency: 17, maxContextTokens: memoryFor({ ...scenario, batchSize: 1 }).maxContextTokens })
  })

  it('fitOptions: Llama-2-70B needs two 80 GB GPUs at fp16 and one at 4 bits', () => {
    const catalog = defaultCatalog()
    const options = fitOptions(catalog, findModel(catalog, 'llama-2-70b')!, findHardware(catalog, 'a100-80gb')!, 4096)
    expect(options.find((option) => option.precision === 'fp16')?.minDevices).toBe(2)
    expect(options.find((option) => option.precision === 'q4_k_m')?.minDevices).toBe(1)
    expect(options.find((option) => option.precision === 'fp8')?.engine).toBe('vllm') // no FP8 units on an A100: vLLM's Marlin weight-only kernel runs it
    const onT4 = fitOptions(catalog, findModel(catalog, 'llama-2-7b')!, findHardware(catalog, 't4')!, 4096)
    expect(onT4.some((option) => option.precision === 'fp8')).toBe(false) // Turing: no FP8 units and no fallback
  })
})
