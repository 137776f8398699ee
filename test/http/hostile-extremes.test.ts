// Extreme but schema-valid requests: inline hardware and models at the edges of their physical
// bounds (every numeric figure drawn from its own [minimum, maximum], endpoints and log-uniform
// values in between), with extreme workloads, against /estimate and /compare (in-process through
// inject) and through the CLI's entry function. Every answer is below 500, holds only finite
// numbers, and is valid against the schema of its status (the response schema or the problem).
import { spawnSync } from 'node:child_process'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import type { TSchema } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { nonFinitePointers } from '../../src/estimator/finite.js'
import { ProblemDetails } from '../../src/schemas/common.js'
import { CompareResponse } from '../../src/schemas/compare.js'
import { InlineArchitecture, InlineHardware, LIMITS } from '../../src/schemas/estimate.js'
import { EstimateResponse } from '../../src/schemas/estimate-answer.js'
import { buildTestApp, defaultCatalog } from '../helpers/app.js'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(async () => app.close())

const ajv = new Ajv({ strict: false, allErrors: true })
const validEstimate = ajv.compile(EstimateResponse)
const validCompare = ajv.compile(CompareResponse)
const validProblem = ajv.compile(ProblemDetails)

/** Endpoints, their neighbours and log-uniform values between `min` and `max`. */
function extremeNumber(min: number, max: number) {
  const logMin = Math.log10(min)
  const logMax = Math.log10(max)
  return fc.oneof(
    fc.constantFrom(min, max, min * (1 + 1e-12), max * (1 - 1e-12)),
    fc.double({ min: logMin, max: logMax, noNaN: true }).map((e) => Math.min(max, Math.max(min, 10 ** e))),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
  )
}
function extremeInteger(min: number, max: number) {
  return fc.oneof(fc.constantFrom(min, max, Math.min(max, min + 1), Math.max(min, max - 1)), fc.integer({ min, max }), fc.double({ min: 0, max: Math.log10(max), noNaN: true }).map((e) => Math.min(max, Math.max(min, Math.round(10 ** e)))))
}

type Bounded = { minimum?: number; exclusiveMinimum?: number; maximum?: number; type?: string }
const bounds = (s: TSchema) => {
  const b = s as Bounded
  return { min: b.minimum ?? b.exclusiveMinimum ?? 0, max: b.maximum ?? Number.MAX_VALUE }
}
const numberFor = (s: TSchema) => extremeNumber(bounds(s).min, bounds(s).max)
const props = (s: TSchema) => (s as unknown as { properties: Record<string, TSchema> }).properties

/** Inline hardware: every figure from its schema bounds; optional figures present or not. */
const hardwareArb = (() => {
  const p = props(InlineHardware)
  const tflops = props(p.tflops!)
  return fc.record(
    {
      kind: fc.constantFrom('gpu', 'cpu', 'apple', 'tpu', 'edge'),
      memoryGB: numberFor(p.memoryGB!),
      bandwidthGBps: numberFor(p.bandwidthGBps!),
      tflops: fc.record(Object.fromEntries(Object.entries(tflops).map(([k, v]) => [k, numberFor(v)])), { requiredKeys: [] }),
      priceUsdPerHour: numberFor(p.priceUsdPerHour!),
      tdpW: numberFor(p.tdpW!),
      interconnectGBps: numberFor(p.interconnectGBps!),
      usableMemoryFraction: numberFor(p.usableMemoryFraction!)
    },
    { requiredKeys: ['memoryGB', 'bandwidthGBps', 'tflops'] }
  )
})()

/** An inline model whose architecture respects the cross-field rules (kvHeads divides attentionHeads, ...). */
const modelArb = (() => {
  const a = props(InlineArchitecture)
  const int = (name: string) => extremeInteger(bounds(a[name]!).min, bounds(a[name]!).max)
  return fc
    .record({
      layers: int('layers'),
      hiddenSize: int('hiddenSize'),
      intermediateSize: fc.option(int('intermediateSize'), { nil: undefined }),
      kvHeads: extremeInteger(1, 100),
      groups: extremeInteger(1, 100),
      headDim: int('headDim'),
      vocabSize: fc.option(int('vocabSize'), { nil: undefined }),
      contextLength: fc.option(int('contextLength'), { nil: undefined }),
      moe: fc.option(fc.tuple(int('experts'), extremeInteger(1, 64)), { nil: undefined }),
      slidingWindow: fc.option(int('slidingWindow'), { nil: undefined }),
      tiedEmbeddings: fc.option(fc.boolean(), { nil: undefined }),
      gatedMlp: fc.option(fc.boolean(), { nil: undefined })
    })
    .map(({ kvHeads, groups, moe, ...rest }) => {
      const architecture: Record<string, unknown> = { ...rest, kvHeads, attentionHeads: Math.min(10_000, kvHeads * groups) }
      if (architecture.attentionHeads as number % kvHeads !== 0) architecture.attentionHeads = kvHeads
      if (moe) {
        architecture.experts = moe[0]
        architecture.expertsPerToken = Math.min(moe[0], moe[1])
      }
      for (const k of Object.keys(architecture)) if (architecture[k] === undefined) delete architecture[k]
      return { architecture }
    })
})()

const catalog = defaultCatalog()
const catalogModels = catalog.models.slice(0, 40).map((m) => m.id)
const catalogHardware = catalog.hardware.map((h) => h.id)
const precisions = catalog.precisions.map((p) => p.id)

const configuration = fc.record(
  {
    model: fc.oneof(modelArb, fc.constantFrom(...catalogModels)),
    hardware: fc.oneof(hardwareArb, hardwareArb, fc.constantFrom(...catalogHardware)),
    deviceCount: extremeInteger(1, LIMITS.maxDeviceCount),
    precision: fc.constantFrom(...precisions),
    deployment: fc.constantFrom('cloud', 'local'),
    electricityUsdPerKWh: extremeNumber(1e-6, 10)
  },
  { requiredKeys: ['model', 'hardware'] }
)
const workload = fc.record({
  promptTokens: extremeInteger(1, LIMITS.maxPromptTokens),
  outputTokens: extremeInteger(1, LIMITS.maxOutputTokens),
  batchSize: extremeInteger(1, LIMITS.maxBatchSize)
})

function checkAnswer(res: { statusCode: number; body: string }, valid: ReturnType<typeof ajv.compile>, what: string) {
  expect(res.statusCode, what).toBeLessThan(500)
  const body = JSON.parse(res.body) as unknown
  expect(nonFinitePointers(body), what).toEqual([])
  // A null where a number is declared shows up as a schema violation.
  const check = res.statusCode === 200 ? valid : validProblem
  expect(check(body) ? [] : check.errors, what).toEqual([])
  return body
}

const statuses = new Map<string, number>()
const count = (route: string, status: number) => statuses.set(`${route} ${status}`, (statuses.get(`${route} ${status}`) ?? 0) + 1)

describe('extreme but schema-valid inline specs and workloads', () => {
  it('POST /estimate: never a 5xx, a non-finite number or an answer outside its schema', async () => {
    await fc.assert(
      fc.asyncProperty(configuration, workload, async (config, load) => {
        const body = { ...config, ...load }
        const res = await app.inject({ method: 'POST', url: '/estimate', payload: body })
        count('/estimate', res.statusCode)
        checkAnswer(res, validEstimate, JSON.stringify(body))
      }),
      { numRuns: 1500 }
    )
    // The property is only worth something if extreme requests are also answered, not just refused.
    expect(statuses.get('/estimate 200') ?? 0).toBeGreaterThan(300)
  }, 120_000)

  it('POST /compare: candidates at the extremes, with a daily volume and constraints', async () => {
    const volume = fc.oneof(fc.record({ requestsPerDay: extremeNumber(1e-6, 1e12) }), fc.record({ requestsPerSecond: extremeNumber(1e-9, 1e7) }), fc.constant({}))
    const constraints = fc.record({ maxTtftMs: extremeNumber(1e-6, 1e12), minOutputTokensPerSecond: extremeNumber(1e-6, 1e9), maxCostPerMillionTokensUsd: extremeNumber(1e-9, 1e9) }, { requiredKeys: [] })
    await fc.assert(
      fc.asyncProperty(fc.array(configuration, { minLength: 1, maxLength: 4 }), workload, volume, constraints, fc.constantFrom('cost', 'latency', 'throughput'), async (candidates, load, perDay, limits, sortBy) => {
        const body = { workload: { ...load, ...perDay }, candidates: [...candidates, { model: 'gpt-4o', deployment: 'api' }], constraints: limits, sortBy }
        const res = await app.inject({ method: 'POST', url: '/compare', payload: body })
        count('/compare', res.statusCode)
        checkAnswer(res, validCompare, JSON.stringify(body))
      }),
      { numRuns: 300 }
    )
    expect(statuses.get('/compare 200') ?? 0).toBeGreaterThan(100)
  }, 120_000)

  it('the CLI entry function in-process: exit 0 with finite JSON, or exit 2 with a message', async () => {
    const deviceCount = extremeInteger(1, LIMITS.maxDeviceCount)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...catalogModels), fc.constantFrom(...catalogHardware), fc.constantFrom(...precisions), workload, deviceCount, async (model, hardware, precision, load, devices) => {
        const out: string[] = []
        const err: string[] = []
        const argv = ['estimate', '--model', model, '--hardware', hardware, '--precision', precision, '--device-count', String(devices), '--prompt-tokens', String(load.promptTokens), '--output-tokens', String(load.outputTokens), '--batch-size', String(load.batchSize), '--json']
        const code = await main(argv, (s) => out.push(s), (s) => err.push(s))
        expect([0, 2], argv.join(' ')).toContain(code)
        if (code === 0) {
          const answer = JSON.parse(out.join('\n')) as unknown
          expect(nonFinitePointers(answer)).toEqual([])
          expect(validEstimate(answer) ? [] : validEstimate.errors).toEqual([])
        } else expect(err.join('\n')).not.toMatch(/\n\s+at /)
      }),
      { numRuns: 300 }
    )
  }, 120_000)

  it('the CLI as a process: the largest model at every workload limit prints finite JSON', () => {
    // An estimate, not a comparison: a piped answer over 64 KB is cut short until the CLI waits for
    // stdout to drain (issue 12, another branch).
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'estimate', '--model', 'llama-3.1-405b', '--hardware', 'h100-sxm', '--device-count', '8', '--prompt-tokens', String(LIMITS.maxPromptTokens), '--output-tokens', String(LIMITS.maxOutputTokens), '--batch-size', String(LIMITS.maxBatchSize), '--json'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const answer = JSON.parse(run.stdout) as unknown
    expect(nonFinitePointers(answer)).toEqual([])
    expect(validEstimate(answer) ? [] : validEstimate.errors).toEqual([])
  }, 60_000)

  it('reports what it saw', () => {
    // Shown in the test output; the closing note quotes it.
    console.warn('extreme-value fuzzing, status counts:', Object.fromEntries([...statuses.entries()].sort()))
    expect([...statuses.keys()].filter((k) => Number(k.split(' ')[1]) >= 500)).toEqual([])
  })
})
