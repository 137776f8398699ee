// The CLI's tables and the page share public/format.js.
import { describe, expect, it } from 'vitest'
import { boundedByText, capacityText, compareRowCells, devicesNeededText, fitText, formatNumber, formatUsd, loadText, unfitNote } from '../../public/format.js'
import { compareText, estimateText, hardwareText, modelsText, servingText, table, unservedLimitsText } from '../../src/cli/format.js'
import { compare, estimate } from '../../src/estimator/index.js'
import { defaultCatalog } from '../helpers/app.js'
import { LIMITS } from '../../src/schemas/estimate.js'

const catalog = defaultCatalog()

describe('shared formatting', () => {
  it('three significant digits, whole numbers with separators from 1000, dollars in cents from $1', () => {
    expect([formatNumber(0.012345), formatNumber(40), formatNumber(11782.4), formatNumber(null)]).toEqual(['0.0123', '40', '11,782', '—'])
    expect([formatUsd(0.09), formatUsd(0.0081812), formatUsd(3647.657), formatUsd(1182600), formatUsd(undefined)]).toEqual(['$0.09', '$0.00818', '$3,647.66', '$1,182,600.00', '—'])
  })

  it('counts and prices in the tables are written as the page writes them', () => {
    const answer = estimate(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 8 })
    const { maxBatchSize, maxContextTokens } = answer.memory!
    expect(maxContextTokens).toBeGreaterThanOrEqual(1000)
    expect(estimateText(answer)).toContain(`max batch ${formatNumber(maxBatchSize)}, max context ${formatNumber(maxContextTokens)}`)
    expect(estimateText(answer)).toMatch(/max context \d{1,3}(,\d{3})+/)
    const modelRow = modelsText(catalog.models).split('\n').find((line) => line.startsWith('llama-3.1-8b '))!
    expect(modelRow.split(/\s{2,}/)).toContain('131,072')
    const a100 = catalog.hardware.find((device) => device.id === 'a100-80gb')!
    expect(a100.priceUsdPerHour).not.toBe(Number(a100.priceUsdPerHour!.toFixed(2)))
    const a100Row = hardwareText(catalog.hardware).split('\n').find((line) => line.startsWith('a100-80gb '))!
    expect(a100Row).toMatch(new RegExp(`  \\${formatUsd(a100.priceUsdPerHour)} \\(`))
    expect(a100Row).not.toContain(String(a100.priceUsdPerHour))
  })

  it('pads table columns', () => {
    expect(table([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\nccc  d')
  })

  it('an estimate table uses the page\'s fit sentence and figures', () => {
    const answer = estimate(catalog, { model: '7b', hardware: 'a100-80gb', promptTokens: 100, outputTokens: 10 })
    const text = estimateText(answer)
    expect(text).toContain(fitText(answer))
    expect(text).toContain(`${formatNumber(answer.latency!.ttftMs)} ms`)
    expect(text).not.toContain('Does not fit')
    // A run that does not fit says what its figures are, in the page's words.
    const unfit = estimate(catalog, { model: 'llama-3.1-405b', hardware: 'h100-sxm', promptTokens: 100, outputTokens: 10 })
    expect(unfitNote(unfit)).toMatch(/^Does not fit: the latency, throughput and cost are what the run would take if it fitted/)
    expect(estimateText(unfit)).toContain(unfitNote(unfit))
  })

  it('a compare table shows the volume columns only with a daily volume', () => {
    const request = { workload: { promptTokens: 100, outputTokens: 10 }, candidates: [{ model: '7b', hardware: 'a100-80gb' }] }
    const withoutVolume = compare(catalog, request)
    expect(compareText(withoutVolume).split('\n')[0]).not.toMatch(/\$\/month/)
    const withVolume = compare(catalog, { ...request, workload: { ...request.workload, requestsPerDay: 1000 } })
    expect(compareText(withVolume).split('\n')[1]).toContain(compareRowCells(withVolume.rows[0]!)[10]!)
    // Without constraints a replica is planned at 90% of its capacity; a TTFT bound names its percentile.
    expect(compareRowCells(withVolume.rows[0]!)[11]).toBe('capacity')
    expect(compareText(withoutVolume)).not.toMatch(/bounded by/)
    const bounded = compare(catalog, { ...request, workload: { promptTokens: 1000, outputTokens: 1000, requestsPerDay: 1_000_000 }, constraints: { maxTpotMs: 20, latencyPercentile: 'p99' } })
    expect(bounded.rows[0]!.capacity!.boundedBy).toBe('maxTpotMs')
    expect(compareRowCells(bounded.rows[0]!)[11]).toBe('TPOT limit (p99)')
    expect(boundedByText(null)).toBe('—')
    const bound = { ...bounded.rows[0]!.capacity! }
    expect(boundedByText({ ...bound, boundedBy: 'maxTtftMs', latencyPercentile: null })).toBe('TTFT limit')
    expect(boundedByText({ ...bound, boundedBy: 'static-batch', latencyPercentile: null })).toBe('static batch')
    expect(boundedByText({ ...bound, boundedBy: 'unmet', latencyPercentile: 'p90' })).toBe('unmet')
  })

  it('with a daily volume the table shows the figures rows are ranked by: the fleet\'s cost per million and a replica\'s capacity', () => {
    const request = {
      workload: { promptTokens: 1000, outputTokens: 200, requestsPerDay: 200_000, peakToAverage: 1.5 },
      matrix: { models: ['llama-3.1-8b', 'llama-3.1-70b', 'gpt-4o'], hardware: ['l4', 'h100-sxm'], precisions: ['fp16', 'fp8'] }
    }
    const answer = compare(catalog, request)
    const lines = compareText(answer).split('\n')
    expect(lines[0]).toMatch(/replica max tok\/s .* fleet \$\/M out/)
    const ranked = answer.rows.filter((row) => row.meetsConstraints && typeof row.capacity?.costPerMillionOutputTokensUsd === 'number')
    expect(ranked.length).toBeGreaterThan(3)
    for (const row of ranked) {
      const cells = compareRowCells(row)
      expect(cells[8]).toBe(formatUsd(row.capacity!.costPerMillionOutputTokensUsd))
      if (row.capacity!.replicaCapacityRequestsPerSecond !== null) expect(cells[6]).toBe(formatNumber(row.capacity!.replicaCapacityRequestsPerSecond * 200))
    }
    // Ranked by cost, the shown cost never falls down the table.
    const costs = ranked.map((row) => row.capacity!.costPerMillionOutputTokensUsd!)
    expect(costs).toEqual([...costs].sort((a, b) => a - b))
  })

  it('with a daily volume, a row that does not fit shows no figure under the fleet and replica headers (it has no fleet)', () => {
    const answer = compare(catalog, {
      workload: { promptTokens: 1000, outputTokens: 200, requestsPerDay: 200_000 },
      candidates: [{ model: 'llama-3.1-8b', hardware: 'l4' }, { model: 'llama-3.1-405b', hardware: 'l4' }],
      constraints: { mustFit: false }
    })
    const unfit = answer.rows.find((row) => row.fits === false)!
    expect(unfit.rank).toBe(2)
    const cells = compareRowCells(unfit)
    expect([cells[6], cells[8], cells[9], cells[10]]).toEqual(['—', '—', '—', '—'])
    expect(compareRowCells(answer.rows[0]!)[8]).toBe(formatUsd(answer.rows[0]!.capacity!.costPerMillionOutputTokensUsd))
  })

  it('a load and a capacity in words', () => {
    expect(loadText({ promptTokens: 1, outputTokens: 1, batchSize: 1, concurrency: 25, requestsPerSecond: null })).toBe('25 concurrent clients (closed loop)')
    expect(loadText({ promptTokens: 1, outputTokens: 1, batchSize: 1, concurrency: null, requestsPerSecond: 2.5 })).toBe('2.5 requests/s arriving (open loop)')
    expect(loadText({ promptTokens: 1, outputTokens: 1, batchSize: 4, concurrency: null, requestsPerSecond: null })).toBe('')
    const capacity = { requestsPerSecond: 1.8467, outputTokensPerSecond: 923.35, totalTokensPerSecond: 10156.9, maxRunningSequences: 93, limitedBy: 'kv-cache' as const }
    expect(capacityText(capacity)).toBe('1.85 requests/s · 923 output tokens/s · 10,157 tokens/s in + out · 93 sequences at once · limited by the KV cache')
  })

  it('latency limits on a fitting deployment without serving figures say why they are not judged', () => {
    const loaded = estimate(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, concurrency: 4 })
    const unserved = { ...loaded, serving: null }
    const limits = { maxTtftMs: 100, percentile: 'p90' as const }
    expect(unservedLimitsText(unserved, limits)).toBe('latency limits not judged: not one sequence fits the KV cache of 1 device, so it cannot serve a load')
    expect(estimateText(unserved, limits)).toContain(unservedLimitsText(unserved, limits))
    // With serving figures the verdict is the serving one, once.
    expect(estimateText(loaded, limits)).not.toContain('not judged')
    expect(estimateText(loaded, limits).match(/latency limits/g)).toHaveLength(1)
  })

  it('an estimate under load adds the serving figures; a static batch does not', () => {
    const loaded = estimate(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, concurrency: 16 })
    const text = estimateText(loaded)
    expect(text).toContain(servingText({ ...loaded, serving: loaded.serving! }))
    expect(text).toContain(`capacity: ${capacityText(loaded.serving!.capacity)}`)
    expect(text).not.toContain('(batch)')
    const batch = estimateText(estimate(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 16 }))
    expect(batch).not.toContain('under load')
    expect(batch).toContain('output tokens/s (batch)')
  })
})

describe('devicesNeededText', () => {
  it('says a count, or "more than" the most devices the API plans for (LIMITS.maxDeviceCount) where it answers null', () => {
    expect(devicesNeededText({ minDevices: 16 } as never)).toBe('16')
    expect(devicesNeededText({ minDevices: 1200 } as never)).toBe('1,200')
    expect(devicesNeededText({ minDevices: null } as never)).toBe(`more than ${formatNumber(LIMITS.maxDeviceCount)}`)
  })
})
