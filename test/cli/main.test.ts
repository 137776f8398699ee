// The command-line calculator: same answers as the API, readable tables, exit code 2 on bad input.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatNumber } from '../../public/format.js'
import { main } from '../../src/cli/main.js'
import { buildTestApp } from '../helpers/app.js'

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s))
  return { code, out: out.join('\n'), err: err.join('\n') }
}

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(async () => app.close())

describe('llm-calc', () => {
  it('estimate --json equals POST /estimate for the same request', async () => {
    const { code, out } = await cli('estimate', '--model', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--prompt-tokens', '1000', '--output-tokens', '200', '--batch-size', '4', '--json')
    expect(code).toBe(0)
    const api = await app.inject({ method: 'POST', url: '/estimate', payload: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 4 } })
    expect(JSON.parse(out)).toEqual(api.json())
  })
  it('--include without --json is refused, not silently ignored', async () => {
    const estimated = await cli('estimate', '--model', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--tokens', '1000', '--include', 'sources')
    expect(estimated.code).toBe(2)
    expect(estimated.err).toMatch(/--include adds parts to the JSON answer: add --json/)
    const compared = await cli('compare', '--models', '7b', '--hardware', 'a100-80gb', '--tokens', '1000', '--include', 'estimate')
    expect(compared.code).toBe(2)
    expect(compared.err).toMatch(/add --json/)
  })
  it('--include adds what ?include= adds, and refuses what the route refuses', async () => {
    const flags = ['--model', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--prompt-tokens', '1000', '--output-tokens', '200', '--json']
    const { code, out } = await cli('estimate', ...flags, '--include', 'sources,formulas')
    expect(code).toBe(0)
    const api = await app.inject({ method: 'POST', url: '/estimate?include=sources,formulas', payload: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200 } })
    expect(JSON.parse(out)).toEqual(api.json())
    expect(JSON.parse(out).sources.length).toBeGreaterThan(3)
    const compared = await cli('compare', '--models', '7b,gpt-4', '--hardware', 'a100-80gb', '--tokens', '1000', '--include', 'estimate', '--json')
    expect(JSON.parse(compared.out).rows.every((row: { estimate?: unknown }) => row.estimate !== undefined)).toBe(true)
    const bad = await cli('estimate', ...flags, '--include', 'estimate')
    expect(bad.code).toBe(2)
  })
  it('estimate with the cost flags equals POST /estimate with the cost fields', async () => {
    const flags = ['--model', 'llama-3.1-8b', '--hardware', 'rtx-4090', '--precision', 'q4_k_m', '--tokens', '500', '--purchase-price-usd', '1800', '--amortization-years', '4', '--pue', '1.4', '--maintenance-share', '0.05', '--hours-per-day', '10', '--json']
    const { code, out } = await cli('estimate', ...flags)
    expect(code).toBe(0)
    const payload = { model: 'llama-3.1-8b', hardware: 'rtx-4090', precision: 'q4_k_m', promptTokens: 500, outputTokens: 500, purchasePriceUsd: 1800, amortizationYears: 4, pue: 1.4, maintenanceShareOfHardwarePerYear: 0.05, hoursPerDay: 10 }
    const api = await app.inject({ method: 'POST', url: '/estimate', payload })
    expect(JSON.parse(out)).toEqual(api.json())
    const spot = await cli('estimate', '--model', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--tokens', '500', '--pricing', 'spot')
    expect(spot.out).toMatch(/cost parts +rental \$[0-9,.]+ per million output tokens +rented spot \(Google Cloud/)
  })
  it('compare --json equals POST /compare for the same request', async () => {
    const { code, out } = await cli('compare', '--models', '7b,13b,gpt-4', '--hardware', 'a100-80gb', '--tokens', '1000', '--requests-per-day', '5000', '--json')
    expect(code).toBe(0)
    const api = await app.inject({ method: 'POST', url: '/compare', payload: { workload: { promptTokens: 1000, outputTokens: 1000, requestsPerDay: 5000 }, matrix: { models: ['7b', '13b', 'gpt-4'], hardware: ['a100-80gb'] }, sortBy: 'cost' } })
    expect(JSON.parse(out)).toEqual(api.json())
  })
  it('compare --peak-to-average --hybrid-with equals POST /compare, and prints the fleet and hybrid lines', async () => {
    const flags = ['--models', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--tokens', '500', '--requests-per-day', '200000', '--peak-to-average', '1.5', '--hybrid-with', 'gpt-4o']
    const { code, out } = await cli('compare', ...flags, '--json')
    expect(code).toBe(0)
    const payload = { workload: { promptTokens: 500, outputTokens: 500, requestsPerDay: 200_000, peakToAverage: 1.5 }, matrix: { models: ['llama-3.1-8b'], hardware: ['h100-sxm'] }, sortBy: 'cost', hybridWith: 'gpt-4o' }
    const api = await app.inject({ method: 'POST', url: '/compare', payload })
    expect(JSON.parse(out)).toEqual(api.json())
    const table = (await cli('compare', ...flags)).out
    expect(table).toMatch(/^fleet llama-3\.1-8b@h100-sxmx1\/fp16: always on \d+ replicas? \$[0-9,.]+\/month; autoscaled/m)
    expect(table).toMatch(/^hybrid llama-3\.1-8b@h100-sxmx1\/fp16: \d+ (replica carries|replicas carry)/m)
  })
  it('estimate under load: --concurrency, --arrival-rate and the engine settings give what POST /estimate answers', async () => {
    const base = { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200 }
    const flags = ['--model', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--prompt-tokens', '1000', '--output-tokens', '200', '--json']
    for (const [extra, fields] of [
      [['--concurrency', '32'], { concurrency: 32 }],
      [['--arrival-rate', '4.5'], { requestsPerSecond: 4.5 }],
      [['--concurrency', '64', '--max-running-sequences', '16', '--max-batched-tokens', '2048', '--memory-fraction', '0.8'], { concurrency: 64, maxRunningSequences: 16, maxBatchedTokens: 2048, memoryFraction: 0.8 }]
    ] as const) {
      const { code, out } = await cli('estimate', ...flags, ...extra)
      expect(code, extra.join(' ')).toBe(0)
      const api = await app.inject({ method: 'POST', url: '/estimate', payload: { ...base, ...fields } })
      expect(api.statusCode).toBe(200)
      expect(JSON.parse(out)).toEqual(api.json())
      expect(api.json().serving).not.toBeNull()
    }
    const tuned = JSON.parse((await cli('estimate', ...flags, '--concurrency', '64', '--max-running-sequences', '16', '--max-batched-tokens', '2048', '--memory-fraction', '0.8')).out)
    expect(tuned.serving.engineSettings).toMatchObject({ maxRunningSequences: 16, maxBatchedTokens: 2048, memoryFraction: 0.8 })
  })

  it('compare --latency-percentile sets the percentile the constraints bound when a volume sizes the replicas', async () => {
    const { code, out } = await cli('compare', '--models', '7b', '--hardware', 'a100-80gb', '--tokens', '1000', '--requests-per-day', '1000000', '--max-ttft-ms', '2000', '--latency-percentile', 'p99', '--json')
    expect(code).toBe(0)
    const payload = { workload: { promptTokens: 1000, outputTokens: 1000, requestsPerDay: 1_000_000 }, matrix: { models: ['7b'], hardware: ['a100-80gb'] }, constraints: { maxTtftMs: 2000, latencyPercentile: 'p99' }, sortBy: 'cost' }
    const api = await app.inject({ method: 'POST', url: '/compare', payload })
    expect(JSON.parse(out)).toEqual(api.json())
    expect(api.json().rows[0].capacity.latencyPercentile).toBe('p99')
    expect((await cli('compare', '--models', '7b', '--tokens', '10', '--latency-percentile', 'p95')).err).toMatch(/^error: --latency-percentile: /)
  })

  it('--latency-percentile without --max-ttft-ms or --max-tpot-ms is refused rather than ignored', async () => {
    for (const args of [
      ['compare', '--models', '7b', '--hardware', 'a100-80gb', '--tokens', '1000', '--requests-per-day', '1000000', '--latency-percentile', 'p99'],
      ['estimate', '--model', '7b', '--hardware', 'a100-80gb', '--tokens', '1000', '--concurrency', '8', '--latency-percentile', 'p99']
    ]) {
      const { code, err } = await cli(...args)
      expect(code).not.toBe(0)
      expect(err).toMatch(/^error: --latency-percentile picks the figure --max-ttft-ms and --max-tpot-ms bound: give one of them/)
    }
  })

  it('compare --requests-per-second keeps its fleet meaning', async () => {
    const { code, out } = await cli('compare', '--models', '7b', '--hardware', 'a100-80gb', '--tokens', '1000', '--requests-per-second', '3', '--json')
    expect(code).toBe(0)
    const api = await app.inject({ method: 'POST', url: '/compare', payload: { workload: { promptTokens: 1000, outputTokens: 1000, requestsPerSecond: 3 }, matrix: { models: ['7b'], hardware: ['a100-80gb'] }, sortBy: 'cost' } })
    expect(JSON.parse(out)).toEqual(api.json())
  })

  it('the table shows the serving figures and whether the latency limits hold at the percentile asked for', async () => {
    const flags = ['estimate', '--model', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--tokens', '1000', '--concurrency', '600']
    const answer = JSON.parse((await cli(...flags, '--json')).out)
    const { serving } = answer
    const { code, out } = await cli(...flags)
    expect(code).toBe(0)
    expect(out).toContain('under load: 600 concurrent clients (closed loop)')
    const row = (name: string) => out.split('\n').find((line) => line.startsWith(name))!.slice(name.length).trim().split(/\s+/)
    expect(row('time to first token, ms')).toEqual(['mean', 'p50', 'p90', 'p99'].map((key) => formatNumber(serving.ttftMs[key])))
    expect(row('time per output token, ms')).toEqual(['mean', 'p50', 'p90', 'p99'].map((key) => formatNumber(serving.tpotMs[key])))
    expect(row('end-to-end, ms')).toEqual(['mean', 'p50', 'p90', 'p99'].map((key) => formatNumber(serving.e2eMs[key])))
    expect(out).toContain(`throughput: ${formatNumber(serving.outputTokensPerSecond)} output tokens/s`)
    expect(out).toContain(`running ${formatNumber(serving.runningSequences)} sequences, ${formatNumber(serving.queuedRequests)} requests queued`)
    expect(serving.queuedRequests).toBeGreaterThan(0)
    expect(out).toContain(`capacity: ${formatNumber(serving.capacity.requestsPerSecond)} requests/s`)
    expect(out).toContain(`${serving.capacity.maxRunningSequences} sequences at once`)
    // A limit between the p50 and the p99 TTFT is met at p50 and missed at p99.
    const limit = Math.round((serving.ttftMs.p50 + serving.ttftMs.p99) / 2)
    expect(serving.ttftMs.p99).toBeGreaterThan(limit)
    expect((await cli(...flags, '--max-ttft-ms', String(limit), '--latency-percentile', 'p50')).out).toMatch(/latency limits at p50: met$/m)
    expect((await cli(...flags, '--max-ttft-ms', String(limit), '--latency-percentile', 'p99')).out).toMatch(new RegExp(`latency limits at p99: missed — TTFT p99 ${formatNumber(serving.ttftMs.p99)} ms > ${formatNumber(limit)} ms`))
    expect((await cli(...flags, '--max-ttft-ms', String(limit))).out).toMatch(/latency limits at p90: /)
  })

  it('latency limits on an estimate without serving figures are judged on what it has, or it says why they cannot be', async () => {
    // No load flag: an API model's limits are judged on its one request (they needed --concurrency, which warned that it does not apply).
    const apiFlags = ['estimate', '--model', 'gpt-4', '--tokens', '100']
    const { latency } = JSON.parse((await cli(...apiFlags, '--json')).out)
    expect(latency.ttftMs).toBeGreaterThan(100)
    // An API model: its one request's TTFT and TPOT, with no percentile (the provider serves the load).
    const missed = await cli(...apiFlags, '--max-ttft-ms', '100')
    expect(missed.code).toBe(0)
    expect(missed.out).not.toMatch(/concurrency/)
    // A self-hosted deployment is judged under a load, which it must be given.
    const unloaded = await cli('estimate', '--model', '7b', '--hardware', 'a100-80gb', '--tokens', '100', '--max-ttft-ms', '100')
    expect(unloaded.code).toBe(2)
    expect(unloaded.err).toBe('error: --max-ttft-ms, --max-tpot-ms and --latency-percentile apply to a load: give --concurrency or --arrival-rate')
    expect(missed.out).toMatch(new RegExp(`^latency limits on one API request \\(the provider serves the load, so there is no p90 to judge\\): missed — TTFT ${formatNumber(latency.ttftMs)} ms > 100 ms$`, 'm'))
    expect((await cli(...apiFlags, '--max-ttft-ms', String(Math.ceil(latency.ttftMs)), '--max-tpot-ms', String(Math.ceil(latency.tpotMs)))).out).toMatch(/^latency limits on one API request .*: met$/m)
    expect((await cli(...apiFlags, '--max-tpot-ms', String(Math.floor(latency.tpotMs / 2)))).out).toMatch(new RegExp(`: missed — TPOT ${formatNumber(latency.tpotMs)} ms > `, 'm'))
    // A model that does not fit serves no load: nothing to judge, and the line says so.
    const unfit = await cli('estimate', '--model', 'llama-3.1-405b', '--hardware', 'h100-sxm', '--tokens', '100', '--concurrency', '4', '--max-ttft-ms', '100')
    expect(unfit.code).toBe(0)
    expect(unfit.out).toMatch(/^latency limits not judged: the model does not fit 1 device \(it needs \d+\), so it cannot serve a load$/m)
    // Hardware without a compute figure: no prompt is timed, so no load is estimated (it said the KV cache held no sequence).
    const uncomputed = await cli('estimate', '--model', 'llama-3.2-1b', '--hardware', 'a10g', '--tokens', '100', '--concurrency', '2', '--max-ttft-ms', '100')
    expect(uncomputed.code).toBe(0)
    expect(uncomputed.out).toMatch(/^latency limits not judged: the hardware has no compute figure, so prompts and so serving under load are not estimated \(see the warnings\)$/m)
  })

  it('--max-tpot-ms with one output token is refused, as POST /compare refuses maxTpotMs', async () => {
    const { code, err } = await cli('estimate', '--model', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--prompt-tokens', '100', '--output-tokens', '1', '--arrival-rate', '1', '--max-tpot-ms', '1')
    expect(code).toBe(2)
    expect(err).toMatch(/^error: --max-tpot-ms: with --output-tokens 1 no token follows the first/)
    const compared = await cli('compare', '--models', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--prompt-tokens', '100', '--output-tokens', '1', '--requests-per-day', '100000', '--max-tpot-ms', '1')
    expect(compared.code).not.toBe(0)
    expect(compared.err).toMatch(/--max-tpot-ms: with --output-tokens 1 no token follows the first/)
    expect((await cli('estimate', '--model', 'llama-3.1-8b', '--hardware', 'h100-sxm', '--prompt-tokens', '100', '--output-tokens', '1', '--arrival-rate', '1', '--max-ttft-ms', '1000')).code).toBe(0)
  })

  it('every command\'s help is wrapped to 80 columns', async () => {
    for (const command of ['estimate', 'compare', 'models', 'hardware']) {
      const { code, out } = await cli(command, '--help')
      expect(code).toBe(0)
      const tooWide = out.split('\n').filter((line) => line.length > 80)
      expect(tooWide, command).toEqual([])
    }
  })

  it('accepts the seed calculator\'s underscore flags', async () => {
    const seed = await cli('estimate', '--model_size', '7B', '--tokens', '1000', '--batch_size', '2', '--hardware_type', 'GPU', '--deployment_mode', 'local', '--json')
    const kebab = await cli('estimate', '--model', '7b', '--prompt-tokens', '1000', '--output-tokens', '1000', '--batch-size', '2', '--hardware', 'gpu', '--deployment', 'local', '--json')
    expect(seed.code).toBe(0)
    expect(JSON.parse(seed.out)).toEqual(JSON.parse(kebab.out))
  })
  it('prints a readable table by default', async () => {
    const { code, out } = await cli('estimate', '--model', '7b', '--hardware', 'rtx-4090', '--precision', 'q4_k_m', '--tokens', '500')
    expect(code).toBe(0)
    expect(out).toMatch(/time per output token\s+[\d.]+ ms\s+[\d.]+–[\d.]+ ms/)
    expect(out).toMatch(/cost per request/)
    const cmp = await cli('compare', '--models', '7b,gpt-4', '--hardware', 'h100-sxm', '--tokens', '1000')
    expect(cmp.out).toMatch(/^#\s+candidate/)
    expect(cmp.out).toMatch(/break-even:/)
  })
  it('models and hardware --json equal GET /models and GET /hardware with the same filters', async () => {
    const models = await cli('models', '--family', 'LLAMA', '--min-context', '100000', '--json')
    const modelsApi = await app.inject({ method: 'GET', url: '/models?family=LLAMA&minContext=100000' })
    expect(JSON.parse(models.out)).toEqual(modelsApi.json())
    expect(JSON.parse(models.out).count).toBeGreaterThan(0)
    const hardware = await cli('hardware', '--vendor', 'nvidia', '--min-memory-gb', '80', '--json')
    const hardwareApi = await app.inject({ method: 'GET', url: '/hardware?vendor=nvidia&minMemoryGB=80' })
    expect(JSON.parse(hardware.out)).toEqual(hardwareApi.json())
  })
  it('lists models and hardware', async () => {
    expect((await cli('models', '--open-weights')).out).toMatch(/llama-2-7b/)
    const hw = await cli('hardware', '--kind', 'cpu', '--json')
    expect(JSON.parse(hw.out).hardware.every((h: { kind: string }) => h.kind === 'cpu')).toBe(true)
  })
  it('bad flags: a one-line error and exit code 2', async () => {
    for (const argv of [
      ['estimate', '--model', '7b', '--hardware', 'a100', '--prompt-tokens', 'abc', '--output-tokens', '1'],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--prompt-tokens', '0', '--output-tokens', '1'],
      ['estimate', '--model', 'no-such', '--hardware', 'a100', '--tokens', '10'],
      ['estimate', '--bogus'],
      ['estimate', '--model', '7b', '--hardware', 'a100'],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurrency', '4', '--arrival-rate', '2'],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurrency', '0'],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurrency', '4', '--latency-percentile', 'p95'],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--max-ttft-ms', '100'],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurrency', '4', '--max-ttft-ms', '100', '--json'],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '0x10'],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--tokens', ' 12 '],
      ['estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurency', '5'],
      ['help', 'frobnicate'],
      ['toString'],
      ['frobnicate']
    ]) {
      const r = await cli(...argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.err.split('\n')).toHaveLength(1)
      expect(r.err).toMatch(/^error: /)
    }
    expect((await cli('estimate', '--model', '7b', '--hardware', 'a100', '--prompt-tokens', '0', '--output-tokens', '1')).err).toBe('error: --prompt-tokens: must be >= 1')
    expect((await cli('estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '0x10')).err).toBe('error: --tokens must be a finite number written in decimal (e.g. 80 or 0.5), got "0x10"')
    // Commander's suggestion, on the same line.
    expect((await cli('estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurency', '5')).err).toBe("error: unknown option '--concurency' (Did you mean --concurrency?)")
    expect((await cli('help', 'frobnicate')).err).toMatch(/^error: unknown command 'frobnicate'/)
    expect((await cli('help', 'compare')).code).toBe(0)
    // The request's field names in the text are said as flags.
    expect((await cli('estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurrency', '4', '--arrival-rate', '2')).err).toMatch(/^error: --arrival-rate: give either --concurrency .* or --arrival-rate .* not both$/)
    expect((await cli('compare', '--models', '7b', '--hardware', 'a100', '--tokens', '10', '--requests-per-day', '10', '--requests-per-second', '1')).err).toBe('error: --requests-per-second: give one of --requests-per-day or --requests-per-second, not both')
    expect((await cli('compare', '--models', '7b,13b,llama-3.1-8b,llama-3.1-70b,qwen2.5-32b', '--hardware', 'all', '--precisions', 'fp16,fp8,int8,int4,q4_k_m', '--tokens', '100')).err).toMatch(/^error: --models × --hardware × --precisions × --device-counts: expands to \d+ candidates/)
    expect((await cli('estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurrency', '4', '--batch-size', '2')).err).toMatch(/^error: --batch-size: /)
    expect((await cli('estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--arrival-rate', '0')).err).toBe('error: --arrival-rate: must be >= 0.000001')
    expect((await cli('estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10', '--concurrency', '4', '--max-tpot-ms', '0')).err).toBe('error: --max-tpot-ms: must be > 0')
  })
})

describe('llm-calc commands', () => {
  it('a value outside a fixed set names the set, as the API does', async () => {
    const errors: string[] = []
    expect(await main(['hardware', '--kind', 'banana'], () => undefined, (text) => errors.push(text))).toBe(2)
    expect(errors).toEqual(['error: --kind: must be one of gpu, cpu, apple, tpu, edge'])
  })

  it('an environment that fails (an unreadable catalog override) is one line and exit 1, no stack trace', async () => {
    const before = process.env.CATALOG_OVERRIDE_DIR
    process.env.CATALOG_OVERRIDE_DIR = '/no/such/override'
    try {
      const r = await cli('estimate', '--model', '7b', '--hardware', 'a100', '--tokens', '10')
      expect(r.code).toBe(1)
      expect(r.err.split('\n')).toHaveLength(1)
      expect(r.err).toMatch(/^error: .*\/no\/such\/override/)
    } finally {
      if (before === undefined) delete process.env.CATALOG_OVERRIDE_DIR
      else process.env.CATALOG_OVERRIDE_DIR = before
    }
  })

  it('a comparison where no candidate can be estimated prints why and exits 2', async () => {
    const r = await cli('compare', '--models', 'no-such-model', '--hardware', 'h100-sxm', '--tokens', '100')
    expect(r.code).toBe(2)
    expect(r.out).toMatch(/^rejected /m)
    expect(r.err).toMatch(/^error: no candidate could be estimated \(1 rejected: /)
  })

  it('the compare table names each warning once, with the rows that carry it', async () => {
    const { code, out } = await cli('compare', '--models', '7b,gpt-4', '--hardware', 'a100-80gb', '--prompt-tokens', '8000', '--output-tokens', '100')
    expect(code).toBe(0)
    expect(out).toMatch(/^warning context-overflow: llama-2-7b@a100-80gbx1\/fp16$/m)
    expect(out).toMatch(/--include estimate --json/)
  })

  it('a word that is no command is named as such, exit 2', async () => {
    const errors: string[] = []
    const code = await main(['bogus'], () => undefined, (text) => errors.push(text))
    expect(code).toBe(2)
    expect(errors).toEqual(["error: unknown command 'bogus' (commands: estimate, compare, models, hardware; estimate is the default)"])
  })
})

describe('llm-calc in a pipe', () => {
  it('stops quietly, exit 0, when the reader closes the pipe early (| head)', () => {
    const run = spawnSync('bash', ['-c', 'set -o pipefail; node --import tsx src/cli/main.ts models --json | head -c 20 > /dev/null'], { encoding: 'utf8', timeout: 60_000 })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
  }, 70_000)
})

describe('llm-calc estimate --hf-config', () => {
  const configPath = 'catalog/hf-configs/qwen3-30b-a3b.json'
  it('--json equals POST /estimate with the same config pasted as model.hfConfig', async () => {
    const { code, out } = await cli('estimate', '--hf-config', configPath, '--hardware', 'h200', '--tokens', '500', '--json')
    expect(code).toBe(0)
    const hfConfig = JSON.parse(readFileSync(configPath, 'utf8'))
    const api = await app.inject({ method: 'POST', url: '/estimate', payload: { model: { hfConfig }, hardware: 'h200', promptTokens: 500, outputTokens: 500 } })
    expect(JSON.parse(out)).toEqual(api.json())
  })
  it('shows what it read from the config in the table', async () => {
    const { code, out } = await cli('estimate', '--hf-config', configPath, '--hardware', 'h200', '--tokens', '500')
    expect(code).toBe(0)
    expect(out).toMatch(/read from config.json \(qwen3_moe\): 48 layers, hidden 2048, 32\/4 heads of 128, 128 experts \(8 per token\)/)
  })
  it('a missing file, a non-JSON file, both --model and --hf-config, or an unreadable family: one line, exit 2', async () => {
    expect(await cli('estimate', '--hf-config', '/no/such/config.json', '--hardware', 'h200', '--tokens', '10')).toMatchObject({ code: 2, err: expect.stringMatching(/^error: --hf-config: cannot read/) })
    expect(await cli('estimate', '--hf-config', 'README.md', '--hardware', 'h200', '--tokens', '10')).toMatchObject({ code: 2, err: expect.stringMatching(/^error: --hf-config: README.md is not JSON/) })
    expect(await cli('estimate', '--hf-config', configPath, '--model', '7b', '--hardware', 'h200', '--tokens', '10')).toMatchObject({ code: 2, err: expect.stringMatching(/not both/) })
    const gpt2 = join(mkdtempSync(join(tmpdir(), 'hf-')), 'config.json')
    writeFileSync(gpt2, JSON.stringify({ model_type: 'gpt2', n_layer: 12 }))
    const r = await cli('estimate', '--hf-config', gpt2, '--hardware', 'h200', '--tokens', '10')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^error: --hf-config: model_type "gpt2" cannot be read; readable model types: llama,/)
  })
})
