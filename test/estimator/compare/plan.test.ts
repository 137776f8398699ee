// compare()'s planner memo: a /compare call plans each distinct candidate once, and a repeated
// candidate's row is the row that candidate gets on its own; candidates that differ in anything the
// serving model reads (device count, engine, precision) are planned apart, and each keeps its own costs.
import { describe, expect, it } from 'vitest'
import { compare } from '../../../src/estimator/compare/compare.js'
import { rowPlanner } from '../../../src/estimator/compare/plan.js'
import { resolveScenario } from '../../../src/estimator/resolve.js'
import type { SelfHostedScenario } from '../../../src/estimator/scenario.js'
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

  it('keeps a plan only for a candidate that comes again, until its last row', () => {
    const scenario = resolveScenario(catalog, { model: 'llama-3.1-8b', hardware: 'l40s', promptTokens: 900, outputTokens: 300, batchSize: 1 }) as SelfHostedScenario
    const planFor = rowPlanner(20, constraints, ['twice', 'once', 'twice'])
    const first = planFor(scenario, 'twice')!
    const once = planFor(scenario, 'once')!
    const second = planFor(scenario, 'twice')!
    // The repeat is answered from the first plan (the same objects), with its own scenario carrying the load.
    expect(second.plan).toBe(first.plan)
    expect(second.prepared).toBe(first.prepared)
    expect(second.scenario.load).toEqual(first.scenario.load)
    // Past their last row (or with a single one) no plan is kept: asked again, the planner plans afresh.
    expect(planFor(scenario, 'twice')!.plan).not.toBe(first.plan)
    expect(planFor(scenario, 'once')!.plan).not.toBe(once.plan)
    expect(planFor(scenario, 'once')!.plan).toEqual(once.plan)
  })
})
