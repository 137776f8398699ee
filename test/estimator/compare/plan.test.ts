// compare()'s planner memo: a /compare call plans each distinct candidate once, and a repeated
// candidate's row is the row that candidate gets on its own; candidates that differ in anything the
// serving model reads (device count, engine, precision) are planned apart, and each keeps its own costs.
import { describe, expect, it } from 'vitest'
import { compare } from '../../../src/estimator/compare/compare.js'
import type { CompareRequest } from '../../../src/schemas/compare.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()
const workload = { promptTokens: 900, outputTokens: 300, requestsPerDay: 2_000_000 }
const constraints = { maxTtftMs: 2000, maxTpotMs: 40, latencyPercentile: 'p90' as const }

/** A row without what depends on its neighbours (its id suffix and its rank). */
const own = (row: ReturnType<typeof compare>['rows'][number]) => {
  const { id, rank: _rank, ...rest } = row
  return { label: id.replace(/#\d+$/, ''), ...rest }
}
const alone = (candidate: CompareRequest['candidates'] extends (infer C)[] | undefined ? C : never) => own(compare(catalog, { workload, constraints, candidates: [candidate] }, { estimate: true }).rows[0]!)

describe('compare: one plan per distinct candidate', () => {
  it('each row, repeated or not, equals the row of its candidate compared alone', () => {
    const base = { model: 'llama-3.1-8b', hardware: 'l40s' }
    const variants = [base, { ...base, deviceCount: 2 }, { ...base, engine: 'sglang' }, { ...base, precision: 'fp8' }, { ...base, deployment: 'local' as const }]
    const candidates = [...variants, ...variants, base]
    const answer = compare(catalog, { workload, constraints, candidates }, { estimate: true })
    expect(answer.rejected).toEqual([])
    const rows = answer.rows.map(own)
    const described = (row: { candidate: unknown }) => JSON.stringify(row.candidate)
    expect(new Set(rows.map(described)).size).toBe(variants.length)
    for (const variant of variants) {
      const expected = alone(variant)
      const matching = rows.filter((row) => described(row) === described(expected))
      expect(matching.length).toBe(variant === base ? 3 : 2)
      for (const row of matching) expect(row).toEqual(expected)
    }
    // The variants are planned apart: they do not all get the same replica count and load.
    expect(new Set(variants.map((variant) => alone(variant).capacity!.replicaRequestsPerSecond)).size).toBeGreaterThan(2)
  })
})
