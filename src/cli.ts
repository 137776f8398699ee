#!/usr/bin/env node
// llm-calc: the calculator on the command line, calling the estimator directly (no server).
// Requests are validated with the same TypeBox schemas as the API, so --json prints exactly what
// POST /estimate or POST /compare would answer.
import { Command, CommanderError, Option } from 'commander'
import { Compile } from 'typebox/compile'
import type { TSchema } from 'typebox'
import { loadCatalogSet, type Catalog } from './catalog/index.js'
import { compare } from './estimator/index.js'
import { EstimateError } from './estimator/errors.js'
import { estimate } from './estimator/index.js'
import { CompareRequest } from './schemas/compare.js'
import { EstimateRequest } from './schemas/estimate.js'

class UsageError extends Error {}

const FLAG_OF: Record<string, string> = {
  model: '--model',
  hardware: '--hardware',
  promptTokens: '--prompt-tokens',
  outputTokens: '--output-tokens',
  batchSize: '--batch-size',
  deviceCount: '--device-count',
  precision: '--precision',
  kvCachePrecision: '--kv-cache-precision',
  engine: '--engine',
  deployment: '--deployment',
  electricityUsdPerKWh: '--electricity-usd-per-kwh',
  catalogVersion: '--catalog-version',
  requestsPerDay: '--requests-per-day',
  requestsPerSecond: '--requests-per-second',
  models: '--models',
  precisions: '--precisions',
  deviceCounts: '--device-counts',
  maxTtftMs: '--max-ttft-ms',
  maxTpotMs: '--max-tpot-ms',
  minOutputTokensPerSecond: '--min-output-tokens-per-second',
  maxCostPerMillionTokensUsd: '--max-cost-per-million-tokens-usd',
  sortBy: '--sort-by'
}

/** Flag name for a JSON pointer into the request (/workload/promptTokens → --prompt-tokens). */
function flagFor(pointer: string): string {
  const parts = pointer.split('/').filter((p) => p && !/^\d+$/.test(p))
  for (let i = parts.length - 1; i >= 0; i--) {
    const f = FLAG_OF[parts[i]!]
    if (f) return f
  }
  return parts.length ? parts.join('.') : 'request'
}

const number = (flag: string) => (v: string) => {
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number, got "${v}"`)
  return n
}
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean)

function validate<T>(schema: TSchema, value: unknown): T {
  const check = Compile(schema)
  if (check.Check(value)) return value as T
  const errors = [...check.Errors(value)]
  const first = errors.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'boolean') ?? errors[0]
  throw new UsageError(`${flagFor(first?.instancePath ?? '')}: ${first?.message ?? 'invalid'}`)
}

function catalogFor(version: string | undefined): Catalog {
  const set = loadCatalogSet({ overrideDir: process.env.CATALOG_OVERRIDE_DIR || undefined })
  const c = set.get(version)
  if (!c) throw new UsageError(`--catalog-version: unknown version "${version}"; available: ${set.versions.map((v) => v.version).join(', ')}`)
  return c
}

const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '—' : Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(digits))
const usd = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x >= 1 ? `$${x.toFixed(2)}` : `$${x.toPrecision(3)}`)

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')
}

type Out = (s: string) => void

function withWorkload(cmd: Command): Command {
  return cmd
    .option('--prompt-tokens <n>', 'prompt tokens per request', number('--prompt-tokens'))
    .option('--output-tokens <n>', 'generated tokens per request', number('--output-tokens'))
    .option('--batch-size <n>', 'concurrent sequences', number('--batch-size'))
    .addOption(new Option('--tokens <n>', 'the seed calculator\'s flag: prompt and output tokens both').argParser(number('--tokens')))
    .addOption(new Option('--batch_size <n>').argParser(number('--batch_size')).hideHelp())
    .addOption(new Option('--prompt_tokens <n>').argParser(number('--prompt_tokens')).hideHelp())
    .addOption(new Option('--output_tokens <n>').argParser(number('--output_tokens')).hideHelp())
    .option('--deployment <mode>', 'cloud, local or api')
    .addOption(new Option('--deployment_mode <mode>').hideHelp())
    .option('--catalog-version <v>', 'catalog version (default: newest)')
    .option('--json', 'print the exact API response as JSON')
}

type Opts = Record<string, string | number | boolean | string[] | undefined>
const pick = (o: Opts, ...keys: string[]) => keys.map((k) => o[k]).find((v) => v !== undefined)

function workloadOf(o: Opts) {
  const tokens = o.tokens as number | undefined
  return {
    promptTokens: (pick(o, 'promptTokens', 'prompt_tokens') as number | undefined) ?? tokens,
    outputTokens: (pick(o, 'outputTokens', 'output_tokens') as number | undefined) ?? tokens,
    batchSize: pick(o, 'batchSize', 'batch_size') as number | undefined
  }
}

const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

function runEstimate(o: Opts, out: Out) {
  const w = workloadOf(o)
  if (w.promptTokens === undefined) throw new UsageError('--prompt-tokens (or --tokens) is required')
  if (w.outputTokens === undefined) throw new UsageError('--output-tokens (or --tokens) is required')
  const req = validate<EstimateRequest>(
    EstimateRequest,
    clean({
      model: (pick(o, 'model', 'model_size') as string | undefined) ?? '',
      hardware: pick(o, 'hardware', 'hardware_type') as string | undefined,
      deviceCount: pick(o, 'deviceCount', 'device_count') as number | undefined,
      precision: o.precision as string | undefined,
      kvCachePrecision: o.kvCachePrecision as string | undefined,
      engine: o.engine as string | undefined,
      deployment: pick(o, 'deployment', 'deployment_mode') as EstimateRequest['deployment'],
      electricityUsdPerKWh: o.electricityUsdPerKwh as number | undefined,
      catalogVersion: o.catalogVersion as string | undefined,
      ...w
    })
  )
  const e = estimate(catalogFor(req.catalogVersion), req)
  if (o.json) return out(JSON.stringify(e, null, 2))
  const lines = [
    `${e.model.name} ${e.hardware ? `on ${e.deviceCount} × ${e.hardware.name} (${e.engine}, ${e.precision})` : 'via API'} — ${e.deployment}, catalog ${e.catalogVersion}`,
    ''
  ]
  const rows: string[][] = [['', 'value', 'range']]
  if (e.memory) {
    rows.push(['memory per device', `${fmt(e.memory.perDeviceGB)} GB of ${fmt(e.memory.deviceMemoryGB)} GB`, e.memory.fits ? 'fits' : `does not fit (needs ${e.memory.minDevices ?? '>1024'})`])
    rows.push(['weights / KV cache', `${fmt(e.memory.weightsGB)} GB / ${fmt(e.memory.kvCacheGB)} GB`, `max batch ${e.memory.maxBatchSize}, max context ${e.memory.maxContextTokens}`])
  }
  if (e.latency) {
    rows.push(['time to first token', `${fmt(e.latency.ttftMs)} ms`, e.range ? `${fmt(e.range.ttftMs.low)}–${fmt(e.range.ttftMs.high)} ms` : ''])
    rows.push(['time per output token', `${fmt(e.latency.tpotMs)} ms`, e.range ? `${fmt(e.range.tpotMs.low)}–${fmt(e.range.tpotMs.high)} ms` : ''])
    rows.push(['total', `${fmt(e.latency.totalMs)} ms`, e.range ? `${fmt(e.range.totalMs.low)}–${fmt(e.range.totalMs.high)} ms` : ''])
  }
  if (e.throughput) rows.push(['output tokens/s (batch)', fmt(e.throughput.outputTokensPerSecond), `${fmt(e.throughput.decodeTokensPerSecond)} per sequence`])
  rows.push(['cost per request', usd(e.cost.perRequestUsd), `${usd(e.cost.perMillionOutputTokensUsd)} per million output tokens`])
  lines.push(table(rows))
  for (const w of e.warnings) lines.push(`warning: ${w}`)
  out(lines.join('\n'))
}

function runCompare(o: Opts, out: Out) {
  const w = workloadOf(o)
  if (w.promptTokens === undefined || w.outputTokens === undefined) throw new UsageError('--prompt-tokens and --output-tokens (or --tokens) are required')
  const models = (pick(o, 'models', 'model_size') as string[] | string | undefined) ?? []
  const hardware = pick(o, 'hardware', 'hardware_type') as string[] | undefined
  const req = validate<CompareRequest>(
    CompareRequest,
    clean({
      workload: clean({ ...w, requestsPerDay: o.requestsPerDay as number | undefined, requestsPerSecond: o.requestsPerSecond as number | undefined }),
      matrix: clean({
        models: Array.isArray(models) ? models : list(models),
        hardware: hardware && hardware.length === 1 && hardware[0] === 'all' ? 'all' : hardware,
        precisions: o.precisions as string[] | undefined,
        deviceCounts: o.deviceCounts as number[] | undefined,
        deployment: pick(o, 'deployment', 'deployment_mode') as 'cloud' | 'local' | 'api' | undefined
      }),
      constraints: clean({
        maxTtftMs: o.maxTtftMs as number | undefined,
        maxTpotMs: o.maxTpotMs as number | undefined,
        minOutputTokensPerSecond: o.minOutputTokensPerSecond as number | undefined,
        maxCostPerMillionTokensUsd: o.maxCostPerMillionTokensUsd as number | undefined,
        mustFit: o.allowNoFit ? false : undefined
      }),
      sortBy: o.sortBy as CompareRequest['sortBy'],
      catalogVersion: o.catalogVersion as string | undefined
    })
  )
  const r = compare(catalogFor(req.catalogVersion), req)
  if (o.json) return out(JSON.stringify(r, null, 2))
  const rows: string[][] = [['#', 'candidate', 'fits', 'TTFT ms', 'TPOT ms', 'total ms', 'tok/s', '$/request', '$/M out', ...(r.workload.requestsPerDay ? ['devices', '$/month'] : []), 'constraints']]
  for (const row of r.rows) {
    const e = row.estimate
    rows.push([
      String(row.rank),
      row.id,
      e.memory ? (e.memory.fits ? 'yes' : 'no') : 'api',
      fmt(e.latency?.ttftMs),
      fmt(e.latency?.tpotMs),
      fmt(e.latency?.totalMs),
      fmt(e.throughput?.outputTokensPerSecond),
      usd(e.cost.perRequestUsd),
      usd(e.cost.perMillionOutputTokensUsd),
      ...(r.workload.requestsPerDay ? [row.capacity?.devices === null || row.capacity?.devices === undefined ? '—' : String(row.capacity.devices), usd(row.capacity?.monthlyCostUsd)] : []),
      row.meetsConstraints ? 'ok' : row.violations.join('; ')
    ])
  }
  const lines = [table(rows), '', `best cost: ${r.best.cost ?? '—'}   best latency: ${r.best.latency ?? '—'}   best throughput: ${r.best.throughput ?? '—'}`, `pareto (cost vs latency): ${r.pareto.join(', ') || '—'}`]
  if (r.breakEven) lines.push(`break-even: ${r.breakEven.note}`)
  for (const x of r.rejected) lines.push(`rejected ${x.id}: ${x.detail}`)
  out(lines.join('\n'))
}

export function buildProgram(out: Out, err: Out): Command {
  const program = new Command('llm-calc')
    .description('Estimate memory, latency, throughput and cost of running LLMs (no server needed).')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) })
    .showSuggestionAfterError(true)

  withWorkload(
    program
      .command('estimate')
      .description('estimate one configuration (same answer as POST /estimate)')
      .option('--model <id>', 'catalog model id or alias (e.g. llama-3.1-8b, 7b, gpt-4)')
      .addOption(new Option('--model_size <id>').hideHelp())
      .option('--hardware <id>', 'catalog hardware id or alias (e.g. h100-sxm, gpu, cpu)')
      .addOption(new Option('--hardware_type <id>').hideHelp())
      .option('--device-count <n>', 'devices the model is split across', number('--device-count'))
      .addOption(new Option('--device_count <n>').argParser(number('--device_count')).hideHelp())
      .option('--precision <id>', 'weight precision (fp16, bf16, fp8, int8, int4, q4_k_m, ...)')
      .option('--kv-cache-precision <id>', 'KV-cache precision')
      .option('--engine <id>', 'vllm, tensorrt-llm, sglang, llama.cpp or transformers')
      .option('--electricity-usd-per-kwh <usd>', 'electricity price for local deployments', number('--electricity-usd-per-kwh'))
  ).action((o: Opts) => runEstimate(o, out))

  withWorkload(
    program
      .command('compare')
      .description('compare models × hardware × precisions for one workload (same answer as POST /compare)')
      .option('--models <ids>', 'comma-separated model ids or aliases', list)
      .addOption(new Option('--model_size <ids>').argParser(list).hideHelp())
      .option('--hardware <ids>', 'comma-separated hardware ids, or all', list)
      .addOption(new Option('--hardware_type <ids>').argParser(list).hideHelp())
      .option('--precisions <ids>', 'comma-separated precisions', list)
      .option('--device-counts <ns>', 'comma-separated device counts', (v: string) => list(v).map(number('--device-counts')))
      .option('--requests-per-day <n>', 'daily volume to plan for', number('--requests-per-day'))
      .option('--requests-per-second <n>', 'average request rate to plan for', number('--requests-per-second'))
      .option('--max-ttft-ms <ms>', 'constraint', number('--max-ttft-ms'))
      .option('--max-tpot-ms <ms>', 'constraint', number('--max-tpot-ms'))
      .option('--min-output-tokens-per-second <n>', 'constraint', number('--min-output-tokens-per-second'))
      .option('--max-cost-per-million-tokens-usd <usd>', 'constraint', number('--max-cost-per-million-tokens-usd'))
      .option('--allow-no-fit', 'keep configurations that do not fit among those meeting the constraints')
      .option('--sort-by <key>', 'cost, latency or throughput', 'cost')
  ).action((o: Opts) => runCompare(o, out))

  program
    .command('models')
    .description('list catalog models')
    .option('--open-weights', 'only models with published weights')
    .option('--family <name>', 'only this family')
    .option('--json', 'print JSON')
    .action((o: Opts) => {
      const c = catalogFor(undefined)
      const models = c.models.filter((m) => (!o.openWeights || m.openWeights) && (!o.family || m.family === o.family))
      if (o.json) return out(JSON.stringify({ catalogVersion: c.version, count: models.length, models }, null, 2))
      out(table([['id', 'name', 'params (B)', 'active (B)', 'context', 'open', 'API $/M in/out'], ...models.map((m) => [m.id, m.name, fmt(m.parametersB), fmt(m.activeParametersB), String(m.architecture?.contextLength ?? m.api?.contextLength ?? '—'), m.openWeights ? 'yes' : 'no', m.api ? `${m.api.inputUsdPerMTok}/${m.api.outputUsdPerMTok}` : '—'])]))
    })

  program
    .command('hardware')
    .description('list catalog hardware')
    .option('--kind <kind>', 'gpu, cpu, apple or tpu')
    .option('--min-memory-gb <gb>', 'only devices with at least this memory', number('--min-memory-gb'))
    .option('--json', 'print JSON')
    .action((o: Opts) => {
      const c = catalogFor(undefined)
      const hw = c.hardware.filter((h) => (!o.kind || h.kind === o.kind) && (o.minMemoryGb === undefined || h.memoryGB >= (o.minMemoryGb as number)))
      if (o.json) return out(JSON.stringify({ catalogVersion: c.version, count: hw.length, hardware: hw }, null, 2))
      out(table([['id', 'name', 'kind', 'memory GB', 'GB/s', 'fp16 TFLOPS', '$/hour'], ...hw.map((h) => [h.id, h.name, h.kind, fmt(h.memoryGB), fmt(h.bandwidthGBps), fmt(h.tflops.fp16 ?? h.tflops.bf16), h.priceUsdPerHour ? `${h.priceUsdPerHour} (${h.priceAsOf ?? 'undated'})` : '—'])]))
    })
  return program
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad flags or a request that cannot be answered). */
export async function main(argv: string[], out: Out = (s) => process.stdout.write(`${s}\n`), err: Out = (s) => process.stderr.write(`${s}\n`)): Promise<number> {
  const program = buildProgram(out, () => undefined)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0
      err(e.message.split('\n')[0]!.replace(/^error: /, 'error: '))
      return 2
    }
    if (e instanceof UsageError) {
      err(`error: ${e.message}`)
      return 2
    }
    if (e instanceof EstimateError) {
      const f = e.errors[0]
      err(`error: ${f ? `${flagFor(f.pointer)}: ${f.detail}` : e.message}`)
      return 2
    }
    throw e
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code))
}
