import { describe, expect, it } from 'vitest'
import { bestBy, paretoFront, rankedFigures, rankRows, SORT_KEYS, violationsOf } from '../../../src/estimator/compare/rank.js'
import type { EstimatedRow } from '../../../src/estimator/compare/row.js'
import type { EstimateResponse } from '../../../src/schemas/estimate-answer.js'

type Row = EstimatedRow
const answer = (costPerMillion: number | null, totalMs: number, tokensPerSecond: number, fits = true) =>
  ({
    memory: { fits, minDevices: 2 },
    latency: { ttftMs: 120, tpotMs: 10, totalMs },
    throughput: { outputTokensPerSecond: tokensPerSecond },
    cost: { perMillionOutputTokensUsd: costPerMillion },
    warningIds: [],
    workload: { outputTokens: 500 }
  }) as unknown as EstimateResponse
// Without a daily volume: ranked by the answer's own figures.
const unplanned = (estimate: EstimateResponse) => rankedFigures(estimate, null, false)
const row = (id: string, estimate: EstimateResponse, meetsConstraints = true) => ({ id, rank: 0, meetsConstraints, estimate, capacity: null, ranked: unplanned(estimate) }) as unknown as Row

describe('constraints', () => {
  it('says which are missed and by how much', () => {
    const unfit = answer(5, 1000, 40, false)
    expect(violationsOf(unfit, unplanned(unfit), { maxTtftMs: 100, maxTpotMs: 20, minOutputTokensPerSecond: 50, maxCostPerMillionTokensUsd: 1 }, 'p90')).toEqual([
      'does not fit in memory (needs 2 devices)',
      'ttftMs 120 > 100',
      'outputTokensPerSecond 40.0 < 50',
      'perMillionOutputTokensUsd 5.00 > 1'
    ])
    const unpriced = answer(null, 1000, 40)
    expect(violationsOf(unpriced, unplanned(unpriced), { maxCostPerMillionTokensUsd: 1, mustFit: false }, 'p90')).toEqual(['cost unknown'])
  })

  it('judges a row serving a load at the percentile it was sized for', () => {
    const loaded = {
      ...answer(5, 1000, 40),
      latency: { ttftMs: 168, tpotMs: 30, totalMs: 1000 },
      serving: { ttftMs: { mean: 168, p50: 150, p90: 240, p99: 282.38 }, tpotMs: { mean: 30, p50: 29, p90: 33, p99: 41 } }
    } as unknown as EstimateResponse
    expect(violationsOf(loaded, unplanned(loaded), { maxTtftMs: 115, maxTpotMs: 35 }, 'p99')).toEqual(['ttftMs p99 282 > 115', 'tpotMs p99 41.0 > 35'])
    expect(violationsOf(loaded, unplanned(loaded), { maxTtftMs: 160, maxTpotMs: 35 }, 'mean')).toEqual(['ttftMs mean 168 > 160'])
    // A static batch (no serving figures) by its mean.
    const batch = answer(5, 1000, 40)
    expect(violationsOf(batch, unplanned(batch), { maxTpotMs: 5 }, 'p99')).toEqual(['tpotMs 10.0 > 5'])
  })
})

describe('ranked figures', () => {
  const capacity = { costPerMillionOutputTokensUsd: 0.8, replicaCapacityRequestsPerSecond: 3 } as unknown as NonNullable<Row['capacity']>
  it("without a volume, the answer's; with one, the fleet's cost and one replica's capacity", () => {
    expect(rankedFigures(answer(5, 1000, 40), null, false)).toEqual({ costPerMillionOutputTokensUsd: 5, outputTokensPerSecond: 40, totalLatencyMs: 1000, unplanned: false })
    expect(rankedFigures(answer(5, 1000, 40), capacity, true)).toEqual({ costPerMillionOutputTokensUsd: 0.8, outputTokensPerSecond: 1500, totalLatencyMs: 1000, unplanned: false })
  })

  it('with a volume, a row with no capacity plan (it does not fit) has no figure, not its answer\'s of another kind, and no figure limit judges it', () => {
    const unfit = answer(5, 1000, 40, false)
    const ranked = rankedFigures(unfit, null, true)
    expect(ranked).toEqual({ costPerMillionOutputTokensUsd: null, outputTokensPerSecond: null, totalLatencyMs: null, unplanned: true })
    expect(violationsOf(unfit, ranked, { mustFit: false, maxTtftMs: 100, maxCostPerMillionTokensUsd: 1 }, 'p90')).toEqual(['no capacity plan (does not fit in memory): its latency, throughput and cost under the volume are not estimated'])
    expect(violationsOf(unfit, ranked, { mustFit: false }, 'p90')).toEqual([])
    expect(violationsOf(unfit, ranked, {}, 'p90')).toEqual(['does not fit in memory (needs 2 devices)'])
    // With the default mustFit, that violation alone says it.
    expect(violationsOf(unfit, ranked, { maxTtftMs: 100 }, 'p90')).toEqual(['does not fit in memory (needs 2 devices)'])
    // Last on every key, so never best.
    const rows = [{ id: 'unfit', rank: 0, meetsConstraints: true, estimate: unfit, capacity: null, ranked }, row('fits', answer(6, 5000, 10))] as unknown as Row[]
    for (const sortBy of ['cost', 'latency', 'throughput'] as const) {
      rankRows(rows, sortBy)
      expect(rows[0]!.id, sortBy).toBe('fits')
      expect(bestBy(rows, SORT_KEYS[sortBy]), sortBy).toBe('fits')
    }
  })

  it('no cost where owned hardware has no purchase price', () => {
    const owned = { ...answer(5, 1000, 40), warningIds: ['purchase-price-unknown'] } as unknown as EstimateResponse
    expect(rankedFigures(owned, capacity, true).costPerMillionOutputTokensUsd).toBeNull()
    expect(rankedFigures(owned, null, false)).toMatchObject({ costPerMillionOutputTokensUsd: null, outputTokensPerSecond: 40 })
  })
})

describe('ranking', () => {
  it('rows meeting the constraints first, then by the key, unknowns last', () => {
    const rows = [row('c', answer(3, 10, 1)), row('unknown', answer(null, 10, 1)), row('a', answer(1, 30, 1), false), row('b', answer(2, 20, 1))]
    rankRows(rows, 'cost')
    expect(rows.map((r) => `${r.rank}:${r.id}`)).toEqual(['1:b', '2:c', '3:unknown', '4:a'])
    expect(bestBy(rows, SORT_KEYS.latency)).toBe('c')
    expect(bestBy(rows, SORT_KEYS.throughput)).toBe('b') // ties keep the first
  })

  it('pareto front: each step cheaper or faster than the last', () => {
    expect(paretoFront([{ id: 'slow-cheap', cost: 1, latency: 9 }, { id: 'dominated', cost: 2, latency: 9 }, { id: 'fast', cost: 3, latency: 2 }])).toEqual(['slow-cheap', 'fast'])
  })
})
