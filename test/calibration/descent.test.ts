import { describe, expect, it } from 'vitest'
import { coordinateDescent, descendToFixedPoint, type BoundedFactor } from '../../src/calibration/descent.js'

type Point = { x: number; y: number }
// A curved valley (Rosenbrock's): coordinate moves along it are small, so one descent stops short.
const valley = (point: Point) => (1 - point.x) ** 2 + 100 * (point.y - point.x ** 2) ** 2
const factors: BoundedFactor<Point>[] = [
  { min: -2, max: 2, get: (point) => point.x, set: (point, x) => ({ ...point, x }) },
  { min: -1, max: 3, get: (point) => point.y, set: (point, y) => ({ ...point, y }) }
]
const round4 = (point: Point): Point => ({ x: Math.round(point.x * 1e4) / 1e4, y: Math.round(point.y * 1e4) / 1e4 })
const start: Point = { x: -1.2, y: 1 }

describe('descendToFixedPoint', () => {
  it('returns a state that a further call gives back unchanged after a single descent', () => {
    const first = descendToFixedPoint(start, factors, valley, round4, { minStep: 0.01 })
    const again = descendToFixedPoint(first.state, factors, valley, round4, { minStep: 0.01 })
    expect(again.state).toEqual(first.state)
    expect(again.descents).toBe(1)
  })

  it('restarts while a restart still lowers the score, and never ends above one descent', () => {
    const once = coordinateDescent(start, factors, valley, { minStep: 0.01 })
    const fixed = descendToFixedPoint(start, factors, valley, round4, { minStep: 0.01 })
    expect(fixed.descents).toBeGreaterThan(1)
    expect(valley(fixed.state)).toBeLessThan(valley(once))
  })

  it('stores rounded values and stops at the restart limit', () => {
    const capped = descendToFixedPoint(start, factors, valley, round4, { minStep: 0.01, restarts: 1 })
    expect(capped.descents).toBe(1)
    expect(capped.state).toEqual(round4(capped.state))
    expect(capped.state).toEqual(round4(coordinateDescent(round4(start), factors, valley, { minStep: 0.01 })))
  })
})
