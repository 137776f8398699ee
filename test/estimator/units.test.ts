// significant() rounds in arithmetic where that gives the double toPrecision would: checked against
// toPrecision itself on random doubles of every magnitude, on decimals exactly at a half, and on the
// figures /compare rounds.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { significant } from '../../src/estimator/units.js'

const byToPrecision = (value: number, digits: number) => (Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value)

describe('significant', () => {
  it('hand-worked values', () => {
    expect(significant(0.34496504867719546)).toBe(0.344965)
    expect(significant(25533.6458333)).toBe(25533.65)
    expect(significant(14)).toBe(14)
    expect(significant(-1234.56789, 3)).toBe(-1230)
    expect(significant(0)).toBe(0)
    expect(significant(Infinity)).toBe(Infinity)
  })

  it('is the double Number(value.toPrecision(digits)) gives, at every magnitude', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.integer({ min: 1, max: 12 }), (value, digits) => {
        expect(Object.is(significant(value, digits), byToPrecision(value, digits))).toBe(true)
      }),
      { numRuns: 20_000 }
    )
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.constantFrom(3, 6, 7), (value, digits) => {
        expect(significant(value, digits)).toBe(byToPrecision(value, digits))
      }),
      { numRuns: 20_000 }
    )
  })

  it('decimals at or next to a half, and near powers of ten, round as toPrecision does', () => {
    for (const digits of [3, 6, 7]) {
      for (let whole = 1; whole < 3000; whole += 7) {
        for (const power of [-9, -4, -1, 0, 2, 5]) {
          const half = (10 ** (digits - 1) + whole + 0.5) * 10 ** power
          for (const value of [half, half * (1 + 2e-16), half * (1 - 2e-16), 10 ** (digits + power) * (1 - 1e-12), 10 ** (digits + power)]) {
            expect(significant(value, digits), `${value} to ${digits}`).toBe(byToPrecision(value, digits))
            expect(significant(-value, digits)).toBe(byToPrecision(-value, digits))
          }
        }
      }
    }
  })
})
