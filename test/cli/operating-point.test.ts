// The rules the page's load panel and the CLI share (public/operating-point.js): which concurrencies
// to sample, which figure a latency limit reads, and which answer is the operating point.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { concurrencyLevels, DEFAULT_PERCENTILE, figureAt, limitMisses, MAX_CONCURRENCY, MAX_LOAD_POINTS, operatingPointIndex, outputTokensPerSecondPerDevice, PERCENTILES } from '../../public/operating-point.js'
import { Constraints } from '../../src/schemas/compare.js'
import { SERVING_LIMITS } from '../../src/schemas/serving.js'

const spread = (mean: number, p50: number, p90: number, p99: number) => ({ mean, p50, p90, p99 })

/** An answer with only what the rules read; the rest of `serving` is never looked at. */
function answer(concurrency: number, outputTokensPerSecond: number, ttftMs: ReturnType<typeof spread>, tpotMs: ReturnType<typeof spread>, deviceCount = 1, queuedRequests = 0) {
  return { concurrency, deviceCount, serving: { outputTokensPerSecond, ttftMs, tpotMs, queuedRequests } } as unknown as Parameters<typeof limitMisses>[0]
}

describe('concurrency levels', () => {
  it('doubles from 1, then the running-sequence limit itself, then the first power of two above it', () => {
    expect(concurrencyLevels(417)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 417, 512])
    expect(concurrencyLevels(256)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512])
    expect(concurrencyLevels(5)).toEqual([1, 2, 4, 5, 8])
    expect(concurrencyLevels(1)).toEqual([1, 2])
    expect(concurrencyLevels(0)).toEqual([1, 2])
  })

  it('spreads at most 12 points geometrically when doubling takes more', () => {
    // 4096 sequences: doubling is 1..2048 (12 points) + 4096 + 8192; instead 11 geometric points over 1..4096, then 8192.
    const levels = concurrencyLevels(4096)
    expect(levels).toHaveLength(MAX_LOAD_POINTS)
    expect(levels.slice(-2)).toEqual([4096, 8192])
    // 4096^(1/10) = 2.297: 1, 2.30 → 2, 5.28 → 5, 12.1 → 12, …
    expect(levels.slice(0, 4)).toEqual([1, 2, 5, 12])
  })

  it('never asks for more than the service accepts, always rises and holds the running limit', () => {
    expect(MAX_CONCURRENCY).toBe(SERVING_LIMITS.maxConcurrency)
    expect(concurrencyLevels(10_000_000).at(-1)).toBe(MAX_CONCURRENCY)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (running) => {
        const levels = concurrencyLevels(running)
        expect(levels[0]).toBe(1)
        expect(levels.length).toBeLessThanOrEqual(MAX_LOAD_POINTS)
        expect(levels.at(-1)!).toBeLessThanOrEqual(MAX_CONCURRENCY)
        expect(levels).toContain(Math.min(MAX_CONCURRENCY, Math.max(1, running)))
        if (running < MAX_CONCURRENCY) expect(levels.at(-1)!).toBeGreaterThan(Math.max(1, running))
        levels.forEach((level, index) => index > 0 && expect(level).toBeGreaterThan(levels[index - 1]!))
      })
    )
  })
})

describe('latency limits', () => {
  it('know the percentiles /compare\'s latencyPercentile takes, and its default', () => {
    const schema = Constraints.properties.latencyPercentile as unknown as { anyOf: { const: string }[]; default: string }
    expect(PERCENTILES).toEqual(schema.anyOf.map((literal) => literal.const))
    expect(DEFAULT_PERCENTILE).toBe(schema.default)
  })

  const point = answer(8, 1000, spread(400, 380, 600, 900), spread(20, 19, 25, 40), 4)

  it('read the percentile asked for, p90 by default', () => {
    expect(figureAt(point.serving.ttftMs)).toBe(600)
    expect(figureAt(point.serving.ttftMs, 'p99')).toBe(900)
    expect(outputTokensPerSecondPerDevice(point)).toBe(250)
  })

  it('say which limit is missed and by what figure', () => {
    expect(limitMisses(point, {})).toEqual([])
    expect(limitMisses(point, { maxTtftMs: 700 })).toEqual([])
    expect(limitMisses(point, { maxTtftMs: 700, percentile: 'p99' })).toEqual(['TTFT p99 900 ms > 700 ms'])
    expect(limitMisses(point, { maxTtftMs: 500, maxTpotMs: 24, percentile: 'p90' })).toEqual(['TTFT p90 600 ms > 500 ms', 'TPOT p90 25 ms > 24 ms'])
    expect(limitMisses(point, { maxTpotMs: 20, percentile: 'mean' })).toEqual([])
    expect(limitMisses(point, { maxTpotMs: 20, percentile: 'p50' })).toEqual([])
  })
})

describe('the operating point', () => {
  // Throughput rises with users until the engine is full (c = 16), then stays; latency keeps rising.
  const curve = [
    answer(1, 100, spread(50, 50, 50, 50), spread(10, 10, 10, 10)),
    answer(4, 380, spread(80, 75, 110, 160), spread(11, 11, 12, 14)),
    answer(16, 1200, spread(300, 280, 450, 700), spread(15, 15, 18, 24)),
    answer(64, 1200, spread(4000, 3900, 5200, 6000), spread(15, 15, 18, 24))
  ]
  // The engine holds 16 at once: from 24 clients on requests queue, for a sliver more throughput.
  const queueing = [...curve.slice(0, 3), answer(24, 1201, spread(2000, 2000, 2600, 3000), spread(15, 15, 18, 24), 1, 8), answer(64, 1201, spread(4000, 3900, 5200, 6000), spread(15, 15, 18, 24), 1, 48)]

  it('is the highest throughput that meets the limits, the fewest users on a tie', () => {
    expect(operatingPointIndex(curve, {})).toBe(2)
    expect(operatingPointIndex(curve, { maxTtftMs: 500 })).toBe(2)
    expect(operatingPointIndex(curve, { maxTtftMs: 500, percentile: 'p99' })).toBe(1)
    expect(operatingPointIndex(curve, { maxTpotMs: 12, percentile: 'p90' })).toBe(1)
    expect(operatingPointIndex(curve, { maxTtftMs: 40 })).toBe(-1)
  })

  it('prefers a load where nobody queues, unless only queued loads meet the limits', () => {
    expect(operatingPointIndex(queueing, {})).toBe(2)
    expect(operatingPointIndex(queueing, { maxTpotMs: 16, percentile: 'mean' })).toBe(2)
    const onlyQueuedMeet = queueing.map((each, index) => (index < 3 ? answer(1, 1, spread(1, 1, 1, 1), spread(99, 99, 99, 99)) : each))
    expect(operatingPointIndex(onlyQueuedMeet, { maxTpotMs: 50 })).toBe(3)
  })

  it('skips answers without serving figures', () => {
    expect(operatingPointIndex([{ deviceCount: 1, serving: null }, curve[0]!], {})).toBe(1)
  })
})
