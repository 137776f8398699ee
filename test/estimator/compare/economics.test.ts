import { describe, expect, it } from 'vitest'
import { breakEvenOf, capacityOf, DAYS_PER_MONTH, HOURS_PER_MONTH, staticBatchRate } from '../../../src/estimator/compare/economics.js'
import type { Scenario } from '../../../src/estimator/scenario.js'
import type { EstimatedRow } from '../../../src/estimator/compare/row.js'
import type { EstimateResponse } from '../../../src/schemas/estimate-answer.js'
import { handScenario } from '../../helpers/scenario.js'

type Row = EstimatedRow
// A replica holds 2 requests of 10 s each: 0.2 requests/s, 17,280 a day.
const selfHosted = { deployment: 'cloud', deviceCount: 1, workload: { batchSize: 2, outputTokens: 100 }, latency: { totalMs: 10_000 }, cost: { perRequestUsd: 0.001 } } as unknown as EstimateResponse
const api = { deployment: 'api', deviceCount: 1, workload: { batchSize: 1, outputTokens: 100 }, latency: null, cost: { perRequestUsd: 0.01 } } as unknown as EstimateResponse
const scenario = handScenario() // $2 per device hour

describe('capacity', () => {
  it('replicas for the volume, paid all month on the cloud', () => {
    const capacity = capacityOf(selfHosted, scenario, 40_000)
    expect(capacity.replicaRequestsPerSecond).toBeCloseTo(0.2, 12)
    expect(capacity.replicas).toBe(3) // 40,000 / 86,400 = 0.463 requests/s
    expect(capacity.monthlyCostUsd).toBe(3 * HOURS_PER_MONTH * 2)
    expect(capacity.utilization).toBeCloseTo(40_000 / 86_400 / 0.6, 12)
  })

  it('an api row costs requests × price', () => {
    const capacity = capacityOf(api, { ...scenario, deployment: 'api' } as unknown as Scenario, 1000)
    expect(capacity.replicas).toBeNull()
    expect(capacity.monthlyCostUsd).toBeCloseTo(1000 * DAYS_PER_MONTH * 0.01, 9)
  })
})

describe('break-even', () => {
  it('volume where one always-on replica costs what the API charges', () => {
    const rows = [{ id: 'self', estimate: selfHosted }, { id: 'api', estimate: api }] as unknown as Row[]
    const scenarios = new Map<string, Scenario>([['self', scenario]])
    const breakEven = breakEvenOf(rows, scenarios, 1, staticBatchRate)!
    const volume = (HOURS_PER_MONTH * 2) / DAYS_PER_MONTH / 0.01 // $1460 a month / $0.01 per request / 30.4 days = 4800 a day
    expect(breakEven.requestsPerDay).toBeCloseTo(volume, 9)
    expect(breakEven.note).toMatch(/^above 4,800 requests\/day, an always-on self replica \(\$1,460\/month, up to 17,280 requests\/day\)/)
    // A day peaking at four times its average: the replica carries 17,280 / 4 = 4,320 a day, short of 4,800.
    expect(breakEvenOf(rows, scenarios, 4, staticBatchRate)!.note).toMatch(/^api stays cheaper at any volume: a fully busy self replica carries at most 4,320 requests\/day at a peak 4× the average/)
    // What a replica carries is asked lowest volume first, and no further once one carries.
    const asked: string[] = []
    const cheaper = { ...selfHosted, deviceCount: 2 } as EstimateResponse
    const two = [...rows, { id: 'self2', estimate: cheaper }] as unknown as Row[]
    breakEvenOf(two, new Map<string, Scenario>([['self', scenario], ['self2', scenario]]), 1, (row) => (asked.push(row.id), staticBatchRate(row)))
    expect(asked).toEqual(['self'])
    // A free API breaks even nowhere, and no replica is planned to say so.
    const free = [{ id: 'self', estimate: selfHosted }, { id: 'api', estimate: { ...api, cost: { perRequestUsd: 0 } } }] as unknown as Row[]
    const unasked: string[] = []
    expect(breakEvenOf(free, scenarios, 1, (row) => (unasked.push(row.id), staticBatchRate(row)))).toEqual({ selfHosted: 'self', api: 'api', requestsPerDay: null, note: 'api costs nothing per request, so it stays cheaper at any volume' })
    expect(unasked).toEqual([])
  })
})
