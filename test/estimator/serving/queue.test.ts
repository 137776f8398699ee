// Textbook queueing results against hand-worked values.
import { describe, expect, it } from 'vitest'
import { erlangC, mdcWait, mdOneWait, normalUpperTail, occupancyVariance, poissonQuantile, sumQuantile, waitQuantile, Z_SCORE } from '../../../src/estimator/serving/queue.js'

describe('queueing formulas', () => {
  it('M/D/1 wait is ρs / 2(1 − ρ)', () => {
    expect(mdOneWait(0.5, 1)).toBeCloseTo(0.5, 12)
    expect(mdOneWait(0.8, 10)).toBeCloseTo(20, 12)
    expect(mdOneWait(0, 10)).toBe(0)
    expect(mdOneWait(1, 10)).toBe(Infinity)
  })
  it('Erlang C matches hand-worked cases', () => {
    // c = 1: the probability of waiting is the utilisation.
    expect(erlangC(1, 0.3)).toBeCloseTo(0.3, 12)
    // c = 2, a = 1: C = (a²/2!)(c/(c−a)) / (1 + a + (a²/2!)(c/(c−a))) = 1 / 3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12)
    expect(erlangC(4, 4)).toBe(1)
  })
  it('Erlang C stops once blocking is negligible: 0 then, the full recurrence otherwise', () => {
    const fullRecurrence = (servers: number, offered: number) => {
      let blocking = 1
      for (let k = 1; k <= servers; k++) blocking = (offered * blocking) / (k + offered * blocking)
      return blocking / (1 - (offered / servers) * (1 - blocking))
    }
    // 200 slots holding 10 requests on average: the full recurrence gives about 1e-179 (e^-10 · 10^200 / 200!).
    expect(fullRecurrence(200, 10)).toBeGreaterThan(0)
    expect(fullRecurrence(200, 10)).toBeLessThan(1e-170)
    expect(erlangC(200, 10)).toBe(0)
    expect(mdcWait(200, 10, 5000)).toEqual({ mean: 0, probabilityOfWaiting: 0 })
    for (const [servers, offered] of [[256, 200], [1024, 900], [1024, 1000], [64, 40], [4096, 3000], [1024, 400], [300, 250]] as const) {
      const full = fullRecurrence(servers, offered)
      expect(Math.abs(erlangC(servers, offered) - full)).toBeLessThanOrEqual(1e-20)
      if (full > 1e-15) expect(erlangC(servers, offered)).toBe(full)
    }
  })
  it('Erlang C\'s shortcuts (a bound that answers 0 at once, a start below the load) change no answer: equal to the recurrence from one server on a grid', () => {
    // The recurrence as written before the shortcuts: from one server, stopping once blocking is negligible.
    const fromOneServer = (servers: number, offered: number) => {
      if (offered <= 0) return 0
      if (offered >= servers) return 1
      let blocking = 1
      for (let k = 1; k <= servers; k++) {
        blocking = (offered * blocking) / (k + offered * blocking)
        if (blocking < 1e-20) return 0
      }
      return blocking / (1 - (offered / servers) * (1 - blocking))
    }
    let compared = 0
    for (const servers of [1, 2, 3, 5, 8, 16, 32, 64, 100, 128, 256, 500, 512, 1000, 1024, 2048, 4096]) {
      for (let step = 1; step < 400; step++) {
        const offered = ((servers * step) / 400) * (1 + 1e-3 * Math.sin(step))
        expect(erlangC(servers, offered), `${servers} servers, ${offered} offered`).toBe(fromOneServer(servers, offered))
        compared++
      }
    }
    expect(compared).toBe(17 * 399)
  })
  it('M/D/c wait is half the M/M/c wait', () => {
    // c = 2, a = 1, s = 1: M/M/c wait = C·s/(c − a) = 1/3, halved.
    expect(mdcWait(2, 1, 1).mean).toBeCloseTo(1 / 6, 12)
    expect(mdcWait(2, 2, 1).mean).toBe(Infinity)
  })
  it('a wait with an atom at zero has its quantiles above the atom only', () => {
    expect(waitQuantile(1, 0.5, 0.4)).toBe(0)
    // mean 1, π = 0.5: conditional mean 2, q(0.9) = 2 ln(0.5/0.1).
    expect(waitQuantile(1, 0.5, 0.9)).toBeCloseTo(2 * Math.log(5), 12)
  })
  it('quantiles of a sum keep one dominant part and add deviations as a root sum of squares', () => {
    expect(sumQuantile([{ mean: 10, quantile: 13 }])).toBe(13)
    expect(sumQuantile([{ mean: 1, quantile: 4 }, { mean: 2, quantile: 6 }])).toBeCloseTo(3 + 5, 12)
  })
})

describe('normalUpperTail', () => {
  it('matches the standard normal at the quantiles the service reports, to 1.5e-7', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7)
    expect(normalUpperTail(Z_SCORE.p90)).toBeCloseTo(0.1, 6)
    expect(normalUpperTail(Z_SCORE.p99)).toBeCloseTo(0.01, 6)
    expect(normalUpperTail(-1.959963984540054)).toBeCloseTo(0.975, 6)
    expect(normalUpperTail(40)).toBe(0)
    expect(normalUpperTail(-40)).toBe(1)
  })
})

describe('occupancyVariance', () => {
  it('a Poisson count for open arrivals, a binomial one over a closed loop\'s other clients', () => {
    expect(occupancyVariance(30, undefined)).toBe(30)
    expect(occupancyVariance(6, 8)).toBeCloseTo(6 * (1 - 6 / 8), 12)
    // Every other client decoding, or none there: no variation.
    expect(occupancyVariance(8, 8)).toBe(0)
    expect(occupancyVariance(0.5, 0)).toBe(0)
  })
})

describe('poissonQuantile', () => {
  it('is the count where the cumulative share, read linearly between counts, reaches the target', () => {
    // Mean 0.01: P(0) = e^-0.01 = 0.990, so the p90 and p99 are 0.
    expect(poissonQuantile(0.01, 0.9)).toBe(0)
    expect(poissonQuantile(0.01, 0.99)).toBe(0)
    // Mean 0.02: P(0) = 0.980 < 0.99, P(1) = 0.0196: the p99 is (0.99 − 0.980) / 0.0196 = 0.5 of the way to 1.
    expect(poissonQuantile(0.02, 0.99)).toBeCloseTo((0.99 - Math.exp(-0.02)) / (0.02 * Math.exp(-0.02)), 12)
    // Mean 1: P(≤1) = 2/e = 0.736, P(2) = 1/(2e) = 0.184, so the p90 is 1 + (0.9 − 2/e) / (1/(2e)) = 1.89.
    expect(poissonQuantile(1, 0.9)).toBeCloseTo(1 + (0.9 - 2 / Math.E) / (1 / (2 * Math.E)), 12)
    // It ramps, not steps, as the mean grows through the point where P(0) falls below the share.
    const justBelow = poissonQuantile(-Math.log(0.99) - 1e-6, 0.99)!
    const justAbove = poissonQuantile(-Math.log(0.99) + 1e-6, 0.99)!
    expect(justAbove - justBelow).toBeLessThan(1e-3)
    // Past a mean of 50 the normal approximation serves.
    expect(poissonQuantile(60, 0.9)).toBeUndefined()
  })
})
