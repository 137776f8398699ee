// The estimator against the published measurements: the targets of the calibration, as a
// regression guard (the same figures npm run accuracy prints).
import { describe, expect, it } from 'vitest'
import { median, worstFactor } from '../../src/calibration/evaluate.js'
import { accuracyReport, TARGETS } from '../../scripts/accuracy.js'
import { SERVING_TARGETS, servingAccuracyReport } from '../../scripts/serving-accuracy.js'

const { rows, skipped, decode, prefill, summary } = accuracyReport()
const speedError = (rs: typeof rows) => median(rs.map((r) => Math.abs(1 / r.ratio - 1)))

describe('accuracy on calibration/measurements.json', () => {
  it('estimates every row', () => {
    expect(skipped).toEqual([])
    expect(rows.length).toBe(132)
  })
  it(`median decode-speed error <= ${TARGETS.decodeMedian * 100}% and prefill <= ${TARGETS.prefillMedian * 100}% (pooled)`, () => {
    expect(speedError(decode)).toBeLessThanOrEqual(TARGETS.decodeMedian)
    expect(speedError(prefill)).toBeLessThanOrEqual(TARGETS.prefillMedian)
  })
  it('meets the median targets per engine (AutoAWQ now has its own profile)', () => {
    for (const s of summary.filter((x) => x.metric !== 'totalGB')) {
      const target = s.metric === 'prefillTokensPerSecond' || s.metric === 'ttftMs' ? TARGETS.prefillMedian : TARGETS.decodeMedian
      expect(s.medianAbsPctError, `${s.metric} ${s.engine}`).toBeLessThanOrEqual(target)
    }
  })
  it('no speed or latency row is off by more than 2x', () => {
    expect(worstFactor(rows.filter((r) => r.band !== 'memory'))).toBeLessThanOrEqual(TARGETS.worstFactor)
  })
  it('transformers (two implementations ~4x apart in the data) stays within 3x, memory within 1.5x', () => {
    expect(worstFactor(rows.filter((r) => r.engine === 'transformers' && r.band !== 'memory'))).toBeLessThanOrEqual(3)
    expect(worstFactor(rows.filter((r) => r.band === 'memory'))).toBeLessThanOrEqual(1.5)
  })
})

describe('serving accuracy on calibration/serving.json (regression guard; the targets are in npm run accuracy)', () => {
  const { rows: servingRows, scored } = servingAccuracyReport()
  const medianError = (family: string) => median(servingRows.filter((row) => row.family === family).map((row) => row.absPctError))
  it('answers every scored row but a handful', () => {
    expect(servingRows.length).toBeGreaterThanOrEqual(scored - 5)
  })
  it('keeps TTFT within 25% and throughput within 25% (median), and nine rows in ten within 2x', () => {
    expect(medianError('ttft')).toBeLessThanOrEqual(SERVING_TARGETS.ttft)
    expect(medianError('throughput')).toBeLessThanOrEqual(0.25)
    expect(servingRows.filter((row) => row.ratio <= 2 && row.ratio >= 0.5).length / servingRows.length).toBeGreaterThanOrEqual(0.85)
  })
  it('three measurements in four fall inside the band the answer states', () => {
    const banded = servingRows.filter((row) => row.insideBand !== undefined)
    expect(banded.filter((row) => row.insideBand).length / banded.length).toBeGreaterThanOrEqual(SERVING_TARGETS.insideBand)
  })
})
