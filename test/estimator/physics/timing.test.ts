// Roofline timing of the hand scenario, computed by hand (see test/helpers/scenario.ts).
import { describe, expect, it } from 'vitest'
import { efficiencyFor } from '../../../src/estimator/physics/efficiency.js'
import { allReduceLatencyShare, collectiveMs, decodeStepTime, forwardCommMs, prefillTime, roofline, timingFor } from '../../../src/estimator/physics/timing.js'
import { handEngine, handScenario } from '../../helpers/scenario.js'
import { estimate } from '../../../src/estimator/index.js'
import { defaultCatalog } from '../../helpers/app.js'

const scenario = handScenario()
const efficiency = efficiencyFor(scenario.engine, 'gpu', scenario.precision, scenario.model.architecture.layers)

describe('roofline', () => {
  it('takes the slower of compute and memory, then adds communication and overhead', () => {
    expect(roofline(3, 5, 1, 2)).toEqual({ ms: 8, computeMs: 3, memoryMs: 5, commMs: 1, bound: 'memory' })
    expect(roofline(5, 3, 0, 0).bound).toBe('compute')
  })
})

describe('phases', () => {
  it('decode step at context 900: weights and KV over half of 1000 GB/s, plus 1 ms', () => {
    const step = decodeStepTime(scenario, efficiency, 900)
    // (1,999,800,000 B weights + 720,000 B KV) / 5e11 B/s
    expect(step.memoryMs).toBeCloseTo(4.00104, 9)
    // (2 × 999,900,000 + attention 720,800) × 2 sequences / 5e13 FLOP/s
    expect(step.computeMs).toBeCloseTo(0.080020832, 12)
    expect(step.ms).toBeCloseTo(5.00104, 9)
    expect(step.bound).toBe('memory')
  })

  it('prefill of 2 × 800 tokens: compute bound, plus 2 ms', () => {
    const prefill = prefillTime(scenario, efficiency)
    expect(prefill.computeMs).toBeCloseTo(63.9974608, 7)
    expect(prefill.memoryMs).toBeCloseTo(15.9984, 9) // 4 chunks of 512 tokens, each reading the weights
    expect(prefill.ms).toBeCloseTo(65.9974608, 7)
    expect(prefill.bound).toBe('compute')
  })

  it('a prompt of a few tokens takes at least the decode step of its sequences, less the fixed step cost its request pays once: (4.0 + 1 + 1) − 1 + 2 = 7.0 ms, not 4.0 + 2', () => {
    // Per-layer launches of 0.5 ms × 2 layers: a decode step of the 2 sequences reads the weights
    // (1,999,800,000 B at 5e11 B/s: 3.9996 ms) and pays 1 ms fixed + 1 ms of launches; the 3-token
    // prompts' pass alone read 3.9996 ms.
    const launching = { ...handEngine, efficiency: { ...handEngine.efficiency, decodeLayerOverheadUs: 500 } } as typeof handEngine
    const short = handScenario({ engine: launching, promptTokens: 3 })
    const launchingEfficiency = efficiencyFor(launching, 'gpu', short.precision, 2)
    expect(decodeStepTime(short, launchingEfficiency, 0).ms).toBeCloseTo(5.9996, 9)
    expect(prefillTime(short, launchingEfficiency).ms).toBeCloseTo(6.9996, 9)
    // A long prompt's compute is far above the floor: unchanged.
    expect(prefillTime(handScenario({ engine: launching }), launchingEfficiency).ms).toBeCloseTo(65.9974608, 7)
  })

  it('a static batch run in chunks floors each chunk at the decode step of its share of the prompts, not of the whole batch', () => {
    // 32,768 prompts of 4 tokens through vLLM's 8,192-token budget: 16 chunks of 2,048 prompts. Floored
    // at the whole batch's decode step each, TTFT read 2.6 s (16 × its 162 ms TPOT) instead of 0.59 s.
    const answer = estimate(defaultCatalog(), { model: 'llama-3.2-1b', hardware: 'b200', engine: 'vllm', promptTokens: 4, outputTokens: 4, batchSize: 32768 })
    expect(answer.latency!.ttftMs!).toBeLessThan(4 * answer.latency!.tpotMs)
  })

  it('total = TTFT + (output − 1) × TPOT at the average context', () => {
    const timing = timingFor(scenario, efficiency)
    expect(timing.tpotMs).toBeCloseTo(5.00104, 9)
    expect(timing.totalMs).toBeCloseTo(65.9974608 + 199 * 5.00104, 6)
  })
})

describe('per-expert step cost of MoE layers', () => {
  // The hand model with 2 MoE layers of 8 experts, 2 per token; 10 us per expert a step touches.
  const moeScenario = handScenario({ model: { ...scenario.model, architecture: { ...scenario.model.architecture, experts: 8, expertsPerToken: 2, moeIntermediateSize: 100 } } })
  const withExpertCost = { ...moeScenario, engine: { ...moeScenario.engine, efficiency: { ...moeScenario.engine.efficiency, moeExpertStepOverheadUs: 10 } } }
  const plain = efficiencyFor(moeScenario.engine, 'gpu', moeScenario.precision, 2, 2)
  const costed = efficiencyFor(withExpertCost.engine, 'gpu', withExpertCost.precision, 2, 2)

  it('a decode step of 2 sequences pays for the 8 × (1 − (3/4)²) = 3.5 experts they touch per layer', () => {
    const extraMs = decodeStepTime(withExpertCost, costed, 900).ms - decodeStepTime(moeScenario, plain, 900).ms
    expect(extraMs).toBeCloseTo(2 * 3.5 * 0.01, 9)
  })

  it('each 512-token prompt chunk touches (almost exactly) all 8 experts per layer: 4 chunks × 2 layers × 8 × 10 us', () => {
    const extraMs = prefillTime(withExpertCost, costed).ms - prefillTime(moeScenario, plain).ms
    expect(extraMs).toBeCloseTo(4 * 2 * 8 * 0.01, 6)
  })

  it('costs nothing for a dense model or an engine without the factor', () => {
    expect(decodeStepTime({ ...scenario, engine: withExpertCost.engine }, costed, 900).ms).toBeCloseTo(decodeStepTime(scenario, efficiency, 900).ms, 12)
    expect(plain.expertStepOverheadMs).toBe(0)
  })
})

describe('compute efficiency of FP4 matrix multiplies', () => {
  // The hand scenario's prompt pass is compute bound at 0.5 of the peak: 63.9974608 ms of FLOPs.
  const fp4Engine = { ...scenario.engine, efficiency: { ...scenario.engine.efficiency, fp4ComputeEfficiency: 0.25 } }
  const fp4Scenario = { ...scenario, computeDtype: 'fp4' as const, engine: fp4Engine }
  const fp4Efficiency = efficiencyFor(fp4Engine, 'gpu', scenario.precision, scenario.model.architecture.layers)

  it('an engine with its own FP4 efficiency (0.25 against 0.5) takes twice the compute time where the math runs in FP4', () => {
    expect(prefillTime(fp4Scenario, fp4Efficiency).computeMs).toBeCloseTo(2 * 63.9974608, 6)
  })

  it('leaves 16-bit math and engines without the factor alone', () => {
    expect(prefillTime({ ...scenario, engine: fp4Engine }, fp4Efficiency).computeMs).toBeCloseTo(63.9974608, 6)
    expect(prefillTime({ ...scenario, computeDtype: 'fp4' }, efficiency).computeMs).toBeCloseTo(63.9974608, 6)
  })
})

describe('compute efficiency that grows with the rows of a matrix multiply', () => {
  // Large multiplies approach 0.8 of the peak, half of it at 400 rows; the base share stays 0.5.
  const large = { largeMatmulComputeEfficiency: 0.8, matmulHalfRateRows: 400 }
  // Chunks of 4,096 tokens, so a 1,600-token prompt is one multiply of 1,600 rows.
  const withLarge = (base: ReturnType<typeof handScenario>) => ({
    ...base,
    engine: { ...base.engine, memory: { ...base.engine.memory, maxTokensInFlight: 4096 }, efficiency: { ...base.engine.efficiency, ...large } }
  })

  it('a dense prompt pass of 1,600 tokens runs at 0.8 × 1600 / 2000 = 0.64 of the peak instead of 0.5', () => {
    const fast = withLarge(scenario)
    const fastEfficiency = efficiencyFor(fast.engine, 'gpu', scenario.precision, 2)
    expect(prefillTime(fast, fastEfficiency).computeMs).toBeCloseTo((63.9974608 * 0.5) / 0.64, 6)
  })

  it('a prompt run in chunks of 512 tokens multiplies 512 rows at a time: 0.8 × 512 / 912 is below the base, so 0.5', () => {
    const chunked = { ...withLarge(scenario), engine: { ...withLarge(scenario).engine, memory: { ...scenario.engine.memory, maxTokensInFlight: 512 } } }
    const chunkedEfficiency = efficiencyFor(chunked.engine, 'gpu', scenario.precision, 2)
    expect(prefillTime(chunked, chunkedEfficiency).computeMs).toBeCloseTo(63.9974608, 6)
  })

  it('a share without its half-rate rows is not used', () => {
    const halfMissing = { ...scenario, engine: { ...scenario.engine, efficiency: { ...scenario.engine.efficiency, largeMatmulComputeEfficiency: 0.8 } } }
    expect(prefillTime(halfMissing, efficiencyFor(halfMissing.engine, 'gpu', scenario.precision, 2)).computeMs).toBeCloseTo(63.9974608, 6)
  })

  it('a decode step of 2 rows stays at the base share (0.8 × 2 / 402 is less)', () => {
    const fast = withLarge(scenario)
    const fastEfficiency = efficiencyFor(fast.engine, 'gpu', scenario.precision, 2)
    expect(decodeStepTime(fast, fastEfficiency, 900).computeMs).toBeCloseTo(0.080020832, 12)
  })

  it('routed experts count the tokens routed to each: 1,600 × 2 / 8 = 400 rows, 0.8 × 400 / 800 = 0.4, so the base 0.5', () => {
    const moe = handScenario({ model: { ...scenario.model, architecture: { ...scenario.model.architecture, experts: 8, expertsPerToken: 2, moeIntermediateSize: 100 } } })
    const plainMs = prefillTime(moe, efficiencyFor(moe.engine, 'gpu', moe.precision, 2, 2)).computeMs
    const fast = withLarge(moe)
    const fastMs = prefillTime(fast, efficiencyFor(fast.engine, 'gpu', moe.precision, 2, 2)).computeMs
    // Routed FLOPs: 2 × (2 MoE layers × 2 experts × 3 × 100 × 100 parameters) × 1,600 tokens at 0.5 of 100 TFLOPS.
    const routedMs = (2 * (2 * 2 * 3 * 100 * 100) * 1600) / 5e10
    expect(fastMs).toBeCloseTo(routedMs + ((plainMs - routedMs) * 0.5) / 0.64, 9)
  })
})

describe('collectives between devices', () => {
  // 4 devices, 1000 tokens of hidden size 100 in 16 bits: 200,000 B per all-reduce, 2 per layer × 2 layers.
  const fourDevices = (hardware: Partial<ReturnType<typeof handScenario>['hardware']>, multiDevice: 'tensor' | 'layer' = 'tensor') =>
    handScenario({ deviceCount: 4, hardware: { ...scenario.hardware, interconnectGBps: 32, ...hardware }, engine: { ...handEngine, multiDevice } })
  const noLatency = { collectiveLatencyMs: 0, collectiveLatencyDevices: undefined }

  it('a ring all-reduce sends 2(n − 1)/n of the buffer at the link rate when no bus bandwidth is measured', () => {
    // 1.5 × 200,000 B / 32e9 B/s = 9.375 µs
    expect(collectiveMs(fourDevices({}), noLatency, 200_000)).toBeCloseTo(0.009375, 12)
    expect(forwardCommMs(fourDevices({}), { ...efficiency, collectiveLatencyMs: 0 }, 1000)).toBeCloseTo(4 * 0.009375, 12)
  })

  it('runs at the measured all-reduce bus bandwidth where the hardware has one, plus the engine latency', () => {
    // 1.5 × 200,000 B / 12.5e9 B/s = 24 µs, + 30 µs latency over eight devices × (6.1 + 3 × 3.95) / (6.1 + 7 × 3.95) for four
    expect(collectiveMs(fourDevices({ allReduceBusGBps: 12.5 }), noLatency, 200_000)).toBeCloseTo(0.024, 12)
    expect(collectiveMs(fourDevices({ allReduceBusGBps: 12.5 }), { collectiveLatencyMs: 0.03, collectiveLatencyDevices: 8 }, 200_000)).toBeCloseTo(0.024 + 0.03 * (17.95 / 33.75), 12)
    // Without a reference count (catalog 2026.11.0's engines), every count pays the latency whole.
    expect(collectiveMs(fourDevices({ allReduceBusGBps: 12.5 }), { collectiveLatencyMs: 0.03, collectiveLatencyDevices: undefined }, 200_000)).toBeCloseTo(0.054, 12)
  })

  it('a small all-reduce takes longer the more devices its ring passes through (nccl-tests: 10 µs on two A100s, 33.7 µs on eight)', () => {
    expect(allReduceLatencyShare(8, 8)).toBe(1)
    expect(allReduceLatencyShare(2, 8)).toBeCloseTo(10.05 / 33.75, 12)
    expect(allReduceLatencyShare(4, 8)).toBeCloseTo(17.95 / 33.75, 12)
    // Not carried past the fitted count (the measurement stops at one server).
    expect(allReduceLatencyShare(16, 8)).toBe(1)
    expect(allReduceLatencyShare(64, 8)).toBe(1)
    expect(allReduceLatencyShare(4, 2)).toBe(1)
    expect(allReduceLatencyShare(2, undefined)).toBe(1)
  })

  it('a layer hand-off is one point-to-point copy at the link rate, whatever the all-reduce bus bandwidth', () => {
    // 200,000 B / 32e9 B/s = 6.25 µs
    expect(collectiveMs(fourDevices({ allReduceBusGBps: 12.5 }, 'layer'), noLatency, 200_000)).toBeCloseTo(0.00625, 12)
  })

  it('a prompt run in chunks pays each chunk its own all-reduces', () => {
    // 1,600 prompt tokens in chunks of at most 512: 4 passes (3 × 512 + 64), each 2 layers × 2
    // all-reduces. Bytes are linear in tokens, so the same as 4 × 400 tokens: 80,000 B each,
    // 1.5 × 80,000 B / 32e9 B/s = 3.75 µs + 30 µs latency. 16 × 33.75 µs = 0.54 ms.
    const chunked = fourDevices({})
    const withLatency = { ...efficiencyFor(chunked.engine, 'gpu', chunked.precision, 2), collectiveLatencyMs: 0.03 }
    expect(prefillTime(chunked, withLatency).commMs).toBeCloseTo(0.54, 12)
  })

  it('one device has no collective', () => {
    expect(collectiveMs(handScenario({ hardware: { ...scenario.hardware, allReduceBusGBps: 12.5 } }), { collectiveLatencyMs: 0.03, collectiveLatencyDevices: undefined }, 200_000)).toBe(0)
  })
})
