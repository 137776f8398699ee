// Roofline timing of the hand scenario, computed by hand (see test/helpers/scenario.ts).
import { describe, expect, it } from 'vitest'
import { efficiencyFor } from '../../../src/estimator/physics/efficiency.js'
import { decodeStepTime, prefillTime, roofline, timingFor } from '../../../src/estimator/physics/timing.js'
import { handScenario } from '../../helpers/scenario.js'

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

  it('total = TTFT + (output − 1) × TPOT at the average context', () => {
    const timing = timingFor(scenario, efficiency)
    expect(timing.tpotMs).toBeCloseTo(5.00104, 9)
    expect(timing.totalMs).toBeCloseTo(65.9974608 + 199 * 5.00104, 6)
  })
})
