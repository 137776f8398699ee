// The start-up wave of a closed loop, on hand-worked cases: a step costs 1 ms per 1,000 prompt tokens.
import { describe, expect, it } from 'vitest'
import { withWave, type Spread } from '../../../src/estimator/serving/distribution.js'
import type { ServingContext } from '../../../src/estimator/serving/operating-point.js'
import { DEFAULT_RUN_PROMPTS, RUN_PROMPTS_PER_CLIENT, startupWave } from '../../../src/estimator/serving/wave.js'

const context = {
  scenario: { promptTokens: 1000, engine: {} },
  limits: { maxBatchedTokens: 4096, maxRunningSequences: 100 },
  prefillOverheadMs: 5,
  step: (shape: { prefillTokens: number }) => ({ ms: shape.prefillTokens / 1000 })
} as unknown as ServingContext

/** The steady state's completion rate the clients queued behind the wave get their slots at. */
const COMPLETIONS_PER_SECOND = 10

describe('start-up wave', () => {
  it('one client has no wave', () => {
    expect(startupWave(context, 1, COMPLETIONS_PER_SECOND)).toBeUndefined()
  })
  it('ten prompts of 1,000 tokens in steps of 4,096: the first is done after one step, the last after three', () => {
    const wave = startupWave(context, 10, COMPLETIONS_PER_SECOND)!
    // 10 clients of a run of the load generators' default 1,000 prompts: the wave is 1% of the run.
    expect(DEFAULT_RUN_PROMPTS).toBe(1000)
    expect(wave.share).toBeCloseTo(0.01, 12)
    expect(wave.firstMs).toBeCloseTo(5 + 4.096, 9)
    expect(wave.lastMs).toBeCloseTo(5 + 3 * 4.096, 9)
  })
  it('only the sequences the engine admits take part: 200 clients, 100 slots, 25 steps', () => {
    expect(startupWave(context, 200, COMPLETIONS_PER_SECOND)!.lastMs).toBeCloseTo(5 + 25 * 4.096, 9)
  })
  it('the wave is the admitted prompts\' share of the run (of 1,000 requests, or 5 per client past 200); the clients beyond the 100 slots queue behind it', () => {
    expect(RUN_PROMPTS_PER_CLIENT).toBe(5)
    expect(startupWave(context, 50, COMPLETIONS_PER_SECOND)!.share).toBeCloseTo(0.05, 12)
    expect(startupWave(context, 100, COMPLETIONS_PER_SECOND)!.share).toBeCloseTo(0.1, 12)
    expect(startupWave(context, 200, COMPLETIONS_PER_SECOND)!.share).toBeCloseTo(0.1, 12)
    expect(startupWave(context, 1000, COMPLETIONS_PER_SECOND)!.share).toBeCloseTo(100 / 5000, 12)
    expect(startupWave(context, 5000, COMPLETIONS_PER_SECOND)!.share).toBeCloseTo(100 / 25_000, 12)
    // With room for every client, the wave is a fifth of the run at most: a run of one request per
    // client (the whole run a wave) measures no steady state, and put TTFT at half the Little's-law wait.
    const roomy = { ...context, limits: { ...context.limits, maxRunningSequences: 4096 } } as ServingContext
    expect(startupWave(roomy, 200, COMPLETIONS_PER_SECOND)!.share).toBeCloseTo(0.2, 12)
    expect(startupWave(roomy, 1000, COMPLETIONS_PER_SECOND)!.share).toBeCloseTo(0.2, 12)
    expect(startupWave(roomy, 8000, COMPLETIONS_PER_SECOND)!.share).toBeCloseTo(4096 / 40_000, 12)
  })
  it('clients beyond the slots get them one per completion after the wave: 300 clients, 100 slots, 10 completions/s', () => {
    const wave = startupWave(context, 300, COMPLETIONS_PER_SECOND)!
    expect(wave.share).toBeCloseTo(100 / 1500, 12)
    expect(wave.queuedShare).toBeCloseTo(200 / 1500, 12)
    // The last of the 200 queued gets its slot 200 / 10 = 20 s after the wave's last prompt.
    expect(wave.queuedLastMs).toBeCloseTo(wave.lastMs + 20_000, 6)
    expect(startupWave(context, 80, COMPLETIONS_PER_SECOND)!.queuedShare).toBe(0)
  })
  it('prompts that fit one step all finish with it', () => {
    const wave = startupWave(context, 3, COMPLETIONS_PER_SECOND)!
    expect(wave.firstMs).toBeCloseTo(5 + 3, 9)
    expect(wave.lastMs).toBeCloseTo(5 + 3, 9)
  })
  it('an engine with a start-up cost adds it to every prompt of the wave', () => {
    const costed = { ...context, scenario: { promptTokens: 1000, engine: { serving: { startupWaveMs: 300 } } } } as unknown as ServingContext
    const wave = startupWave(costed, 10, COMPLETIONS_PER_SECOND)!
    expect(wave.firstMs).toBeCloseTo(300 + 5 + 4.096, 9)
    expect(wave.lastMs).toBeCloseTo(300 + 5 + 3 * 4.096, 9)
  })
  it('the run mixes the steady state with the wave: mean by shares, p99 inside the wave', () => {
    const steady: Spread = { mean: 20, p50: 20, p90: 20, p99: 20 }
    const wave = { share: 0.1, firstMs: 100, lastMs: 200, queuedShare: 0, queuedLastMs: 200 }
    const mixed = withWave(steady, 20, wave)
    expect(mixed.mean).toBeCloseTo(0.9 * 20 + 0.1 * 150, 9)
    expect(mixed.p50).toBeCloseTo(20, 3)
    expect(mixed.p90).toBeCloseTo(20, 3)
    // 90% at 20 ms; the wave's 10% spread evenly over 100-200 ms: the 99th percentile is 90% into it.
    expect(mixed.p99).toBeCloseTo(190, 3)
  })
  it('clients queued behind the wave spread evenly from its last prompt to the last of them', () => {
    const steady: Spread = { mean: 20, p50: 20, p90: 20, p99: 20 }
    const wave = { share: 0.1, firstMs: 100, lastMs: 200, queuedShare: 0.2, queuedLastMs: 1200 }
    const mixed = withWave(steady, 20, wave)
    expect(mixed.mean).toBeCloseTo(0.7 * 20 + 0.1 * 150 + 0.2 * 700, 9)
    expect(mixed.p50).toBeCloseTo(20, 3)
    // 70% at 20 ms, 10% over 100-200 ms, 20% over 200-1,200 ms: the 90th percentile is halfway through the queued.
    expect(mixed.p90).toBeCloseTo(700, 3)
    expect(mixed.p99).toBeCloseTo(1150, 3)
  })
})
