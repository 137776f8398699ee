// The engine front-end's per-request CPU time (frontendRequestUs): it runs beside the engine loop, so
// it caps completed requests per second at 1e6 / frontendRequestUs instead of lengthening steps.
import { describe, expect, it } from 'vitest'
import { withEngine } from '../../../src/calibration/engine-params.js'
import { estimate } from '../../../src/estimator/index.js'
import type { EstimateRequest } from '../../../src/schemas/estimate.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()
const vllm = catalog.engineById.get('vllm')!
/** vLLM with a stated front-end cost, or none (0: no cap). */
const withFrontend = (frontendRequestUs: number) => withEngine(catalog, { ...vllm, serving: { ...vllm.serving!, frontendRequestUs } })
// Short requests on a small model: the GPU steps alone sustain about 120 requests/s.
const burst: EstimateRequest = { model: 'llama-3.1-8b', hardware: 'h100-sxm', engine: 'vllm', promptTokens: 128, outputTokens: 4, concurrency: 1000 }

describe('front-end ceiling on requests per second', () => {
  it('20,000 µs per request caps capacity at 1e6 / 20000 = 50 requests/s (200 output tokens/s at 4 each), limited by the front-end', () => {
    const uncapped = estimate(withFrontend(0), burst).serving!
    expect(uncapped.capacity.requestsPerSecond).toBeGreaterThan(100)
    const capped = estimate(withFrontend(20_000), burst).serving!
    expect(capped.capacity.requestsPerSecond).toBeCloseTo(50, 6)
    expect(capped.capacity.outputTokensPerSecond).toBeCloseTo(200, 4)
    expect(capped.capacity.totalTokensPerSecond).toBeCloseTo(50 * 132, 3)
    expect(capped.capacity.limitedBy).toBe('front-end')
  })
  it('a closed loop that would pass the ceiling runs at it, and its clients wait', () => {
    const capped = estimate(withFrontend(20_000), burst).serving!
    expect(capped.requestsPerSecond).toBeCloseTo(50, 3)
    expect(capped.queuedRequests).toBeGreaterThan(0)
    expect(Number.isFinite(capped.ttftMs.p99)).toBe(true)
  })
  it('an open loop beyond the ceiling is saturated at it', () => {
    const serving = estimate(withFrontend(20_000), { ...burst, concurrency: undefined, requestsPerSecond: 80 }).serving!
    expect(serving.saturated).toBe(true)
    expect(serving.requestsPerSecond).toBeCloseTo(50, 6)
  })
  it('a ceiling above what the GPU steps sustain changes nothing', () => {
    const uncapped = estimate(withFrontend(0), burst).serving!
    const loose = estimate(withFrontend(1), burst).serving!
    expect(loose.capacity).toEqual(uncapped.capacity)
    expect(loose.ttftMs).toEqual(uncapped.ttftMs)
  })
})
