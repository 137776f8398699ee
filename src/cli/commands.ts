// What each llm-calc command does with its flag values: build the same request the API takes,
// validate it with the API's schema, ask the estimator or the catalog, and print.
import { readFileSync } from 'node:fs'
import { Compile } from 'typebox/compile'
import type { Static, TSchema } from 'typebox'
import { loadCatalogSet, type Catalog } from '../catalog/index.js'
import { filterHardware, filterModels } from '../catalog/query.js'
import { answerVersions, catalogFor, compare, estimate, withDetail } from '../estimator/index.js'
import { CompareQuery, EstimateQuery, includedParts } from '../schemas/include.js'
import { DEFAULT_PERCENTILE, PERCENTILES, type LatencyLimits, type Percentile } from '../../public/operating-point.js'
import { CompareRequest, Constraints } from '../schemas/compare.js'
import { EstimateRequest } from '../schemas/estimate.js'
import { HardwareQuery, ModelsQuery } from '../schemas/responses.js'
import { flagFor, inFlagTerms, UsageError, type CommandName } from './flags.js'
import { compareText, estimateText, hardwareText, modelsText } from './format.js'

export type Print = (text: string) => void
type Values = Record<string, unknown>

/** Drops the fields left undefined, as a JSON body would not have them. */
const defined = <T extends object>(fields: T): T => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T

/** The value checked against the API's schema; the first problem names the command's flag. */
function validate<T>(schema: TSchema, value: unknown, command: CommandName): T {
  const check = Compile(schema)
  if (check.Check(value)) return value as T
  const errors = [...check.Errors(value)]
  const first = errors.find((error) => error.keyword !== 'anyOf' && error.keyword !== 'boolean') ?? errors[0]
  // A value outside a fixed set says the set, as the API's problems do.
  const allowed = first?.keyword === 'enum' && Array.isArray((first.params as { allowedValues?: unknown }).allowedValues) ? (first.params as { allowedValues: unknown[] }).allowedValues : undefined
  const message = allowed ? `must be one of ${allowed.map((value) => String(value)).join(', ')}` : (first?.message ?? 'invalid')
  throw new UsageError(`${flagFor(first?.instancePath ?? '', command)}: ${inFlagTerms(message, command)}`)
}

/** The catalog version asked for, from the shipped catalog plus the operator's overrides. */
function catalogOf(version: unknown, pointer: string): Catalog {
  return catalogFor(loadCatalogSet({ overrideDir: process.env.CATALOG_OVERRIDE_DIR || undefined }), version as string | undefined, pointer)
}

/** --tokens stands for prompt and output tokens both. */
function workloadOf(values: Values) {
  return { promptTokens: values.promptTokens ?? values.tokens, outputTokens: values.outputTokens ?? values.tokens, batchSize: values.batchSize, cachedPromptShare: values.cachedPromptShare } as {
    promptTokens?: number
    outputTokens?: number
    batchSize?: number
    cachedPromptShare?: number
  }
}

const printJson = (print: Print, value: unknown) => print(JSON.stringify(value, null, 2))

/** The model of an estimate: the catalog id --model names, or the config.json at the path --hf-config names. */
function modelOf(values: Values): unknown {
  const path = values.hfConfig as string | undefined
  if (path === undefined) return values.model ?? ''
  if (values.model !== undefined) throw new UsageError('--hf-config: give either --model or --hf-config, not both')
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`--hf-config: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  let config: unknown
  try {
    config = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--hf-config: ${path} is not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`)
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UsageError(`--hf-config: ${path} must hold a JSON object (a config.json)`)
  return { hfConfig: config }
}

export function runEstimate(values: Values, print: Print) {
  const workload = workloadOf(values)
  if (workload.promptTokens === undefined) throw new UsageError('--prompt-tokens (or --tokens) is required')
  if (workload.outputTokens === undefined) throw new UsageError('--output-tokens (or --tokens) is required')
  const { hardware, deviceCount, precision, kvCachePrecision, engine, deployment, electricityUsdPerKWh, catalogVersion } = values
  const { concurrency, requestsPerSecond, maxRunningSequences, maxBatchedTokens, memoryFraction } = values
  const { pricing, purchasePriceUsd, amortizationYears, pue, maintenanceShareOfHardwarePerYear, hoursPerDay } = values
  const request = validate<EstimateRequest>(
    EstimateRequest,
    defined({
      model: modelOf(values),
      hardware,
      deviceCount,
      precision,
      kvCachePrecision,
      engine,
      deployment,
      electricityUsdPerKWh,
      pricing,
      purchasePriceUsd,
      amortizationYears,
      pue,
      maintenanceShareOfHardwarePerYear,
      hoursPerDay,
      maxRunningSequences,
      maxBatchedTokens,
      memoryFraction,
      catalogVersion,
      ...workload,
      concurrency,
      requestsPerSecond
    }),
    'estimate'
  )
  const limits = latencyLimitsOf(values, request)
  const include = includedParts(validate<EstimateQuery>(EstimateQuery, defined({ include: jsonOnlyInclude(values) }), 'estimate').include)
  const catalog = catalogOf(request.catalogVersion, '/body/catalogVersion')
  const answer = withDetail(catalog, estimate(catalog, request), { sources: include.has('sources'), formulas: include.has('formulas') })
  // A self-hosted deployment is judged under a load; an API model's one request needs none.
  if (limits && answer.memory && request.concurrency === undefined && request.requestsPerSecond === undefined) {
    throw new UsageError('--max-ttft-ms, --max-tpot-ms and --latency-percentile apply to a load: give --concurrency or --arrival-rate')
  }
  print(values.json ? JSON.stringify(answer, null, 2) : estimateText(answer, limits))
}

/** --include adds parts to the JSON answer; the tables have no place for them, so without --json it is refused rather than ignored. */
function jsonOnlyInclude(values: Values): unknown {
  if (values.include !== undefined && !values.json) throw new UsageError('--include adds parts to the JSON answer: add --json')
  return values.include
}

/** --latency-percentile alone would be accepted and do nothing: it only picks the figure the latency limits bound. */
const NOTHING_TO_BOUND = '--latency-percentile picks the figure --max-ttft-ms and --max-tpot-ms bound: give one of them'

/**
 * The latency limits an estimate under load is checked against (--max-ttft-ms, --max-tpot-ms at
 * --latency-percentile); they are the CLI's own, not part of the request, and a self-hosted
 * deployment needs a load for them (checked once the answer says which it is).
 */
function latencyLimitsOf(values: Values, request: EstimateRequest): LatencyLimits | undefined {
  const { maxTtftMs, maxTpotMs, latencyPercentile } = values
  if (maxTtftMs === undefined && maxTpotMs === undefined && latencyPercentile === undefined) return undefined
  // The verdict is a line of the table; --json prints what the API answers, which has no place for it.
  if (values.json) throw new UsageError('--max-ttft-ms, --max-tpot-ms and --latency-percentile check the table\'s serving figures: drop --json, or read serving.ttftMs / serving.tpotMs from the JSON')
  if (latencyPercentile !== undefined && !PERCENTILES.includes(latencyPercentile as Percentile)) {
    throw new UsageError(`--latency-percentile: must be one of ${PERCENTILES.join(', ')}, got "${String(latencyPercentile)}"`)
  }
  if (maxTtftMs === undefined && maxTpotMs === undefined) throw new UsageError(NOTHING_TO_BOUND)
  // As POST /compare refuses constraints.maxTpotMs for one-token requests.
  if (maxTpotMs !== undefined && request.outputTokens !== undefined && request.outputTokens <= 1) {
    throw new UsageError('--max-tpot-ms: with --output-tokens 1 no token follows the first, so there is no time per output token to bound: drop --max-tpot-ms (--max-ttft-ms bounds this workload)')
  }
  const limits = validate<LatencyLimits>(Constraints, defined({ maxTtftMs, maxTpotMs }), 'estimate')
  return { ...limits, percentile: (latencyPercentile as Percentile | undefined) ?? DEFAULT_PERCENTILE }
}

export function runCompare(values: Values, print: Print) {
  const workload = workloadOf(values)
  if (workload.promptTokens === undefined || workload.outputTokens === undefined) throw new UsageError('--prompt-tokens and --output-tokens (or --tokens) are required')
  const hardware = values.hardware as string[] | undefined
  const request = validate<CompareRequest>(
    CompareRequest,
    defined({
      workload: defined({ ...workload, requestsPerDay: values.requestsPerDay, requestsPerSecond: values.requestsPerSecond, peakToAverage: values.peakToAverage }),
      matrix: defined({
        models: values.models ?? [],
        hardware: hardware?.length === 1 && hardware[0] === 'all' ? 'all' : hardware,
        precisions: values.precisions,
        deviceCounts: values.deviceCounts,
        deployment: values.deployment
      }),
      constraints: defined({
        maxTtftMs: values.maxTtftMs,
        maxTpotMs: values.maxTpotMs,
        minOutputTokensPerSecond: values.minOutputTokensPerSecond,
        maxCostPerMillionTokensUsd: values.maxCostPerMillionTokensUsd,
        latencyPercentile: values.latencyPercentile,
        mustFit: values.allowNoFit ? false : undefined
      }),
      sortBy: values.sortBy,
      hybridWith: values.hybridWith,
      catalogVersion: values.catalogVersion
    }),
    'compare'
  )
  if (request.constraints?.latencyPercentile !== undefined && request.constraints.maxTtftMs === undefined && request.constraints.maxTpotMs === undefined) throw new UsageError(NOTHING_TO_BOUND)
  const include = includedParts(validate<CompareQuery>(CompareQuery, defined({ include: jsonOnlyInclude(values) }), 'compare').include)
  const answer = compare(catalogOf(request.catalogVersion, '/body/catalogVersion'), request, { estimate: include.has('estimate'), sources: include.has('sources'), formulas: include.has('formulas') })
  print(values.json ? JSON.stringify(answer, null, 2) : compareText(answer))
  // Nothing could be estimated: the answer printed says why, and the exit code says it failed.
  if (answer.rows.length === 0) throw new UsageError(`no candidate could be estimated (${answer.rejected.length} rejected: ${answer.rejected.map((rejected) => rejected.id).join(', ')})`)
}

/** GET /models on the command line: the same query fields, the same filters, the same answer as JSON. */
export function runModels(values: Values, print: Print) {
  const { catalogVersion, q, openWeights, family, minContext, maxParametersB } = values
  const query = validate<Static<typeof ModelsQuery>>(ModelsQuery, defined({ catalogVersion, q, openWeights, family, minContext, maxParametersB }), 'models')
  const catalog = catalogOf(query.catalogVersion, '/query/catalogVersion')
  const models = filterModels(catalog.models, { ...query, text: query.q })
  if (values.json) return printJson(print, { ...answerVersions(catalog), count: models.length, models })
  print(modelsText(models))
}

/** GET /hardware on the command line. */
export function runHardware(values: Values, print: Print) {
  const { catalogVersion, q, kind, minMemoryGB, vendor } = values
  const query = validate<Static<typeof HardwareQuery>>(HardwareQuery, defined({ catalogVersion, q, kind, minMemoryGB, vendor }), 'hardware')
  const catalog = catalogOf(query.catalogVersion, '/query/catalogVersion')
  const hardware = filterHardware(catalog.hardware, { ...query, text: query.q })
  if (values.json) return printJson(print, { ...answerVersions(catalog), count: hardware.length, hardware })
  print(hardwareText(hardware))
}
