// /estimate and /compare answers are written with JSON.stringify (measured faster than the
// schema-compiled serializer on their shapes, see JSON_STRINGIFY_ROUTES in src/app.ts); other
// routes keep the compiled serializer. Either way the answer is the same JSON.
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { defaultCatalog, buildTestApp } from '../helpers/app.js'
import { compare, estimate, withDetail } from '../../src/estimator/index.js'

const ESTIMATE = { model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 100, outputTokens: 10 }
const COMPARE = { workload: { promptTokens: 100, outputTokens: 10, requestsPerDay: 10_000 }, candidates: [{ model: 'llama-2-7b', hardware: 'a100-80gb' }, { model: 'mistral-7b', hardware: 'l40s' }] }

/** Calls of JSON.stringify whose argument is a whole answer (an object with these keys). */
function wholeAnswerCalls(spy: { mock: { calls: unknown[][] } }, keys: string[]) {
  return spy.mock.calls.filter(([value]) => value !== null && typeof value === 'object' && keys.every((key) => key in (value as object)))
}

describe('answer serialization', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildTestApp()
  })
  afterAll(() => app.close())
  afterEach(() => vi.restoreAllMocks())

  it('writes /estimate with JSON.stringify: the bytes of the estimator\'s answer', async () => {
    const spy = vi.spyOn(JSON, 'stringify')
    const res = await app.inject({ method: 'POST', url: '/estimate', payload: ESTIMATE })
    expect(res.statusCode).toBe(200)
    expect(wholeAnswerCalls(spy, ['memory', 'latency', 'catalogVersion'])).toHaveLength(1)
    spy.mockRestore()
    expect(res.body).toBe(JSON.stringify(withDetail(defaultCatalog(), estimate(defaultCatalog(), ESTIMATE), { sources: false, formulas: false })))
  })

  it('writes /compare with JSON.stringify', async () => {
    const spy = vi.spyOn(JSON, 'stringify')
    const res = await app.inject({ method: 'POST', url: '/compare', payload: COMPARE })
    expect(res.statusCode).toBe(200)
    expect(wholeAnswerCalls(spy, ['rows'])).toHaveLength(1)
    spy.mockRestore()
    expect(JSON.parse(res.body)).toEqual(JSON.parse(JSON.stringify(compare(defaultCatalog(), COMPARE))))
  })

  it('keeps the schema-compiled serializer elsewhere', async () => {
    const spy = vi.spyOn(JSON, 'stringify')
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(wholeAnswerCalls(spy, ['status', 'version'])).toHaveLength(0)
  })
})
