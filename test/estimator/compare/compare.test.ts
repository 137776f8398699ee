// compare(): each candidate through the same path as estimate(), then ranked.
import { describe, expect, it } from 'vitest'
import { compare } from '../../../src/estimator/compare/compare.js'
import { estimate } from '../../../src/estimator/estimate.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()
const workload = { promptTokens: 500, outputTokens: 100 }

describe('compare', () => {
  it('each row carries the same answer /estimate gives for that candidate', () => {
    const answer = compare(catalog, { workload, candidates: [{ model: '7b', hardware: 'a100-80gb' }, { model: 'gpt-4' }] }, { estimate: true })
    expect(answer.rows.map((row) => row.id).sort()).toEqual(['gpt-4@api', 'llama-2-7b@a100-80gbx1/fp16'])
    const selfHosted = answer.rows.find((row) => row.estimate!.deployment !== 'api')!
    expect(selfHosted.estimate).toEqual(estimate(catalog, { model: '7b', hardware: 'a100-80gb', ...workload }))
    expect(selfHosted.fit).toMatchObject({ minDevices: 1, maxConcurrency: selfHosted.estimate!.memory!.maxBatchSize })
    expect(answer.rows.map((row) => row.rank)).toEqual([1, 2])
  })

  it('a TPOT limit does not size replicas for requests of one output token (none follows the first)', () => {
    const oneToken = { promptTokens: 500, outputTokens: 1, requestsPerSecond: 100 }
    const candidates = [{ model: 'llama-3.1-8b', hardware: 'a100-80gb', engine: 'tensorrt-llm' }]
    const free = compare(catalog, { workload: oneToken, candidates }, { estimate: true }).rows[0]!
    const limited = compare(catalog, { workload: oneToken, candidates, constraints: { maxTpotMs: 20, latencyPercentile: 'p99' } }, { estimate: true }).rows[0]!
    expect(free.fleet!.alwaysOnReplicas).toBeGreaterThan(0)
    expect(limited.fleet!.alwaysOnReplicas).toBe(free.fleet!.alwaysOnReplicas)
    expect(limited.violations).toEqual([])
  })

  it('a daily volume from requests per second; both at once is refused', () => {
    expect(compare(catalog, { workload: { ...workload, requestsPerSecond: 2 }, candidates: [{ model: 'gpt-4' }] }, { estimate: true }).workload.requestsPerDay).toBe(172_800)
    expect(() => compare(catalog, { workload: { ...workload, requestsPerSecond: 2, requestsPerDay: 5 }, candidates: [{ model: 'gpt-4' }] }, { estimate: true })).toThrow(/not both/)
  })

  it('candidates that cannot run (FP8 on a T4: no FP8 units, no fallback kernel) are rejected with the field they came from; duplicate labels get a suffix', () => {
    const answer = compare(catalog, { workload, candidates: [{ model: '7b', hardware: 't4', precision: 'fp8' }, { model: 'gpt-4' }, { model: 'gpt-4' }] }, { estimate: true })
    expect(answer.rejected).toHaveLength(1)
    expect(answer.rejected[0]!.errors[0]!.pointer).toBe('/body/candidates/0/precision')
    expect(answer.rows.map((row) => row.id).sort()).toEqual(['gpt-4@api', 'gpt-4@api#2'])
  })
})
