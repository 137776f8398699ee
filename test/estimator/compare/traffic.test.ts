import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { autoscaledFleet } from '../../../src/estimator/compare/fleet.js'
import { autoscaledReplicasByHour, demandAt, hourlyPeak, hourlyPeaks, overflowShare, peakRequestsPerSecond, replicasFor } from '../../../src/estimator/compare/traffic.js'

/** Overflow share by brute force: the day in 100,000 steps. */
function overflowByStepping(average: number, peakToAverage: number, capacity: number) {
  const steps = 100_000
  let over = 0
  let total = 0
  for (let step = 0; step < steps; step++) {
    const demand = demandAt({ averageRequestsPerSecond: average, peakToAverage }, (24 * step) / steps)
    over += Math.max(0, demand - capacity)
    total += demand
  }
  return over / total
}

describe('a day of sinusoidal traffic', () => {
  it('peak, trough and mean', () => {
    const traffic = { averageRequestsPerSecond: 10, peakToAverage: 1.5 }
    expect(peakRequestsPerSecond(traffic)).toBe(15)
    expect(demandAt(traffic, 6)).toBeCloseTo(15, 12) // a quarter of the day: the crest
    expect(demandAt(traffic, 18)).toBeCloseTo(5, 12) // three quarters: the trough, (2 − 1.5) × 10
    expect(hourlyPeak(traffic, 5)).toBe(15)
    expect(hourlyPeak(traffic, 17)).toBeCloseTo(demandAt(traffic, 17), 12) // falling into the trough: the hour's start is its highest
  })

  it('replicas round up and never drop below one', () => {
    expect(replicasFor(10, 4)).toBe(3)
    expect(replicasFor(8, 4)).toBe(2)
    expect(replicasFor(0.01, 4)).toBe(1)
  })

  it('an autoscaled fleet: 24 hourly sizes between the trough\'s and the peak\'s', () => {
    const traffic = { averageRequestsPerSecond: 10, peakToAverage: 2 }
    const byHour = autoscaledReplicasByHour(traffic, 1)
    expect(byHour).toHaveLength(24)
    expect(Math.max(...byHour)).toBe(20)
    expect(Math.min(...byHour)).toBeGreaterThanOrEqual(1)
    expect(byHour.reduce((sum, replicas) => sum + replicas, 0)).toBeLessThan(24 * 20)
    expect(autoscaledReplicasByHour({ averageRequestsPerSecond: 10, peakToAverage: 1 }, 3)).toEqual(Array(24).fill(4))
  })

  it('hourly peaks are worked out once per traffic, and the autoscaled fleet sums the hourly replicas', () => {
    const traffic = { averageRequestsPerSecond: 10, peakToAverage: 1.7 }
    expect(hourlyPeaks(traffic)).toBe(hourlyPeaks(traffic))
    expect(hourlyPeaks(traffic)).toEqual(Array.from({ length: 24 }, (_, hour) => hourlyPeak(traffic, hour)))
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), fc.double({ min: 1, max: 2, noNaN: true }), fc.double({ min: 0.001, max: 1e3, noNaN: true }), (average, peakToAverage, replicaRps) => {
        const day = { averageRequestsPerSecond: average, peakToAverage }
        const byHour = autoscaledReplicasByHour(day, replicaRps)
        const fleet = autoscaledFleet(day, replicaRps, 3)
        expect(fleet.replicaHoursPerDay).toBe(byHour.reduce((sum, replicas) => sum + replicas, 0))
        expect(fleet.peakReplicas).toBe(Math.max(...byHour))
        expect(fleet.troughReplicas).toBe(Math.min(...byHour))
      })
    )
  })

  it('overflow share: the closed form equals the day stepped through', () => {
    for (const [peakToAverage, capacity] of [[1.5, 10], [1.5, 12], [2, 3], [1.2, 11.5], [1, 8], [1.8, 18], [1.8, 1]] as const) {
      expect(overflowShare({ averageRequestsPerSecond: 10, peakToAverage }, capacity), `${peakToAverage}/${capacity}`).toBeCloseTo(overflowByStepping(10, peakToAverage, capacity), 5)
    }
    expect(overflowShare({ averageRequestsPerSecond: 10, peakToAverage: 1.5 }, 15)).toBe(0)
    expect(overflowShare({ averageRequestsPerSecond: 10, peakToAverage: 1.5 }, 0)).toBe(1)
  })

  it('overflow share never rises with capacity and stays within 0-1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e4, noNaN: true }), fc.double({ min: 1, max: 2, noNaN: true }), fc.double({ min: 0, max: 3e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), (average, peakToAverage, capacity, more) => {
        const traffic = { averageRequestsPerSecond: average, peakToAverage }
        const share = overflowShare(traffic, capacity)
        expect(share).toBeGreaterThanOrEqual(0)
        expect(share).toBeLessThanOrEqual(1)
        expect(overflowShare(traffic, capacity + more)).toBeLessThanOrEqual(share + 1e-12)
      })
    )
  })
})
