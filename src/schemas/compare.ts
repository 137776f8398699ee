// POST /compare: several configurations for one workload, ranked, with constraints, a pareto
// set, capacity planning for a daily volume, and the self-host vs API break-even.
import Type, { type Static } from 'typebox'
import { EXAMPLES, named, Nullable, Ref, StringEnum } from './primitives.js'
import { FieldError } from './common.js'
import { CatalogVersionField, ConfigurationFields, EstimatorVersionField, Deployment, LIMITS, WorkloadFields } from './estimate.js'
import { HybridWithField, PeakToAverageField } from './cost.js'
import { SourceRef } from './estimate-answer.js'
import { CompareRowSummary } from './compare-row.js'

export const MAX_CANDIDATES = 500

export const Workload = named('Workload', Type.Object(
  {
    ...WorkloadFields,
    requestsPerDay: Type.Optional(Type.Number({ minimum: 0.1, maximum: 1e12, description: 'Daily request volume to plan capacity and monthly cost for, requests/day; at least 0.1 (one request in ten days).' })),
    requestsPerSecond: Type.Optional(Type.Number({ minimum: 1e-6, maximum: 1e7, description: 'Average request rate to plan for, requests/s (alternative to requestsPerDay); at least 1e-6 (one request in about 12 days).' })),
    peakToAverage: PeakToAverageField
  },
  { additionalProperties: false, description: 'The workload every candidate is estimated for.' }
))

export const Candidate = named('Candidate', Type.Object(ConfigurationFields, { additionalProperties: false, description: 'One configuration: an /estimate request without the workload.' }))
export type Candidate = Static<typeof Candidate>

export const Matrix = named('Matrix', Type.Object(
  {
    models: Type.Array(Ref('Model'), { minItems: 1, maxItems: 100, description: 'Models to combine.' }),
    hardware: Type.Optional(
      Type.Union([Type.Literal('all'), Type.Array(Ref('Hardware'), { minItems: 1, maxItems: 100 })], {
        description: 'Hardware to combine, or "all" for every catalog entry. API-only models ignore it.'
      })
    ),
    precisions: Type.Optional(Type.Array(Ref('Precision'), { minItems: 1, maxItems: 20, description: 'Weight precisions to combine (default: fp16).' })),
    deviceCounts: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: LIMITS.maxDeviceCount }), { minItems: 1, maxItems: 20, description: 'Device counts to combine (default: 1).' })),
    deployment: Type.Optional(Deployment)
  },
  { additionalProperties: false, description: `models × hardware × precisions × deviceCounts, expanded by the service (at most ${MAX_CANDIDATES} combinations). deployment applies to the open-weight models (api: every model through its API offer); a closed model is always compared through its API.` }
))

export const Constraints = named('Constraints', Type.Object(
  {
    maxTtftMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Largest acceptable time to first token, ms.' })),
    maxTpotMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Largest acceptable time per output token, ms. Refused (422) when workload.outputTokens is 1: no token follows the first.' })),
    minOutputTokensPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Smallest acceptable output throughput, tokens/s: with a daily volume, what one replica sustains (its capacity, not the share of the volume it is given); otherwise the whole batch\'s.' })),
    maxCostPerMillionTokensUsd: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Largest acceptable cost per million output tokens, USD: with a daily volume, the fleet\'s over the month (capacity.costPerMillionOutputTokensUsd), else the answer\'s at the batch. Owned hardware without a purchase price has no known cost.' })),
    mustFit: Type.Optional(Type.Boolean({ default: true, description: 'Configurations that do not fit in memory miss the constraints (default true).' })),
    latencyPercentile: Type.Optional(
      StringEnum(['mean', 'p50', 'p90', 'p99'], {
        default: 'p90',
        description: 'Which figure of the serving model maxTtftMs and maxTpotMs bound when a daily volume sizes the replicas (default p90).'
      })
    )
  },
  { additionalProperties: false, description: 'Limits a candidate must meet; rows that miss one rank after those that do and say which.' }
))

export const SortBy = named('SortBy', StringEnum(['cost', 'latency', 'throughput'], {
  default: 'cost',
  description: 'cost: cost per million output tokens ascending (with a daily volume, the fleet\'s: capacity.costPerMillionOutputTokensUsd; owned hardware without a purchase price counts as unknown and sorts last); latency: totalMs ascending; throughput: output tokens/s descending (with a daily volume, one replica\'s capacity).'
}))

export const CompareRequest = named('CompareRequest', Type.Object(
  {
    workload: Workload,
    candidates: Type.Optional(Type.Array(Candidate, { minItems: 1, maxItems: MAX_CANDIDATES, description: `Configurations to compare (at most ${MAX_CANDIDATES}); or give matrix instead.` })),
    matrix: Type.Optional(Matrix),
    constraints: Type.Optional(Constraints),
    sortBy: Type.Optional(SortBy),
    hybridWith: HybridWithField,
    catalogVersion: Type.Optional(CatalogVersionField)
  },
  {
    additionalProperties: false,
    description: 'Give either candidates or matrix.',
    [EXAMPLES]: {
      candidates: {
        summary: '7B vs 13B on an A100 vs GPT-4, 10,000 requests a day',
        value: {
          workload: { promptTokens: 1000, outputTokens: 1000, requestsPerDay: 10000 },
          candidates: [{ model: '7b', hardware: 'a100-80gb' }, { model: '13b', hardware: 'a100-80gb' }, { model: 'gpt-4' }]
        }
      },
      matrix: {
        summary: 'Llama 3.1 8B and 70B on H100 and A100 at fp16 and fp8, on 1 or 4 devices, under latency limits',
        value: {
          workload: { promptTokens: 2000, outputTokens: 300, batchSize: 16 },
          matrix: { models: ['llama-3.1-8b', 'llama-3.1-70b'], hardware: ['h100-sxm', 'a100-80gb'], precisions: ['fp16', 'fp8'], deviceCounts: [1, 4] },
          constraints: { maxTtftMs: 2000, maxTpotMs: 50 },
          sortBy: 'latency'
        }
      }
    }
  }
))
export type CompareRequest = Static<typeof CompareRequest>

export const Rejected = named('Rejected', Type.Object(
  {
    id: Type.String({ description: 'Label of the candidate.' }),
    status: Type.Integer({ description: 'HTTP status /estimate would answer for it (404 or 422).' }),
    detail: Type.String({ description: 'Why it cannot be estimated.' }),
    errors: Type.Array(FieldError, { description: 'Each field at fault.' })
  },
  { additionalProperties: false, description: 'A candidate that cannot be estimated, and why.' }
))

export const BreakEven = named('BreakEven', Type.Object(
  {
    selfHosted: Type.String({ description: 'The cloud self-hosted row with the lowest break-even volume among those whose one replica carries that volume at the day\'s peak (workload.peakToAverage); when none can, the one with the lowest break-even volume.' }),
    api: Type.String({ description: 'Cheapest api row.' }),
    requestsPerDay: Nullable(Type.Number(), { description: 'Daily volume from which one always-on replica of the self-hosted row costs less per month than the API; null when the API stays cheaper at any volume (no replica carries its break-even volume at the day\'s peak). It does not depend on the volume asked.' }),
    note: Type.String({ description: 'The break-even in words.' })
  },
  { additionalProperties: false, description: 'From which daily volume a self-hosted row beats the cheapest API.' }
))

export const CompareResponse = named('CompareResponse', Type.Object(
  {
    catalogVersion: Type.String({ description: 'Catalog version the comparison used.' }),
    estimatorVersion: EstimatorVersionField,
    workload: Type.Object(
      {
        promptTokens: Type.Integer({ description: 'Prompt tokens per request.' }),
        outputTokens: Type.Integer({ description: 'Generated tokens per request.' }),
        batchSize: Type.Integer({ description: 'Concurrent sequences per replica.' }),
        requestsPerDay: Nullable(Type.Number(), { description: 'Planned volume, requests/day (from requestsPerSecond × 86400 when given that way).' }),
        monthlyOutputTokens: Nullable(Type.Number(), { description: 'Output tokens a month at this volume (requests/day × 365/12 × outputTokens), the same for every row; null without a daily volume.' }),
        peakToAverage: Type.Number({ description: 'Peak over average request rate of the day used (1 = flat).' }),
        trafficShape: Nullable(Type.String(), { description: 'The day of traffic the fleet and hybrid figures assume, in words; null without a daily volume.' })
      },
      { additionalProperties: false, description: 'The workload compared.' }
    ),
    sortBy: SortBy,
    count: Type.Integer({ description: 'Rows estimated.' }),
    rows: Type.Array(CompareRowSummary, { description: 'Candidates, best first: each a summary, with its full /estimate answer when asked with include=estimate.' }),
    rejected: Type.Array(Rejected, { description: 'Candidates that could not be estimated.' }),
    best: Type.Object(
      {
        cost: Nullable(Type.String(), { description: 'Row id with the lowest cost per million output tokens among those meeting the constraints.' }),
        latency: Nullable(Type.String(), { description: 'Row id with the lowest total latency among those meeting the constraints.' }),
        throughput: Nullable(Type.String(), { description: 'Row id with the highest output throughput among those meeting the constraints.' })
      },
      { additionalProperties: false, description: 'The winner per criterion among rows meeting the constraints.' }
    ),
    pareto: Type.Array(Type.String(), { description: 'Row ids no other row beats on both cost per million output tokens and total latency (among rows meeting the constraints), cheapest first.' }),
    breakEven: Nullable(BreakEven, { description: 'null unless the comparison holds both a cloud self-hosted and an api row meeting the constraints.' }),
    sourceIds: Type.Array(Type.String(), { description: 'Catalog entries the rows used whose figures have public sources, each once, as kind:id; their sources are at GET /catalog/sources?ids=..., or in this answer when asked with include=sources.' }),
    sources: Type.Optional(Type.Array(SourceRef, { description: 'Public sources of every entry in sourceIds, once for the whole answer; only when the request asked include=sources.' })),
    formulaIds: Type.Array(Type.String(), { description: 'The formulas behind the rows, by id, each once; their text is at GET /formulas, or in this answer when asked with include=formulas.' }),
    formulas: Type.Optional(Type.Array(Type.String(), { description: 'The formulas of formulaIds in words, in the same order; only when the request asked include=formulas.' }))
  },
  { additionalProperties: false, description: 'Candidates ranked for one workload, the winner per criterion, the cost-vs-latency front and the self-host vs API break-even.' }
))
export type CompareResponse = Static<typeof CompareResponse>
