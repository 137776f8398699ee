// Serving under load: the request fields that describe the load on one deployment and the engine
// settings a user may run with, and the `serving` object of the answer. Units are in the field names.
import Type, { type Static } from 'typebox'
import { named, StringEnum } from './primitives.js'

export const SERVING_LIMITS = {
  maxConcurrency: 100_000,
  maxRequestsPerSecond: 1_000_000,
  minRequestsPerSecond: 1e-6,
  maxRunningSequences: 65_536,
  maxBatchedTokens: 10_000_000
} as const

/** The load on one deployment: a closed loop of N clients, or an open loop of requests arriving at a rate. */
export const ServingLoadFields = {
  concurrency: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: SERVING_LIMITS.maxConcurrency,
      description: `Closed loop: this many clients, each sending its next request as soon as the previous one answers (as vllm bench serve --max-concurrency and most load tests run). Excludes requestsPerSecond and batchSize. At most ${SERVING_LIMITS.maxConcurrency}.`
    })
  ),
  requestsPerSecond: Type.Optional(
    Type.Number({
      minimum: SERVING_LIMITS.minRequestsPerSecond,
      maximum: SERVING_LIMITS.maxRequestsPerSecond,
      description: `Open loop: requests arrive at this mean rate (Poisson) at this deployment, requests/s; at least ${SERVING_LIMITS.minRequestsPerSecond} (one request in about 12 days: below that the cost per request of an always-on deployment means nothing). Excludes concurrency and batchSize.`
    })
  )
}

/** Engine settings for users who run non-defaults; absent means the engine's defaults for this device. */
export const EngineSettingsFields = {
  maxRunningSequences: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: SERVING_LIMITS.maxRunningSequences,
      description: 'Most sequences the engine runs at once (vLLM max_num_seqs, SGLang max_running_requests, TensorRT-LLM max_batch_size, llama-server --parallel). Default: the engine\'s own for this device.'
    })
  ),
  maxBatchedTokens: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: SERVING_LIMITS.maxBatchedTokens,
      description: 'Most tokens one engine step carries (vLLM max_num_batched_tokens, SGLang chunked_prefill_size, TensorRT-LLM max_num_tokens), tokens. Default: the engine\'s own for this device.'
    })
  ),
  memoryFraction: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'Share of device memory the engine\'s memory rule uses (vLLM gpu_memory_utilization, SGLang mem_fraction_static, TensorRT-LLM free_gpu_memory_fraction). Default: the engine\'s own for this device.'
    })
  )
}

const Spread = (what: string) =>
  Type.Object(
    {
      mean: Type.Number({ description: `Mean ${what}, milliseconds.` }),
      p50: Type.Number({ description: `Median ${what}, milliseconds.` }),
      p90: Type.Number({ description: `90th percentile ${what}, milliseconds.` }),
      p99: Type.Number({ description: `99th percentile ${what}, milliseconds.` })
    },
    { additionalProperties: false, description: `${what[0]!.toUpperCase()}${what.slice(1)} over requests, milliseconds.` }
  )

const Band = (unit: string) =>
  Type.Object(
    {
      low: Type.Number({ description: `Optimistic end, ${unit}.` }),
      high: Type.Number({ description: `Pessimistic end, ${unit}.` })
    },
    { additionalProperties: false, description: `Range of the mean, ${unit}.` }
  )

/** A range of a mean in milliseconds (named once: TTFT and TPOT share it). */
const ServingMsRange = named('ServingMsRange', Band('milliseconds'))

export const ServingCapacity = named('ServingCapacity', Type.Object(
  {
    outputTokensPerSecond: Type.Number({ description: 'Output tokens per second the deployment sustains when requests never stop coming (an offline max-throughput run), tokens/s.' }),
    totalTokensPerSecond: Type.Number({ description: 'Prompt + output tokens per second at that capacity, tokens/s.' }),
    requestsPerSecond: Type.Number({ description: 'Requests completed per second at that capacity, requests/s.' }),
    maxRunningSequences: Type.Integer({ description: 'Sequences the engine runs at once: the engine\'s limit or what the KV cache holds, whichever is lower.' }),
    limitedBy: named('ServingLimit', StringEnum(['engine-sequence-limit', 'kv-cache', 'compute', 'bandwidth'], {
      description: 'What stops the deployment doing more: the engine\'s running-sequence limit, the KV-cache pool, or the step budget of prompt processing (compute- or bandwidth-bound).'
    }))
  },
  { additionalProperties: false, description: 'What this deployment sustains when requests never stop coming.' }
))

export const ServingEstimate = named('ServingEstimate', Type.Object(
  {
    ttftMs: Spread('time to first token, queueing included'),
    tpotMs: Spread('time per output token after the first (with one output token, the decode step one more token would take)'),
    e2eMs: Spread('time from sending a request to its last token'),
    outputTokensPerSecond: Type.Number({ description: 'Output tokens per second of the whole deployment at this load, tokens/s.' }),
    totalTokensPerSecond: Type.Number({ description: 'Prompt + output tokens per second of the whole deployment at this load, tokens/s.' }),
    requestsPerSecond: Type.Number({ description: 'Requests completed per second at this load, requests/s.' }),
    outputTokensPerSecondPerUser: Type.Number({ description: 'Output tokens per second one request receives while generating (1000 / mean TPOT), tokens/s.' }),
    runningSequences: Type.Number({ description: 'Mean sequences in flight on the engine (in prefill or decode).' }),
    queuedRequests: Type.Number({ description: 'Mean requests waiting for a free sequence slot. Requests in the engine\'s fixed time to first token (API server, tokenisation, scheduling) or waiting behind other prompts for the step\'s token budget are in neither figure, so runningSequences + queuedRequests can be below requestsPerSecond × mean e2eMs (and, in a closed loop, below concurrency).' }),
    saturated: Type.Boolean({
      description: 'The offered load exceeds what the deployment sustains: the queue grows without end, and the latency figures describe the first 10 minutes of arrivals.'
    }),
    capacity: ServingCapacity,
    engineSettings: Type.Object(
      {
        maxRunningSequences: Type.Integer({ description: 'Running-sequence limit in force (the engine\'s default for this device, or the request\'s).' }),
        maxBatchedTokens: Type.Integer({ description: 'Step token budget in force, tokens.' }),
        memoryFraction: Type.Number({ description: 'Memory share in force under the engine\'s memory rule.' }),
        engineVersion: Type.String({ description: 'Engine version whose defaults these are.' })
      },
      { additionalProperties: false, description: 'The scheduler settings the figures assume.' }
    ),
    range: Type.Object(
      {
        ttftMs: ServingMsRange,
        tpotMs: ServingMsRange,
        outputTokensPerSecond: Band('tokens/s'),
        basis: Type.String({ description: 'Where the band comes from: quantiles of leave-one-group-out measured/estimated ratios on the serving calibration set, the engine\'s own for a metric family with 10 or more such ratios; with fewer, the widest band of the engines that have 10 (a factor of 2 either way when none has), widened to hold the engine\'s own where that reaches further.' })
      },
      { additionalProperties: false, description: 'How far to trust the mean TTFT, TPOT and throughput: about 80% of published measurements fall inside.' }
    )
  },
  { additionalProperties: false, description: 'How a continuous-batching server behaves under the given load; present when concurrency or requestsPerSecond is given.' }
))
export type ServingEstimate = Static<typeof ServingEstimate>
