// POST /estimate: request and response schemas. Units are in field names; 1 GB = 1e9 bytes.
import Type, { type Static } from 'typebox'
import { EXAMPLES, named, Nullable, Ref, StringEnum } from './primitives.js'
import { HardwareKind, IsoDate, ModelArchitecture } from './catalog.js'
import { EngineSettingsFields, ServingEstimate, ServingLoadFields } from './serving.js'
import { CostEstimate, CostTermsFields } from './cost.js'

export const LIMITS = {
  maxPromptTokens: 2_000_000,
  maxOutputTokens: 1_000_000,
  maxBatchSize: 65_536,
  maxDeviceCount: 1024
} as const


const PosInt = (description: string, maximum = 10_000_000) => Type.Integer({ minimum: 1, maximum, description })

export const InlineArchitecture = named('InlineArchitecture', Type.Object(
  {
    layers: PosInt('Transformer blocks.', 1000),
    hiddenSize: PosInt('Residual stream width.', 1_000_000),
    intermediateSize: Type.Optional(PosInt('Feed-forward width (per expert for MoE); default 4 × hiddenSize × 2/3 rounded, as in SwiGLU models.', 10_000_000)),
    attentionHeads: PosInt('Query heads.', 10_000),
    kvHeads: PosInt('Key/value heads; must divide attentionHeads.', 10_000),
    headDim: Type.Optional(PosInt('Width of one head; default hiddenSize / attentionHeads.', 10_000)),
    vocabSize: Type.Optional(PosInt('Vocabulary size; default 32000.', 10_000_000)),
    contextLength: Type.Optional(PosInt('Longest supported sequence, tokens; default unlimited (no context warning).', 100_000_000)),
    experts: Type.Optional(PosInt('Routed experts per MoE layer.', 100_000)),
    expertsPerToken: Type.Optional(PosInt('Experts each token uses.', 100_000)),
    slidingWindow: Type.Optional(PosInt('Sliding attention window, tokens (applies to every layer).', 100_000_000)),
    tiedEmbeddings: Type.Optional(Type.Boolean({ description: 'Output head shares the embedding matrix.' })),
    gatedMlp: Type.Optional(Type.Boolean({ description: 'Three-matrix (gated) feed-forward; default true.' }))
  },
  { additionalProperties: false, description: 'Architecture of a model that is not in the catalog.' }
))

/** Largest hfConfig accepted, bytes of its JSON text. */
export const MAX_HF_CONFIG_BYTES = 256 * 1024

export const HfConfig = named('HfConfig', Type.Object(
  {},
  {
    additionalProperties: true,
    description: `A Hugging Face config.json, pasted whole (at most ${MAX_HF_CONFIG_BYTES / 1024} KB of JSON). Keys the service does not read are allowed and ignored. Readable model_type values: llama, mistral, mixtral, qwen2, qwen3, qwen3_moe, gemma2, gemma3 (text_config), gemma3_text, deepseek_v3, gpt_oss, llama4 (text_config), llama4_text, glm4_moe, phi3. The architecture, parameter counts and native precision (quantization_config, else torch_dtype) are derived from it, held to the same bounds as an inline architecture, and echoed in the answer.`
  }
))

export const InlineModel = named('InlineModel', Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100, description: 'Display name.' })),
    parametersB: Type.Optional(Type.Number({ minimum: 0.001, maximum: 100_000, description: 'Total parameters, billions (0.001-100000); derived from the architecture when absent.' })),
    activeParametersB: Type.Optional(Type.Number({ minimum: 0.001, maximum: 100_000, description: 'Parameters used per token, billions (0.001-100000); derived when absent.' })),
    architecture: Type.Optional(InlineArchitecture),
    hfConfig: Type.Optional(HfConfig)
  },
  { additionalProperties: false, description: 'A model that is not in the catalog, given by its architecture or by its Hugging Face config.json (exactly one of the two).' }
))

export const InlineHardware = named('InlineHardware', Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100, description: 'Display name.' })),
    kind: Type.Optional(HardwareKind),
    memoryGB: Type.Number({ minimum: 0.1, maximum: 100_000, description: 'Memory per device, GB (1e9 bytes); 0.1-100000.' }),
    bandwidthGBps: Type.Number({ minimum: 0.1, maximum: 1_000_000, description: 'Memory bandwidth per device, GB/s; 0.1-1000000.' }),
    tflops: Type.Object(
      {
        fp32: Type.Optional(Type.Number({ minimum: 0.001, maximum: 1_000_000, description: 'Dense FP32 TFLOPS; 0.001-1000000.' })),
        fp16: Type.Optional(Type.Number({ minimum: 0.001, maximum: 1_000_000, description: 'Dense FP16 TFLOPS; 0.001-1000000.' })),
        bf16: Type.Optional(Type.Number({ minimum: 0.001, maximum: 1_000_000, description: 'Dense BF16 TFLOPS; 0.001-1000000.' })),
        fp8: Type.Optional(Type.Number({ minimum: 0.001, maximum: 1_000_000, description: 'Dense FP8 TFLOPS; 0.001-1000000.' })),
        int8: Type.Optional(Type.Number({ minimum: 0.001, maximum: 1_000_000, description: 'Dense INT8 TOPS; 0.001-1000000.' }))
      },
      { additionalProperties: false, description: 'Peak dense compute per data type.' }
    ),
    priceUsdPerHour: Type.Optional(Type.Number({ minimum: 0.0001, maximum: 100_000, description: 'Price of one device, USD per hour; 0.0001-100000.' })),
    tdpW: Type.Optional(Type.Number({ minimum: 0.1, maximum: 100_000, description: 'Power draw of one device, watts; 0.1-100000.' })),
    interconnectGBps: Type.Optional(Type.Number({ minimum: 0.01, maximum: 1_000_000, description: 'Device-to-device bandwidth, GB/s in one direction; 0.01-1000000.' })),
    usableMemoryFraction: Type.Optional(Type.Number({ minimum: 0.01, maximum: 1, description: 'Share of memoryGB an engine may use, 0.01-1 (default 0.75 for apple, whose unified memory the OS shares; 1 otherwise).' }))
  },
  { additionalProperties: false, description: 'A device given by its figures instead of a catalog id. Every figure has physical bounds, stated per field, that keep the estimate within finite arithmetic.' }
))

export const Deployment = named('Deployment', StringEnum(['cloud', 'local', 'edge', 'api'], {
  description:
    'cloud: rented devices, cost from device-hours at a price tier; local: owned devices, cost from amortised purchase, upkeep, energy and cooling; edge: a phone, board or module running the model on the device itself (llama.cpp-class engines), owned like local (battery and thermal limits not modelled); api: a hosted API, cost from token prices.'
}))

/** Everything of an estimate request except the workload (shared with /compare candidates). */
export const ConfigurationFields = {
  model: Type.Union([Ref('Model'), InlineModel], { description: 'A catalog model id or alias, or an inline model spec.' }),
  hardware: Type.Optional(Type.Union([Ref('Hardware'), InlineHardware], { description: 'A catalog hardware id or alias, or an inline device spec. Not needed for api deployments.' })),
  deviceCount: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxDeviceCount, default: 1, description: 'Devices the model is split across (tensor parallel for vllm, sglang, tensorrt-llm; layer split for llama.cpp and transformers).' })),
  precision: Type.Optional(Ref('Weight precision')),
  kvCachePrecision: Type.Optional(Ref('KV-cache precision')),
  engine: Type.Optional(Ref('Serving engine')),
  deployment: Type.Optional(Deployment),
  electricityUsdPerKWh: Type.Optional(Type.Number({ minimum: 0, maximum: 10, description: 'Electricity price for local and edge deployments, USD per kWh (default 0.15).' })),
  ...CostTermsFields,
  ...EngineSettingsFields
}

export const WorkloadFields = {
  promptTokens: Type.Integer({ minimum: 1, maximum: LIMITS.maxPromptTokens, description: `Prompt (input) tokens per request; at most ${LIMITS.maxPromptTokens}.` }),
  outputTokens: Type.Integer({ minimum: 1, maximum: LIMITS.maxOutputTokens, description: `Generated (output) tokens per request; at most ${LIMITS.maxOutputTokens}.` }),
  batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxBatchSize, description: `A static batch: sequences arriving and served together; at most ${LIMITS.maxBatchSize}. Default 1 (no schema default, so that concurrency or requestsPerSecond can be given without it).` })),
  cachedPromptShare: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0,
      description:
        'Share of the prompt the API provider serves from its prompt cache (0..1): those tokens are billed at the cached-input price. API deployments only; self-hosted prefix caching is not modelled.'
    })
  )
}

export const CatalogVersionField = Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$', maxLength: 32, description: 'Catalog version to use; the newest when absent.' })

/** In every answer that has catalogVersion: the version of the service that made it. */
export const EstimatorVersionField = Type.String({
  description: 'Version of the service that made this answer (its package version); CHANGELOG.md lists the changes to the answers\' shape in each version.'
})

export const EstimateRequest = named('EstimateRequest', Type.Object(
  {
    ...ConfigurationFields,
    ...WorkloadFields,
    ...ServingLoadFields,
    catalogVersion: Type.Optional(CatalogVersionField)
  },
  {
    additionalProperties: false,
    description: 'What to estimate: a model on hardware with a workload. Unknown fields are rejected.',
    [EXAMPLES]: {
      h100: {
        summary: 'Llama 3.1 8B on one H100, 8 concurrent requests',
        value: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200, batchSize: 8 }
      },
      seed: {
        summary: 'A 7B model on a GPU you own, 2 requests at once (aliases)',
        value: { model: '7b', hardware: 'gpu', promptTokens: 1000, outputTokens: 1000, batchSize: 2, deployment: 'local' }
      },
      quantized: {
        summary: 'Llama 3.1 70B at 4 bits (Q4_K_M) on two RTX 4090s with llama.cpp',
        value: { model: 'llama-3.1-70b', hardware: 'rtx-4090', deviceCount: 2, precision: 'q4_k_m', engine: 'llama.cpp', promptTokens: 2000, outputTokens: 500, deployment: 'local' }
      },
      api: { summary: 'GPT-4 through its API: token prices and published speed', value: { model: 'gpt-4', promptTokens: 1000, outputTokens: 1000 } },
      inline: {
        summary: 'A model and a device that are not in the catalog, given by their figures',
        value: {
          model: { name: 'my-8b', architecture: { layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8 } },
          hardware: { name: 'my-48gb-card', memoryGB: 48, bandwidthGBps: 960, tflops: { fp16: 150 }, priceUsdPerHour: 1.2 },
          promptTokens: 2000,
          outputTokens: 500
        }
      }
    }
  }
))
export type EstimateRequest = Static<typeof EstimateRequest>

const GB = (d: string) => Type.Number({ description: `${d}, GB (1e9 bytes).` })
const Ms = (d: string) => Type.Number({ description: `${d}, milliseconds.` })
const Bound = named('Bound', StringEnum(['compute', 'memory', 'api'], {
  description: 'What limits the phase: compute (FLOPS), memory (bandwidth), or api (served latency from the provider\'s published figures).'
}))

export const MemoryEstimate = named('MemoryEstimate', Type.Object(
  {
    weightsGB: GB('Weights of all devices together'),
    kvCacheGB: GB('KV cache of the whole batch at prompt + output tokens'),
    activationsGB: GB('Peak activation workspace, all devices together'),
    overheadGB: GB('Runtime overhead (CUDA context, graphs, workspace), all devices together'),
    totalGB: GB('weightsGB + kvCacheGB + activationsGB + overheadGB'),
    perDeviceGB: GB('What one device needs for this request'),
    deviceMemoryGB: GB('Memory of one device usable by the engine (after the OS share on unified memory)'),
    engineReservedPerDeviceGB: GB('What the engine actually claims per device under its memory rule (vLLM/SGLang pre-allocate a fixed share)'),
    fits: Type.Boolean({ description: 'The request fits under the engine\'s memory rule on deviceCount devices.' }),
    minDevices: Nullable(Type.Integer(), { description: 'Fewest devices of this hardware that fit this request with this engine (null: more than 1024).' }),
    kvCacheBytesPerToken: Type.Number({ description: 'KV-cache bytes one token adds across all layers (full-attention layers; sliding-window layers stop growing at the window), bytes.' }),
    maxBatchSize: Type.Integer({ description: 'Sequences of prompt + output tokens that fit at once on deviceCount devices.' }),
    maxContextTokens: Type.Integer({ description: 'Longest sequence (tokens) that fits at this batch size, capped at the model\'s context length.' })
  },
  { additionalProperties: false, description: 'Memory needed and whether it fits.' }
))

export const LatencyEstimate = named('LatencyEstimate', Type.Object(
  {
    ttftMs: Nullable(Ms('Time to first token: prefill of the whole batch'), { description: 'null when the hardware has no compute figure for the precision (a warning names it).' }),
    tpotMs: Ms('Time per output token, averaged over the generation (context grows from prompt to prompt + output)'),
    totalMs: Nullable(Ms('ttftMs + (outputTokens - 1) × tpotMs'), { description: 'null when ttftMs is.' }),
    prefillBound: Type.Unsafe<Static<typeof Bound> | null>({
      type: ['string', 'null'],
      enum: ['compute', 'memory', 'api', null],
      description: 'What limits prefill: compute, memory or api (as decodeBound); null when ttftMs is.'
    }),
    decodeBound: Bound
  },
  { additionalProperties: false, description: 'Latency of one request in the batch.' }
))

export const ThroughputEstimate = named('ThroughputEstimate', Type.Object(
  {
    decodeTokensPerSecond: Type.Number({ description: 'Tokens per second one sequence receives while generating, tokens/s.' }),
    outputTokensPerSecond: Type.Number({ description: 'Tokens per second generated by the whole batch during decode, tokens/s.' }),
    prefillTokensPerSecond: Nullable(Type.Number({ description: 'Prompt tokens processed per second during prefill, tokens/s.' }), { description: 'null when the hardware has no compute figure for the precision.' })
  },
  { additionalProperties: false, description: 'Throughput of the batch.' }
))

const Band = (d: string) =>
  Type.Object(
    {
      low: Type.Number({ description: `Optimistic end: ${d}.` }),
      high: Type.Number({ description: `Pessimistic end: ${d}.` })
    },
    { additionalProperties: false, description: `Range, ${d}.` }
  )

const MsRange = named('MsRange', Band('milliseconds'))
const TokensPerSecondRange = named('TokensPerSecondRange', Band('tokens/s'))

export const RangeEstimate = named('RangeEstimate', Type.Object(
  {
    ttftMs: Nullable(MsRange, { description: 'null when latency.ttftMs is.' }),
    tpotMs: MsRange,
    totalMs: Nullable(MsRange, { description: 'null when latency.totalMs is.' }),
    decodeTokensPerSecond: TokensPerSecondRange,
    outputTokensPerSecond: TokensPerSecondRange,
    prefillTokensPerSecond: Nullable(TokensPerSecondRange, { description: 'null when throughput.prefillTokensPerSecond is.' }),
    basis: Type.String({ description: 'Where the band comes from: the spread of measured/estimated ratios on the calibration set for this engine and metric (10th-90th percentile with 10 or more rows, the full range with fewer).' })
  },
  { additionalProperties: false, description: 'How far to trust the latency and throughput figures.' }
))

export const SourceRef = named('SourceRef', Type.Object(
  {
    entry: Type.String({ description: 'Catalog entry used, as kind:id (e.g. model:llama-2-7b).' }),
    url: Type.String({ description: 'Public source.' }),
    fields: Type.Optional(Type.Array(Type.String(), { description: 'Fields this source backs.' })),
    note: Type.Optional(Type.String({ description: 'How the figure was read from the source.' }))
  },
  { additionalProperties: false, description: 'A public source behind a catalog figure used.' }
))

export const HfConfigEcho = named('HfConfigEcho', Type.Object(
  {
    modelType: Type.String({ description: 'model_type the config was read as (of text_config for the multimodal families).' }),
    architecture: ModelArchitecture,
    parametersB: Type.Number({ description: 'Total parameters derived from the architecture, billions (every expert; no vision tower, no multi-token-prediction layer).' }),
    activeParametersB: Type.Number({ description: 'Parameters one token uses, derived, billions.' }),
    nativePrecision: Nullable(Type.String(), { description: 'Precision of the checkpoint from quantization_config (else torch_dtype); null when the config states none.' }),
    nativePrecisionScope: Nullable(Type.String(), { description: '"experts" when the quantized format covers only the routed experts (the other weights stay at the dtype); null otherwise.' }),
    notes: Type.Array(Type.String(), { description: 'Defaults taken and layer patterns counted while reading the config.' })
  },
  { additionalProperties: false, description: 'What the service read from the hfConfig, so it can be checked against the model card.' }
))

export const EstimateResponse = named('Estimate', Type.Object(
  {
    catalogVersion: Type.String({ description: 'Catalog version the estimate used.' }),
    estimatorVersion: EstimatorVersionField,
    model: Type.Object(
      {
        id: Nullable(Type.String(), { description: 'Catalog id; null for an inline model.' }),
        name: Type.String({ description: 'Display name.' }),
        estimated: Type.Boolean({ description: 'The architecture is a reported estimate.' }),
        fromHfConfig: Type.Optional(HfConfigEcho)
      },
      { additionalProperties: false, description: 'The model estimated.' }
    ),
    hardware: Nullable(
      Type.Object(
        {
          id: Nullable(Type.String(), { description: 'Catalog id; null for inline hardware.' }),
          name: Type.String({ description: 'Display name.' }),
          kind: HardwareKind
        },
        { additionalProperties: false, description: 'The device estimated.' }
      ),
      { description: 'The device; null for api deployments.' }
    ),
    deployment: Deployment,
    engine: Nullable(Type.String(), { description: 'Engine id; null for api deployments.' }),
    precision: Nullable(Type.String(), { description: 'Weight precision id; null for api deployments.' }),
    kvCachePrecision: Nullable(Type.String(), { description: 'KV-cache precision id; null for api deployments.' }),
    deviceCount: Type.Integer({ description: 'Devices the model is split across.' }),
    workload: Type.Object(
      {
        promptTokens: Type.Integer({ description: 'Prompt tokens per request.' }),
        outputTokens: Type.Integer({ description: 'Generated tokens per request.' }),
        batchSize: Type.Integer({ description: 'Concurrent sequences.' }),
        concurrency: Nullable(Type.Integer(), { description: 'Closed-loop clients; null when not given.' }),
        requestsPerSecond: Nullable(Type.Number(), { description: 'Open-loop arrival rate, requests/s; null when not given.' })
      },
      { additionalProperties: false, description: 'The workload estimated.' }
    ),
    memory: Nullable(MemoryEstimate, { description: 'null for api deployments.' }),
    latency: Nullable(LatencyEstimate, { description: 'null when an api model has no published latency.' }),
    throughput: Nullable(ThroughputEstimate, { description: 'null when an api model has no published speed.' }),
    cost: CostEstimate,
    range: Nullable(RangeEstimate, { description: 'null for api deployments (their figures are the provider\'s own).' }),
    serving: Nullable(ServingEstimate, { description: 'Serving under load; null unless concurrency or requestsPerSecond is given (and for api deployments).' }),
    assumptions: Type.Object(
      {
        bytesPerWeight: Nullable(Type.Number(), { description: 'Average stored bytes per weight, bytes.' }),
        kvBytesPerValue: Nullable(Type.Number(), { description: 'Bytes per cached key/value element, bytes.' }),
        decodeBandwidthEfficiency: Nullable(Type.Number(), { description: 'Share of peak bandwidth reached in decode (MBU) used for this estimate.' }),
        prefillComputeEfficiency: Nullable(Type.Number(), { description: 'Share of peak compute reached in prefill (MFU) used for this estimate.' }),
        decodeStepOverheadMs: Nullable(Type.Number(), { description: 'Fixed time per decode step, milliseconds.' }),
        computeDtype: Nullable(Type.String(), { description: 'Matrix data type whose peak TFLOPS the prefill uses.' }),
        peakTflops: Nullable(Type.Number(), { description: 'Peak TFLOPS of one device in computeDtype.' }),
        multiDevice: Nullable(Type.String(), { description: 'tensor or layer split across devices.' }),
        electricityUsdPerKWh: Nullable(Type.Number(), { description: 'Electricity price used, USD per kWh.' }),
        formulas: Type.Array(Type.String(), { description: 'The model behind the numbers, in words.' })
      },
      { additionalProperties: false, description: 'The figures and rules the numbers come from.' }
    ),
    sources: Type.Array(SourceRef, { description: 'Public sources of every catalog entry used.' }),
    warnings: Type.Array(Type.String(), { description: 'What to watch: context overflow, does not fit, unknown prices, hypothetical self-hosting, ...' })
  },
  { additionalProperties: false, description: 'Estimated memory, latency, throughput and cost, with the assumptions and sources behind them.' }
))
export type EstimateResponse = Static<typeof EstimateResponse>

export { IsoDate }
