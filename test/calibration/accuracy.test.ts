// The estimator against the published measurements: the targets of the calibration, as a
// regression guard (the same figures npm run accuracy prints).
import { describe, expect, it } from 'vitest'
import { median, worstFactor } from '../../src/calibration/evaluate.js'
import { accuracyReport, TARGETS } from '../../scripts/accuracy.js'

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
  it('meets the median targets per engine for llama.cpp, vLLM and TensorRT-LLM', () => {
    for (const s of summary.filter((x) => x.engine !== 'transformers' && x.metric !== 'totalGB')) {
      const target = s.metric === 'prefillTokensPerSecond' || s.metric === 'ttftMs' ? TARGETS.prefillMedian : TARGETS.decodeMedian
      expect(s.medianAbsPctError, `${s.metric} ${s.engine}`).toBeLessThanOrEqual(target)
    }
  })
  it('no row of llama.cpp, vLLM or TensorRT-LLM is off by more than 2x', () => {
    expect(worstFactor(rows.filter((r) => r.engine !== 'transformers' && r.band !== 'memory'))).toBeLessThanOrEqual(TARGETS.worstFactor)
  })
  it('transformers (two implementations ~4x apart in the data) stays within 3x, memory within 1.5x', () => {
    expect(worstFactor(rows.filter((r) => r.engine === 'transformers' && r.band !== 'memory'))).toBeLessThanOrEqual(3)
    expect(worstFactor(rows.filter((r) => r.band === 'memory'))).toBeLessThanOrEqual(1.5)
  })
})
