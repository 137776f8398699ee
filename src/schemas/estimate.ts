// POST /estimate: the request schema (the answer's are in estimate-answer.ts). Units are in field names; 1 GB = 1e9 bytes.
import Type, { type Static } from 'typebox'
import { EXAMPLES, named, Ref, StringEnum } from './primitives.js'
import { HardwareKind, IsoDate } from './catalog.js'
import { EngineSettingsFields, ServingLoadFields } from './serving.js'
import { CostTermsFields } from './cost.js'

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

export { IsoDate }
