// The start-up wave of a closed loop, on hand-worked cases: a step costs 1 ms per 1,000 prompt tokens.
import { describe, expect, it } from 'vitest'
import { withWave, type Spread } from '../../../src/estimator/serving/distribution.js'
import type { ServingContext } from '../../../src/estimator/serving/operating-point.js'
import { DEFAULT_RUN_PROMPTS, startupWave } from '../../../src/estimator/serving/wave.js'

const context = {
  scenario: { promptTokens: 1000, engine: {} },
  limits: { maxBatchedTokens: 4096, maxRunningSequences: 100 },
  prefillOverheadMs: 5,
  step: (shape: { prefillTokens: number }) => ({ ms: shape.prefillTokens / 1000 })
} as unknown as ServingContext

describe('start-up wave', () => {
  it('one client has no wave', () => {
    expect(startupWave(context, 1)).toBeUndefined()
  })
  it('ten prompts of 1,000 tokens in steps of 4,096: the first is done after one step, the last after three', () => {
    const wave = startupWave(context, 10)!
    // 10 clients of a run of the load generators' default 1,000 prompts: the wave is 1% of the run.
    expect(DEFAULT_RUN_PROMPTS).toBe(1000)
    expect(wave.share).toBeCloseTo(0.01, 12)
    expect(wave.firstMs).toBeCloseTo(5 + 4.096, 9)
    expect(wave.lastMs).toBeCloseTo(5 + 3 * 4.096, 9)
  })
  it('only the sequences the engine admits take part: 200 clients, 100 slots, 25 steps', () => {
    expect(startupWave(context, 200)!.lastMs).toBeCloseTo(5 + 25 * 4.096, 9)
  })
  it('the wave is the admitted prompts\' share of the run: clients beyond the 100 slots wait as in the steady state', () => {
    expect(startupWave(context, 50)!.share).toBeCloseTo(0.05, 12)
    expect(startupWave(context, 100)!.share).toBeCloseTo(0.1, 12)
    expect(startupWave(context, 1000)!.share).toBeCloseTo(0.1, 12)
    expect(startupWave(context, 5000)!.share).toBeCloseTo(0.1, 12)
    const roomy = { ...context, limits: { ...context.limits, maxRunningSequences: 4096 } } as ServingContext
    expect(startupWave(roomy, 2000)!.share).toBe(1)
  })
  it('prompts that fit one step all finish with it', () => {
    const wave = startupWave(context, 3)!
    expect(wave.firstMs).toBeCloseTo(5 + 3, 9)
    expect(wave.lastMs).toBeCloseTo(5 + 3, 9)
  })
  it('an engine with a start-up cost adds it to every prompt of the wave', () => {
    const costed = { ...context, scenario: { promptTokens: 1000, engine: { serving: { startupWaveMs: 300 } } } } as unknown as ServingContext
    const wave = startupWave(costed, 10)!
    expect(wave.firstMs).toBeCloseTo(300 + 5 + 4.096, 9)
    expect(wave.lastMs).toBeCloseTo(300 + 5 + 3 * 4.096, 9)
  })
  it('the run mixes the steady state with the wave: mean by shares, p99 inside the wave', () => {
    const steady: Spread = { mean: 20, p50: 20, p90: 20, p99: 20 }
    const wave = { share: 0.1, firstMs: 100, lastMs: 200 }
    const mixed = withWave(steady, 20, wave)
    expect(mixed.mean).toBeCloseTo(0.9 * 20 + 0.1 * 150, 9)
    expect(mixed.p50).toBeCloseTo(20, 3)
    expect(mixed.p90).toBeCloseTo(20, 3)
    // 90% at 20 ms; the wave's 10% spread evenly over 100-200 ms: the 99th percentile is 90% into it.
    expect(mixed.p99).toBeCloseTo(190, 3)
  })
})
