// POST /compare: list and matrix forms, constraints, ranking, pareto, volume planning, limits.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paretoFront } from '../../src/estimator/compare/rank.js'
import { estimate } from '../../src/estimator/index.js'
import { MAX_CANDIDATES } from '../../src/schemas/compare.js'
import { buildTestApp, defaultCatalog } from '../helpers/app.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(async () => app.close())

const post = (payload: unknown) => app.inject({ method: 'POST', url: '/compare', payload: payload as object })
/** Equal up to the answer's rounding (six significant figures at least): numbers within 1e-5 relative, the rest exactly. */
function expectClose(actual: unknown, expected: unknown): void {
  if (typeof expected === 'number') {
    expect(typeof actual).toBe('number')
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-5 * Math.abs(expected))
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort()).toEqual(Object.keys(expected).sort())
    for (const [key, value] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[key], value)
  } else expect(actual).toEqual(expected)
}

const SEEDS = { workload: { promptTokens: 1000, outputTokens: 1000 }, candidates: [{ model: '7b', hardware: 'a100-80gb' }, { model: '13b', hardware: 'a100-80gb' }, { model: 'gpt-4' }] }

describe('POST /compare', () => {
  it('reproduces the seeds\' 7B vs 13B vs GPT-4 comparison side by side', async () => {
    const res = await app.inject({ method: 'POST', url: '/compare?include=estimate', payload: SEEDS })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.rows.map((r: { id: string }) => r.id)).toEqual(['llama-2-7b@a100-80gbx1/fp16', 'llama-2-13b@a100-80gbx1/fp16', 'gpt-4@api'])
    expect(body.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3])
    // Each row is the /estimate answer for the same request: one formula in one place.
    const direct = estimate(defaultCatalog(), { model: '13b', hardware: 'a100-80gb', promptTokens: 1000, outputTokens: 1000 })
    expect(body.rows[1].estimate).toEqual(JSON.parse(JSON.stringify(direct)))
    expect(body.best.cost).toBe('llama-2-7b@a100-80gbx1/fp16')
    expect(body.rows[2].estimate.cost.perRequestUsd).toBeCloseTo(0.09, 10)
  })
  it('peakToAverage and hybridWith: out-of-range values are problems naming the field; a valid pair answers fleets and hybrid plans', async () => {
    const base = { workload: { promptTokens: 500, outputTokens: 500, requestsPerDay: 100_000 }, candidates: [{ model: 'llama-3.1-8b', hardware: 'h100-sxm' }] }
    const low = await post({ ...base, workload: { ...base.workload, peakToAverage: 0.5 } })
    expect(low.statusCode).toBe(400)
    expect(low.json().errors[0].pointer).toBe('/body/workload/peakToAverage')
    const high = await post({ ...base, workload: { ...base.workload, peakToAverage: 3 } })
    expect(high.statusCode).toBe(422)
    expect(high.json().errors[0].pointer).toBe('/body/workload/peakToAverage')
    const notApi = await post({ ...base, hybridWith: 'llama-3.1-8b' })
    expect(notApi.statusCode).toBe(422)
    expect(notApi.json().errors[0].pointer).toBe('/body/hybridWith')
    const body = (await post({ ...base, workload: { ...base.workload, peakToAverage: 1.5 }, hybridWith: 'gpt-4o' })).json()
    expect(body.rows[0].costBasis).toBe('rental (on-demand)')
    expect(body.rows[0].fleet.alwaysOnReplicas).toBeGreaterThanOrEqual(1)
    expect(body.rows[0].hybrid.api).toBe('gpt-4o@api')
  })
  it('answers summary rows by default: the key figures of each row\'s estimate, which include=estimate adds whole', async () => {
    const payload = { ...SEEDS, workload: { ...SEEDS.workload, requestsPerDay: 100_000 } }
    const lean = (await post(payload)).json()
    const full = (await app.inject({ method: 'POST', url: '/compare?include=estimate', payload })).json()
    expect(lean.rows.map((row: { id: string }) => row.id)).toEqual(full.rows.map((row: { id: string }) => row.id))
    for (const [index, row] of lean.rows.entries()) {
      const { estimate: answer, ...summary } = full.rows[index]
      expect(row.estimate).toBeUndefined()
      expect(row).toEqual(summary)
      expect(row.fits).toBe(answer.memory ? answer.memory.fits : null)
      expectClose(row.latency, answer.latency && { ttftMs: answer.latency.ttftMs, tpotMs: answer.latency.tpotMs, totalMs: answer.latency.totalMs })
      expectClose(row.outputTokensPerSecond, answer.throughput?.outputTokensPerSecond ?? null)
      expectClose(row.cost, { perRequestUsd: answer.cost.perRequestUsd, perMillionOutputTokensUsd: answer.cost.perMillionOutputTokensUsd })
      expect(row.warningIds).toEqual(answer.warningIds)
      if (answer.serving) {
        const { p50, p90, p99 } = answer.serving.ttftMs
        expectClose(row.serving, { ttftMs: { p50, p90, p99 }, tpotMs: { p50: answer.serving.tpotMs.p50, p90: answer.serving.tpotMs.p90, p99: answer.serving.tpotMs.p99 }, requestsPerSecond: answer.serving.requestsPerSecond, saturated: answer.serving.saturated })
      }
      else expect(row.serving).toBeNull()
    }
    expect(lean.rows.find((row: { id: string }) => row.id.startsWith('llama-2-7b')).serving).not.toBeNull()
  })
  it('names each source and formula once for the whole answer; include=sources,formulas adds their text once', async () => {
    const lean = (await post(SEEDS)).json()
    expect(lean.sourceIds).toEqual(['model:llama-2-7b', 'hardware:a100-80gb', 'precision:fp16', 'engine:vllm', 'model:llama-2-13b', 'model:gpt-4'])
    expect(lean.formulaIds).toEqual(expect.arrayContaining(['weights', 'decode-step', 'api-cost']))
    expect(lean.sources).toBeUndefined()
    const full = (await app.inject({ method: 'POST', url: '/compare?include=sources,formulas,estimate', payload: SEEDS })).json()
    expect(new Set(full.sources.map((source: { entry: string }) => source.entry))).toEqual(new Set(lean.sourceIds))
    expect(full.formulas).toHaveLength(lean.formulaIds.length)
    // The rows' estimates name their sources and formulas; the text is once, at the top.
    for (const row of full.rows) {
      expect(row.estimate.sources).toBeUndefined()
      expect(row.estimate.assumptions.formulas).toBeUndefined()
    }
    const bad = await app.inject({ method: 'POST', url: '/compare?include=everything', payload: SEEDS })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].pointer).toBe('/query/include')
  })
  it('ranks by latency and throughput too', async () => {
    const byLatency = (await post({ ...SEEDS, sortBy: 'latency' })).json()
    const totals = byLatency.rows.map((r: { latency: { totalMs: number } }) => r.latency.totalMs)
    expect(totals).toEqual([...totals].sort((a: number, b: number) => a - b))
    const byThroughput = (await post({ ...SEEDS, sortBy: 'throughput' })).json()
    const tps = byThroughput.rows.map((r: { outputTokensPerSecond: number }) => r.outputTokensPerSecond)
    expect(tps).toEqual([...tps].sort((a: number, b: number) => b - a))
  })
  it('applies constraints, says which one each row misses, and ranks the others first', async () => {
    const body = (await post({ ...SEEDS, constraints: { maxTtftMs: 300, maxCostPerMillionTokensUsd: 50 } })).json()
    const gpt4 = body.rows.find((r: { id: string }) => r.id === 'gpt-4@api')
    expect(gpt4.meetsConstraints).toBe(false)
    expect(gpt4.violations.join(' ')).toMatch(/ttftMs 590 > 300/)
    expect(gpt4.violations.join(' ')).toMatch(/perMillionOutputTokensUsd 90.0 > 50/)
    const l13 = body.rows.find((r: { id: string }) => r.id.startsWith('llama-2-13b'))
    expect(l13.violations).toEqual([expect.stringMatching(/^ttftMs \d+ > 300$/)])
    expect(body.rows[0].meetsConstraints).toBe(true)
    expect(body.best.latency).toBe('llama-2-7b@a100-80gbx1/fp16')
  })
  it('mustFit: configurations that do not fit miss the constraints unless allowed', async () => {
    const req = { workload: { promptTokens: 1000, outputTokens: 100 }, candidates: [{ model: '70b', hardware: 'a100-80gb' }, { model: '70b', hardware: 'a100-80gb', deviceCount: 2 }] }
    const strict = (await post(req)).json()
    expect(strict.rows[0].id).toBe('llama-2-70b@a100-80gbx2/fp16')
    expect(strict.rows[1].violations[0]).toMatch(/does not fit in memory \(needs 2 devices\)/)
    const loose = (await post({ ...req, constraints: { mustFit: false } })).json()
    expect(loose.rows.every((r: { meetsConstraints: boolean }) => r.meetsConstraints)).toBe(true)
  })
  it('expands a matrix, with hardware "all", and lists what cannot be estimated', async () => {
    const body = (await post({ workload: { promptTokens: 500, outputTokens: 100 }, matrix: { models: ['7b', 'gpt-4o'], hardware: 'all', precisions: ['fp16', 'fp8'] } })).json()
    const hw = defaultCatalog().hardware.length
    expect(body.count + body.rejected.length).toBe(hw * 2 + 1)
    expect(body.rows.filter((r: { id: string }) => r.id === 'gpt-4o@api')).toHaveLength(1)
    expect(body.rejected.find((x: { id: string }) => x.id === 'llama-2-7b@t4x1/fp8').detail).toMatch(/FP8/)
  })
  it('computes the cost-latency pareto front', async () => {
    const body = (await post({ workload: { promptTokens: 500, outputTokens: 200 }, matrix: { models: ['7b'], hardware: ['a100-80gb', 'h100-sxm', 'l4', 'h200'], deployment: 'cloud' } })).json()
    const points = body.rows.map((r: { id: string; cost: { perMillionOutputTokensUsd: number }; latency: { totalMs: number } }) => ({ id: r.id, cost: r.cost.perMillionOutputTokensUsd, latency: r.latency.totalMs }))
    for (const id of body.pareto) {
      const p = points.find((x: { id: string }) => x.id === id)
      const dominated = points.some((q: { cost: number; latency: number; id: string }) => q.id !== id && q.cost <= p.cost && q.latency <= p.latency && (q.cost < p.cost || q.latency < p.latency))
      expect(dominated, id).toBe(false)
    }
    expect(paretoFront([{ id: 'a', cost: 1, latency: 5 }, { id: 'b', cost: 2, latency: 3 }, { id: 'c', cost: 3, latency: 4 }, { id: 'd', cost: 4, latency: 1 }])).toEqual(['a', 'b', 'd'])
  })
  it('plans capacity and monthly cost for a daily volume, and finds the break-even with the API', async () => {
    const body = (await post({ ...SEEDS, workload: { ...SEEDS.workload, requestsPerDay: 10_000 } })).json()
    const l7 = body.rows[0]
    const replicaPerDay = l7.capacity.replicaRequestsPerSecond * 86_400
    expect(l7.capacity.replicas).toBe(Math.ceil(10_000 / replicaPerDay))
    expect(l7.capacity.monthlyCostUsd).toBeCloseTo(l7.capacity.devices * 730 * 2.4984, 4)
    const gpt4 = body.rows[2]
    expect(gpt4.capacity.monthlyCostUsd).toBeCloseTo(10_000 * (365 / 12) * 0.09, 4)
    expect(body.breakEven.selfHosted).toBe(l7.id)
    expect(body.breakEven.api).toBe('gpt-4@api')
    expect(body.breakEven.requestsPerDay).toBeCloseTo((730 * 2.4984) / (365 / 12) / 0.09, 6)
    const rps = (await post({ ...SEEDS, workload: { ...SEEDS.workload, requestsPerSecond: 1 } })).json()
    expect(rps.workload.requestsPerDay).toBe(86_400)
  })
  it('rows carry the fit questions: min devices, max concurrency, max context', async () => {
    const body = (await post({ workload: { promptTokens: 1000, outputTokens: 1000 }, candidates: [{ model: 'llama-3.1-8b', hardware: 'h100-sxm' }] })).json()
    expect(body.rows[0].fit).toMatchObject({ minDevices: 1 })
    expect(body.rows[0].fit.maxConcurrency).toBeGreaterThan(100)
    expect(body.rows[0].fit.maxContextTokens).toBeGreaterThan(100_000)
  })
  it(`refuses more than ${MAX_CANDIDATES} candidates with a 4xx problem`, async () => {
    const res = await post({ workload: { promptTokens: 10, outputTokens: 10 }, matrix: { models: ['7b', '13b', '70b', '8b'], hardware: 'all', precisions: ['fp16', 'fp8', 'int8', 'int4', 'q4_0', 'q8_0'], deviceCounts: [1, 2] } })
    expect(res.statusCode).toBe(422)
    // The same problem type as a candidates list over the limit: a documented limit, not an impossible request.
    expect(res.json().type).toBe('/problems/limit-exceeded')
    expect(res.json().errors[0]).toMatchObject({ pointer: '/body/matrix' })
    expect(res.json().detail).toMatch(/at most 500/)
    const list = await post({ workload: { promptTokens: 10, outputTokens: 10 }, candidates: Array.from({ length: MAX_CANDIDATES + 1 }, () => ({ model: '7b', hardware: 'a100' })) })
    expect(list.statusCode).toBe(422)
    expect(list.json()).toMatchObject({ type: '/problems/limit-exceeded', errors: [{ pointer: '/body/candidates' }] })
  })
  it('prices matrix rows as cloud rentals where the hardware has a price, so costs share one basis', async () => {
    const body = (await post({ workload: { promptTokens: 500, outputTokens: 100 }, matrix: { models: ['llama-3.1-8b'], hardware: ['rtx-3090', 'h100-sxm', 'cpu-server-ddr5'] } })).json()
    const dep = Object.fromEntries(body.rows.map((r: { candidate: { hardware: string; deployment: string } }) => [r.candidate.hardware, r.candidate.deployment]))
    expect(dep).toEqual({ 'rtx-3090': 'cloud', 'h100-sxm': 'cloud', 'cpu-server-ddr5': 'local' })
  })
  it('points rejected matrix combinations at the matrix entries that caused them', async () => {
    const body = (await post({ workload: { promptTokens: 10, outputTokens: 10 }, matrix: { models: ['7b', 'nope-model'], hardware: ['t4'], precisions: ['fp16', 'fp8'] } })).json()
    const fp8 = body.rejected.find((x: { id: string }) => x.id === 'llama-2-7b@t4x1/fp8')
    expect(fp8.errors[0].pointer).toBe('/body/matrix/precisions/1')
    const unknown = body.rejected.filter((x: { errors: { pointer: string }[] }) => x.errors[0]!.pointer === '/body/matrix/models/1')
    expect(unknown).toHaveLength(2)
    expect(new Set(body.rejected.map((x: { id: string }) => x.id)).size).toBe(body.rejected.length)
  })
  it('monthly cost uses the catalog price exactly, and one of requestsPerDay or requestsPerSecond', async () => {
    const body = (await post({ workload: { promptTokens: 100, outputTokens: 100, batchSize: 4096, requestsPerDay: 1000 }, candidates: [{ model: 'gpt-2-small', hardware: 'h100-sxm' }] })).json()
    expect(body.rows[0].fits).toBe(true)
    expect(body.rows[0].capacity.monthlyCostUsd).toBeCloseTo(body.rows[0].capacity.devices * 730 * 3.78, 6)
    const both = await post({ workload: { promptTokens: 10, outputTokens: 10, requestsPerDay: 10, requestsPerSecond: 100 }, candidates: [{ model: '7b', hardware: 'a100' }] })
    expect(both.statusCode).toBe(422)
    expect(both.json().errors[0].pointer).toBe('/body/workload/requestsPerSecond')
  })
  it('counts a matrix of api deployments as one candidate per model against the limit', async () => {
    const res = await post({ workload: { promptTokens: 10, outputTokens: 10 }, matrix: { models: ['gpt-4', 'gpt-4o', 'gpt-3.5-turbo', 'claude-3-sonnet'], hardware: 'all', precisions: ['fp16', 'fp8', 'int8', 'int4', 'q4_0'], deviceCounts: [1, 2, 4, 8, 16], deployment: 'api' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().count).toBe(4)
  })
  it('needs exactly one of candidates or matrix, and validates nested fields', async () => {
    const neither = await post({ workload: { promptTokens: 10, outputTokens: 10 } })
    expect(neither.statusCode).toBe(422)
    const bad = await post({ workload: { promptTokens: 10, outputTokens: 10 }, candidates: [{ model: '7b', hardware: 'a100', precison: 'fp16' }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0]).toMatchObject({ pointer: '/body/candidates/0/precison', suggestions: ['precision'] })
  })
})
