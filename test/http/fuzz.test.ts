// Fuzzing the HTTP contract: thousands of generated bodies, paths and query strings against every
// route. Every answer is a 2xx/304 or a 4xx problem document; never a 5xx, never a hang, and no
// prototype pollution.
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(async () => app.close())

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']
const key = fc.oneof(
  fc.constantFrom(...HOSTILE_KEYS, 'model', 'hardware', 'promptTokens', 'outputTokens', 'batchSize', 'deviceCount', 'precision', 'engine', 'deployment', 'workload', 'candidates', 'matrix', 'architecture', 'layers', 'kvHeads', 'tflops'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 })
)
const scalar = fc.oneof(
  fc.integer(),
  fc.integer({ min: -1, max: 5000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 1.5, 2 ** 53 + 1),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom('7b', 'llama-2-70b', 'gpt-4', 'a100', 'h100-sxm', 'm2-ultra', 'cpu', 'fp8', 'q4_0', 'int4', 'vllm', 'llama.cpp', 'api', 'local', 'all', 'x'.repeat(10_000))
)
const { value: deepValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 5 }), fc.dictionary(key, tie('value'), { maxKeys: 6 }))
}))

/** Plausible request skeletons with fuzzed leaves, to get past the first validation error. */
const estimateBody = fc.record(
  {
    model: fc.oneof(scalar, fc.record({ architecture: fc.dictionary(key, scalar, { maxKeys: 8 }) }, { requiredKeys: [] })),
    hardware: fc.oneof(scalar, fc.record({ memoryGB: scalar, bandwidthGBps: scalar, tflops: fc.dictionary(key, scalar) }, { requiredKeys: [] })),
    promptTokens: scalar,
    outputTokens: scalar,
    batchSize: scalar,
    deviceCount: scalar,
    precision: scalar,
    kvCachePrecision: scalar,
    engine: scalar,
    deployment: scalar,
    catalogVersion: scalar
  },
  { requiredKeys: [] }
)
const validEstimate = fc.record({
  model: fc.constantFrom('7b', '13b', '70b', 'llama-3.1-405b', 'mixtral-8x7b', 'deepseek-v3', 'gemma-2-9b', 'gpt-4', 'gpt-4o', 'cohere-command', 'phi-3-mini'),
  hardware: fc.constantFrom('a100-80gb', 'h100-sxm', 'rtx-4090', 'm2-ultra', 'cpu-laptop-8gb', 'cpu-server-ddr5', 'tpu-v4', 'mi300x', 'a10g', 'b200'),
  promptTokens: fc.integer({ min: 1, max: 2_000_000 }),
  outputTokens: fc.integer({ min: 1, max: 1_000_000 }),
  batchSize: fc.integer({ min: 1, max: 65_536 }),
  deviceCount: fc.integer({ min: 1, max: 1024 }),
  precision: fc.constantFrom('fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0'),
  deployment: fc.constantFrom('cloud', 'local', 'api')
})
const compareBody = fc.record(
  {
    workload: fc.oneof(deepValue, fc.record({ promptTokens: scalar, outputTokens: scalar, batchSize: scalar, requestsPerDay: scalar }, { requiredKeys: [] })),
    candidates: fc.oneof(deepValue, fc.array(estimateBody, { maxLength: 4 })),
    matrix: fc.oneof(deepValue, fc.record({ models: fc.array(scalar, { maxLength: 4 }), hardware: fc.oneof(scalar, fc.array(scalar, { maxLength: 4 })), precisions: fc.array(scalar, { maxLength: 3 }), deviceCounts: fc.array(scalar, { maxLength: 3 }) }, { requiredKeys: [] })),
    constraints: deepValue,
    sortBy: scalar
  },
  { requiredKeys: [] }
)

const PATHS = ['/models', '/hardware', '/catalog', '/precisions', '/engines', '/healthz', '/readyz', '/openapi.json', '/metrics']
const queryString = fc.dictionary(fc.oneof(fc.constantFrom('catalogVersion', 'openWeights', 'family', 'minContext', 'q', 'kind', 'minMemoryGB', 'vendor', 'contextTokens', 'maxParametersB', '__proto__'), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('true', 'false', '-1', '1e400', 'NaN', '2026.11.0', 'gpu')), { maxKeys: 4 })

function check(res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) {
  expect(res.statusCode, what).toBeLessThan(500)
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type']), what).toMatch(/^application\/problem\+json/)
    const p = JSON.parse(res.body)
    expect(p.status, what).toBe(res.statusCode)
    expect(typeof p.detail, what).toBe('string')
  }
}

const RUNS = { numRuns: 1000 }

describe('fuzzing the HTTP contract', () => {
  it('POST /estimate: arbitrary JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(estimateBody, deepValue), async (body) => {
        const res = await app.inject({ method: 'POST', url: '/estimate', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
        check(res, JSON.stringify(body).slice(0, 300))
      }),
      RUNS
    )
  })
  it('POST /estimate: every well-typed combination within the limits answers 200 or 422', async () => {
    await fc.assert(
      fc.asyncProperty(validEstimate, async (body) => {
        const res = await app.inject({ method: 'POST', url: '/estimate', payload: body })
        expect([200, 422], JSON.stringify(body)).toContain(res.statusCode)
        if (res.statusCode === 200) {
          const e = JSON.parse(res.body)
          for (const v of [e.latency?.ttftMs, e.latency?.tpotMs, e.throughput?.decodeTokensPerSecond, e.memory?.totalGB]) if (v !== undefined && v !== null) expect(Number.isFinite(v)).toBe(true)
        }
      }),
      RUNS
    )
  })
  it('POST /compare: arbitrary JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(compareBody, deepValue), async (body) => {
        const res = await app.inject({ method: 'POST', url: '/compare', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
        check(res, JSON.stringify(body).slice(0, 300))
      }),
      { numRuns: 500 }
    )
  })
  it('raw bytes as bodies, with any content type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''), async (raw, type) => {
        const res = await app.inject({ method: 'POST', url: '/estimate', payload: raw, headers: type ? { 'content-type': type } : {} })
        check(res, `${type}: ${raw.slice(0, 50)}`)
      }),
      RUNS
    )
  })
  it('GET routes: arbitrary query strings and path ids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS, '/models/', '/hardware/', '/problems/'), queryString, fc.string({ unit: 'grapheme', maxLength: 80 }), async (path, query, id) => {
        const url = `${path}${path.endsWith('/') ? encodeURIComponent(id) : ''}?${new URLSearchParams(query).toString()}`
        const res = await app.inject({ method: 'GET', url })
        check(res, url)
      }),
      RUNS
    )
  })
  it('deeply nested and very long bodies', async () => {
    for (const depth of [5_000, 100_000]) {
      const deep = `${'{"model":'.repeat(depth)}1${'}'.repeat(depth)}`
      const res = await app.inject({ method: 'POST', url: '/estimate', payload: deep, headers: { 'content-type': 'application/json' } })
      check(res, `depth ${depth}`)
      const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`
      check(await app.inject({ method: 'POST', url: '/compare', payload: arrays, headers: { 'content-type': 'application/json' } }), `arrays ${depth}`)
    }
    const long = await app.inject({ method: 'POST', url: '/estimate', payload: { model: 'x'.repeat(900_000), promptTokens: 1, outputTokens: 1 } })
    check(long, 'long')
  })
  it('never pollutes Object.prototype', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(Object.prototype)).toEqual([])
  })
})
