// The CLI's tables and the page share public/format.js.
import { describe, expect, it } from 'vitest'
import { compareRowCells, fitText, formatNumber, formatUsd } from '../../public/format.js'
import { compareText, estimateText, table } from '../../src/cli/format.js'
import { compare, estimate } from '../../src/estimator/index.js'
import { defaultCatalog } from '../helpers/app.js'

const catalog = defaultCatalog()

describe('shared formatting', () => {
  it('three significant digits, whole numbers with separators from 1000, dollars in cents from $1', () => {
    expect([formatNumber(0.012345), formatNumber(40), formatNumber(11782.4), formatNumber(null)]).toEqual(['0.0123', '40', '11,782', '—'])
    expect([formatUsd(0.09), formatUsd(0.0081812), formatUsd(3647.657), formatUsd(undefined)]).toEqual(['$0.09', '$0.00818', '$3647.66', '—'])
  })

  it('pads table columns', () => {
    expect(table([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\nccc  d')
  })

  it('an estimate table uses the page\'s fit sentence and figures', () => {
    const answer = estimate(catalog, { model: '7b', hardware: 'a100-80gb', promptTokens: 100, outputTokens: 10 })
    const text = estimateText(answer)
    expect(text).toContain(fitText(answer))
    expect(text).toContain(`${formatNumber(answer.latency!.ttftMs)} ms`)
  })

  it('a compare table shows the volume columns only with a daily volume', () => {
    const request = { workload: { promptTokens: 100, outputTokens: 10 }, candidates: [{ model: '7b', hardware: 'a100-80gb' }] }
    const withoutVolume = compare(catalog, request)
    expect(compareText(withoutVolume).split('\n')[0]).not.toMatch(/\$\/month/)
    const withVolume = compare(catalog, { ...request, workload: { ...request.workload, requestsPerDay: 1000 } })
    expect(compareText(withVolume).split('\n')[1]).toContain(compareRowCells(withVolume.rows[0]!)[10]!)
  })
})
