// The estimator against the published measurements: the targets of the calibration, as a
// regression guard (the same figures npm run accuracy prints).
import { describe, expect, it } from 'vitest'
import { median, shareWithin2x, worstFactor } from '../../src/calibration/evaluate.js'
import { loadCatalogSet } from '../../src/catalog/index.js'
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
  // Guards at this release's figures (npm run accuracy), with a point or two of headroom for float
  // noise: TTFT 7.7%, TPOT 10.1%, throughput 14.9%, TTFT p99 43.6%, TPOT p99 9.5%, within 2x 92.0%.
  it('keeps TTFT, TPOT and throughput median errors at or below their figures of this release (TTFT, TPOT and throughput at target)', () => {
    expect(medianError('ttft')).toBeLessThanOrEqual(Math.min(SERVING_TARGETS.ttft, 0.1))
    expect(medianError('tpot')).toBeLessThanOrEqual(Math.min(SERVING_TARGETS.tpot, 0.12))
    expect(medianError('throughput')).toBeLessThanOrEqual(SERVING_TARGETS.throughput)
    expect(medianError('tpotP99')).toBeLessThanOrEqual(SERVING_TARGETS.p99)
    expect(medianError('ttftP99')).toBeLessThanOrEqual(0.45)
  })
  it('nine rows in ten within 2x', () => {
    expect(shareWithin2x(servingRows)).toBeGreaterThanOrEqual(SERVING_TARGETS.within2x)
  })
  it('every serving engine has leave-one-group-out bands of its own, and the median band is at most 3 wide', () => {
    const catalog = loadCatalogSet().get()!
    for (const id of ['vllm', 'sglang', 'tensorrt-llm']) expect(Object.keys(catalog.engineById.get(id)!.serving!.errorBands ?? {}), id).toEqual(['ttftMs', 'tpotMs', 'outputTokensPerSecond'])
    const banded = servingRows.filter((row) => row.bandWidth !== undefined)
    expect(median(banded.map((row) => row.bandWidth!))).toBeLessThanOrEqual(SERVING_TARGETS.bandWidth)
  })
  it('three measurements in four fall inside the band the answer states', () => {
    const banded = servingRows.filter((row) => row.insideBand !== undefined)
    expect(banded.filter((row) => row.insideBand).length / banded.length).toBeGreaterThanOrEqual(SERVING_TARGETS.insideBand)
  })
})
