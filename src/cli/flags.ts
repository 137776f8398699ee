// Every flag of llm-calc in one table: the request field it sets, the commands that take it, how its
// value is read, and the seed calculator's spelling beside it (accepted, hidden from help). The
// commander options, the error messages that name a flag and the reading of values all come from here.
import { Option } from 'commander'
import { DECIMAL_NUMBER } from '../schemas/primitives.js'

export type CommandName = 'estimate' | 'compare' | 'models' | 'hardware'

/** A flag value that cannot be used; main prints it as one line and exits with 2. */
export class UsageError extends Error {}

type Parser = 'number' | 'text' | 'list' | 'numberList' | 'switch'

export interface FlagSpec {
  /** The request (or query) field the flag sets; tokens and json are the CLI's own. */
  field: string
  flag: string
  description: string
  parse: Parser
  commands: CommandName[]
  /** The seed calculator's spelling of the same flag. */
  seedAlias?: string
  defaultValue?: string
}

const SELF_HOSTED: CommandName[] = ['estimate']
const REQUESTS: CommandName[] = ['estimate', 'compare']
const EVERY: CommandName[] = ['estimate', 'compare', 'models', 'hardware']

export const FLAGS: FlagSpec[] = [
  { field: 'model', flag: '--model', description: 'catalog model id or alias (e.g. llama-3.1-8b, 7b, gpt-4)', parse: 'text', commands: SELF_HOSTED, seedAlias: '--model_size' },
  { field: 'hfConfig', flag: '--hf-config', description: 'a model not in the catalog: path to its Hugging Face config.json (instead of --model)', parse: 'text', commands: SELF_HOSTED },
  { field: 'models', flag: '--models', description: 'comma-separated model ids or aliases', parse: 'list', commands: ['compare'], seedAlias: '--model_size' },
  { field: 'hardware', flag: '--hardware', description: 'catalog hardware id or alias (e.g. h100-sxm, gpu, cpu)', parse: 'text', commands: SELF_HOSTED, seedAlias: '--hardware_type' },
  { field: 'hardware', flag: '--hardware', description: 'comma-separated hardware ids, or all', parse: 'list', commands: ['compare'], seedAlias: '--hardware_type' },
  { field: 'deviceCount', flag: '--device-count', description: 'devices the model is split across', parse: 'number', commands: SELF_HOSTED, seedAlias: '--device_count' },
  { field: 'deviceCounts', flag: '--device-counts', description: 'comma-separated device counts', parse: 'numberList', commands: ['compare'] },
  { field: 'precision', flag: '--precision', description: 'weight precision (fp16, bf16, fp8, int8, int4, q4_k_m, ...)', parse: 'text', commands: SELF_HOSTED },
  { field: 'precisions', flag: '--precisions', description: 'comma-separated precisions', parse: 'list', commands: ['compare'] },
  { field: 'kvCachePrecision', flag: '--kv-cache-precision', description: 'KV-cache precision', parse: 'text', commands: SELF_HOSTED },
  { field: 'engine', flag: '--engine', description: 'vllm, tensorrt-llm, sglang, llama.cpp, transformers or autoawq', parse: 'text', commands: SELF_HOSTED },
  { field: 'electricityUsdPerKWh', flag: '--electricity-usd-per-kwh', description: 'electricity price for local and edge deployments, USD per kWh', parse: 'number', commands: SELF_HOSTED },
  { field: 'pricing', flag: '--pricing', description: 'cloud price tier: on-demand, spot or reserved', parse: 'text', commands: SELF_HOSTED },
  { field: 'purchasePriceUsd', flag: '--purchase-price-usd', description: 'price paid for one device, USD (local, edge; default: the catalog\'s)', parse: 'number', commands: SELF_HOSTED },
  { field: 'amortizationYears', flag: '--amortization-years', description: 'years an owned device is paid off over (default 3)', parse: 'number', commands: SELF_HOSTED },
  { field: 'pue', flag: '--pue', description: 'power usage effectiveness of the room (default 1.25 local, 1 edge)', parse: 'number', commands: SELF_HOSTED },
  { field: 'maintenanceShareOfHardwarePerYear', flag: '--maintenance-share', description: 'yearly upkeep as a share of the purchase price (default 0.075)', parse: 'number', commands: SELF_HOSTED },
  { field: 'hoursPerDay', flag: '--hours-per-day', description: 'hours a day an owned device runs (default 24)', parse: 'number', commands: SELF_HOSTED },
  { field: 'promptTokens', flag: '--prompt-tokens', description: 'prompt tokens per request', parse: 'number', commands: REQUESTS, seedAlias: '--prompt_tokens' },
  { field: 'outputTokens', flag: '--output-tokens', description: 'generated tokens per request', parse: 'number', commands: REQUESTS, seedAlias: '--output_tokens' },
  { field: 'tokens', flag: '--tokens', description: "the seed calculator's flag: prompt and output tokens both", parse: 'number', commands: REQUESTS },
  { field: 'batchSize', flag: '--batch-size', description: 'a static batch: sequences arriving and served together', parse: 'number', commands: REQUESTS, seedAlias: '--batch_size' },
  { field: 'concurrency', flag: '--concurrency', description: 'closed loop: this many clients, each sending its next request when the previous one answers', parse: 'number', commands: SELF_HOSTED },
  { field: 'requestsPerSecond', flag: '--arrival-rate', description: 'open loop: requests arriving per second at this deployment (Poisson)', parse: 'number', commands: SELF_HOSTED },
  { field: 'maxRunningSequences', flag: '--max-running-sequences', description: "engine setting: most sequences run at once (vLLM max_num_seqs); default the engine's own", parse: 'number', commands: SELF_HOSTED },
  { field: 'maxBatchedTokens', flag: '--max-batched-tokens', description: "engine setting: most tokens in one step (vLLM max_num_batched_tokens); default the engine's own", parse: 'number', commands: SELF_HOSTED },
  { field: 'memoryFraction', flag: '--memory-fraction', description: "engine setting: share of device memory its memory rule uses (vLLM gpu_memory_utilization); default the engine's own", parse: 'number', commands: SELF_HOSTED },
  { field: 'cachedPromptShare', flag: '--cached-prompt-share', description: 'share of the prompt an API serves from its prompt cache (0..1), billed at the cached-input price', parse: 'number', commands: REQUESTS },
  { field: 'deployment', flag: '--deployment', description: 'cloud, local, edge or api', parse: 'text', commands: REQUESTS, seedAlias: '--deployment_mode' },
  { field: 'requestsPerDay', flag: '--requests-per-day', description: 'daily volume to plan for', parse: 'number', commands: ['compare'] },
  { field: 'requestsPerSecond', flag: '--requests-per-second', description: 'average request rate the whole fleet must serve', parse: 'number', commands: ['compare'] },
  { field: 'peakToAverage', flag: '--peak-to-average', description: 'peak over average traffic of the day, 1-2 (a sinusoidal day; default 1, flat)', parse: 'number', commands: ['compare'] },
  { field: 'hybridWith', flag: '--hybrid-with', description: 'API model that takes the traffic above the replicas\' capacity (hybrid plans)', parse: 'text', commands: ['compare'] },
  { field: 'maxTtftMs', flag: '--max-ttft-ms', description: 'constraint: longest time to first token, ms', parse: 'number', commands: REQUESTS },
  { field: 'maxTpotMs', flag: '--max-tpot-ms', description: 'constraint: longest time per output token, ms', parse: 'number', commands: REQUESTS },
  { field: 'latencyPercentile', flag: '--latency-percentile', description: 'mean, p50, p90 or p99: the figure --max-ttft-ms and --max-tpot-ms bound under load (default p90)', parse: 'text', commands: REQUESTS },
  { field: 'minOutputTokensPerSecond', flag: '--min-output-tokens-per-second', description: 'constraint: fewest output tokens per second', parse: 'number', commands: ['compare'] },
  { field: 'maxCostPerMillionTokensUsd', flag: '--max-cost-per-million-tokens-usd', description: 'constraint: highest USD per million output tokens', parse: 'number', commands: ['compare'] },
  { field: 'allowNoFit', flag: '--allow-no-fit', description: 'keep configurations that do not fit among those meeting the constraints', parse: 'switch', commands: ['compare'] },
  { field: 'sortBy', flag: '--sort-by', description: 'cost, latency or throughput', parse: 'text', commands: ['compare'], defaultValue: 'cost' },
  { field: 'openWeights', flag: '--open-weights', description: 'only models with published weights', parse: 'switch', commands: ['models'] },
  { field: 'family', flag: '--family', description: 'only this family (any case)', parse: 'text', commands: ['models'] },
  { field: 'minContext', flag: '--min-context', description: 'only models with at least this context window, tokens', parse: 'number', commands: ['models'] },
  { field: 'maxParametersB', flag: '--max-parameters-b', description: 'only models with at most this many parameters, billions', parse: 'number', commands: ['models'] },
  { field: 'kind', flag: '--kind', description: 'gpu, cpu, apple, tpu or edge', parse: 'text', commands: ['hardware'] },
  { field: 'minMemoryGB', flag: '--min-memory-gb', description: 'only devices with at least this memory, GB', parse: 'number', commands: ['hardware'] },
  { field: 'vendor', flag: '--vendor', description: 'only this vendor (any case)', parse: 'text', commands: ['hardware'] },
  { field: 'q', flag: '--search', description: 'text to find in id, name and family or vendor', parse: 'text', commands: ['models', 'hardware'] },
  { field: 'catalogVersion', flag: '--catalog-version', description: 'catalog version (default: newest)', parse: 'text', commands: EVERY },
  { field: 'include', flag: '--include', description: 'with --json, what to add to the answer as the API\'s ?include= does (estimate: sources,formulas; compare: estimate,sources,formulas)', parse: 'text', commands: REQUESTS },
  { field: 'json', flag: '--json', description: 'print exactly what the API answers, as JSON', parse: 'switch', commands: EVERY }
]

const PLACEHOLDER: Record<Parser, string> = { number: ' <n>', text: ' <value>', list: ' <values>', numberList: ' <ns>', switch: '' }

function numberOf(flag: string) {
  return (text: string) => {
    const value = Number(text)
    // Decimal only, as the API's query strings: Number() would read 0x10 as 16 and " 12 " as 12.
    if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(value)) throw new UsageError(`${flag} must be a finite number written in decimal (e.g. 80 or 0.5), got "${text}"`)
    return value
  }
}

const listOf = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean)

function option(spec: FlagSpec, flag: string): Option {
  const made = new Option(`${flag}${PLACEHOLDER[spec.parse]}`, spec.description)
  if (spec.parse === 'number') made.argParser(numberOf(flag))
  if (spec.parse === 'list') made.argParser(listOf)
  if (spec.parse === 'numberList') made.argParser((text: string) => listOf(text).map(numberOf(flag)))
  if (spec.defaultValue !== undefined) made.default(spec.defaultValue)
  return made
}

const specsOf = (command: CommandName) => FLAGS.filter((spec) => spec.commands.includes(command))

/** The commander options of a command: each flag, and its seed spelling hidden from help. */
export function optionsFor(command: CommandName): Option[] {
  return specsOf(command).flatMap((spec) => [option(spec, spec.flag), ...(spec.seedAlias ? [option(spec, spec.seedAlias).hideHelp()] : [])])
}

/** The values a command was given, keyed by field: the flag's own value, else its seed spelling's. */
export function valuesOf(command: CommandName, parsed: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const spec of specsOf(command)) {
    const own = parsed[option(spec, spec.flag).attributeName()]
    values[spec.field] = own ?? (spec.seedAlias ? parsed[option(spec, spec.seedAlias).attributeName()] : undefined)
  }
  return values
}

/**
 * The flag for a JSON pointer into a request (/body/workload/promptTokens → --prompt-tokens); with a
 * command, that command's flag where two commands spell one field differently (requestsPerSecond).
 */
export function flagFor(pointer: string, command?: CommandName): string {
  const parts = pointer.split('/').filter((part) => part && part !== 'body' && !/^\d+$/.test(part))
  const specs = command ? [...specsOf(command), ...FLAGS] : FLAGS
  for (let index = parts.length - 1; index >= 0; index--) {
    if (parts[index] === 'matrix') return MATRIX_FLAGS
    const spec = specs.find((candidate) => candidate.field === parts[index])
    if (spec) return spec.flag
  }
  return parts.length ? parts.join('.') : 'request'
}

/** The flags a compare matrix is built from (the request's `matrix`). */
const MATRIX_FLAGS = '--models × --hardware × --precisions × --device-counts'

/**
 * A problem's text in this command's terms: the request's camelCase field names it mentions
 * (requestsPerSecond, batchSize, ...) become the flags that set them (--arrival-rate, --batch-size),
 * as does `concurrency`, the one single-word field problems name that is no everyday word (model,
 * hardware or engine are, and stay as written).
 */
export function inFlagTerms(text: string, command?: CommandName): string {
  const specs = command ? [...specsOf(command), ...FLAGS] : FLAGS
  const flagOf = (field: string) => specs.find((spec) => spec.field === field)?.flag
  // A body path of the compare request (workload.requestsPerDay) is the flag that sets it; then
  // a field named alone, but not a word inside another path (/body/batchSize), a hyphenated id or
  // quotes ("batchSize" as a model id someone typed).
  return text
    .replace(/(?<![\w."/-])(?:workload|constraints|matrix)\.([a-zA-Z]+)(?![\w"/-])/g, (path, field: string) => flagOf(field) ?? path)
    .replace(/(?<![\w."/-])(?:[a-z]+(?:[A-Z][a-z0-9]*)+|concurrency)(?![\w"/-])/g, (word) => flagOf(word) ?? word)
}
