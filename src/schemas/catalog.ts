// TypeBox schemas for the versioned catalog: the data files under catalog/<version>/ are
// validated against these at start-up, and the same schemas describe the catalog routes'
// responses in the OpenAPI document. Units are in the field names; 1 GB = 1e9 bytes.
import Type, { type Static } from 'typebox'

export const Id = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  minLength: 1,
  maxLength: 64,
  description: 'Catalog identifier: lower-case letters, digits, dot, dash and underscore.'
})

export const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}(-\\d{2})?$',
  description: 'Date as YYYY-MM-DD (or YYYY-MM when only the month is known).'
})

export const Source = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 500, description: 'Public location of the source: a URL or a named public document.' }),
    fields: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 40,
        description: 'Which fields of the entry this source backs; absent means the whole entry.'
      })
    ),
    accessed: Type.Optional(IsoDate),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'How the figure was read or derived from the source.' }))
  },
  { additionalProperties: false, description: 'A public source for catalog figures.' }
)
export type Source = Static<typeof Source>

const Sources = Type.Array(Source, { minItems: 1, maxItems: 20, description: 'Public sources of this entry\'s figures.' })

const PositiveInt = (description: string) => Type.Integer({ minimum: 1, description })

export const ModelArchitecture = Type.Object(
  {
    layers: PositiveInt('Number of transformer blocks (num_hidden_layers).'),
    hiddenSize: PositiveInt('Width of the residual stream (hidden_size).'),
    intermediateSize: PositiveInt('Width of the feed-forward block (intermediate_size); per expert for MoE models.'),
    attentionHeads: PositiveInt('Number of query heads (num_attention_heads).'),
    kvHeads: PositiveInt('Number of key/value heads (num_key_value_heads); fewer than attentionHeads means GQA/MQA.'),
    headDim: PositiveInt('Width of one attention head (head_dim).'),
    vocabSize: PositiveInt('Vocabulary size (vocab_size).'),
    contextLength: PositiveInt('Longest sequence the model supports, in tokens (max_position_embeddings).'),
    experts: Type.Optional(PositiveInt('Routed experts per MoE layer (num_local_experts / n_routed_experts).')),
    expertsPerToken: Type.Optional(PositiveInt('Experts each token is routed to (num_experts_per_tok).')),
    sharedExperts: Type.Optional(Type.Integer({ minimum: 0, description: 'Always-active shared experts per MoE layer.' })),
    moeIntermediateSize: Type.Optional(PositiveInt('Feed-forward width of one routed expert when it differs from intermediateSize.')),
    denseLayers: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Layers with a dense feed-forward block (width intermediateSize) instead of experts: the leading first_k_dense_replace layers, or the non-MoE layers of an interleaved model (Llama 4 Maverick: interleave_moe_layer_step 2).'
      })
    ),
    slidingWindow: Type.Optional(PositiveInt('Sliding attention window in tokens; such layers keep at most this many tokens of KV cache.')),
    slidingWindowLayers: Type.Optional(
      Type.Integer({ minimum: 0, description: 'How many layers use the sliding window (default: all layers when slidingWindow is set).' })
    ),
    attentionChunkSize: Type.Optional(
      PositiveInt('Chunked local attention: chunk length in tokens (attention_chunk_size); a chunked layer attends only within its own chunk, so it keeps at most this many tokens of KV cache.')
    ),
    chunkedAttentionLayers: Type.Optional(
      Type.Integer({ minimum: 0, description: 'How many layers use chunked attention (Llama 4: three of every four; the fourth attends globally without RoPE).' })
    ),
    kvLoraRank: Type.Optional(PositiveInt('Multi-head latent attention: width of the compressed KV latent cached per token per layer (kv_lora_rank).')),
    ropeHeadDim: Type.Optional(PositiveInt('Multi-head latent attention: width of the decoupled RoPE key cached next to the latent (qk_rope_head_dim).')),
    tiedEmbeddings: Type.Optional(Type.Boolean({ description: 'The output head shares the input embedding matrix (tie_word_embeddings).' })),
    gatedMlp: Type.Optional(Type.Boolean({ description: 'Feed-forward block has three matrices (SwiGLU/GeGLU); false for the classic two-matrix MLP. Default true.' }))
  },
  { additionalProperties: false, description: 'Architecture as published in the model\'s config.' }
)
export type ModelArchitecture = Static<typeof ModelArchitecture>

export const ApiOffer = Type.Object(
  {
    provider: Type.String({ maxLength: 100, description: 'Who serves the model over an API.' }),
    inputUsdPerMTok: Type.Number({ minimum: 0, description: 'Price of input (prompt) tokens, USD per million tokens.' }),
    outputUsdPerMTok: Type.Number({ minimum: 0, description: 'Price of output (generated) tokens, USD per million tokens.' }),
    priceAsOf: Type.Optional(IsoDate),
    contextLength: PositiveInt('Context window the API serves, tokens (prompt and output together).'),
    typicalTtftMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Typical time to first token when served, milliseconds.' })),
    typicalOutputTokensPerSecond: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Typical output speed of one request when served, tokens per second.' })
    ),
    latencyAsOf: Type.Optional(IsoDate),
    maxOutputTokens: Type.Optional(PositiveInt('Largest number of tokens one response may hold.')),
    cachedInputUsdPerMTok: Type.Optional(
      Type.Number({ minimum: 0, description: 'Price of prompt tokens read from the provider\'s prompt cache (cache hits), USD per million tokens.' })
    ),
    batchDiscount: Type.Optional(
      Type.Number({
        minimum: 0,
        exclusiveMaximum: 1,
        description: 'Share taken off the input and output prices for requests sent through the provider\'s asynchronous batch API (0.5 = half price).'
      })
    ),
    longPrompt: Type.Optional(
      Type.Object(
        {
          thresholdTokens: PositiveInt('Prompts longer than this many tokens are billed at the prices below, for every token of the request.'),
          inputUsdPerMTok: Type.Number({ minimum: 0, description: 'Input price above the threshold, USD per million tokens.' }),
          outputUsdPerMTok: Type.Number({ minimum: 0, description: 'Output price above the threshold, USD per million tokens.' }),
          cachedInputUsdPerMTok: Type.Optional(Type.Number({ minimum: 0, description: 'Cached-input price above the threshold, USD per million tokens.' }))
        },
        { additionalProperties: false, description: 'A higher price tier for long prompts (Gemini 2.5 Pro above 200K tokens).' }
      )
    ),
    retired: Type.Optional(
      Type.Object(
        {
          date: IsoDate,
          replacedBy: Type.Optional(Type.String({ ...Id, description: 'Catalog id of the model the provider points users to instead.' })),
          note: Type.Optional(Type.String({ maxLength: 500, description: 'What the provider said about the retirement.' }))
        },
        {
          additionalProperties: false,
          description: 'The provider retired the model (or has announced the date it retires: a date after the price date). Kept so old comparisons still answer.'
        }
      )
    )
  },
  { additionalProperties: false, description: 'Hosted API offer for a model: prices and typical served latency.' }
)
export type ApiOffer = Static<typeof ApiOffer>

export const NativePrecisionScope = Type.Union([Type.Literal('all'), Type.Literal('experts')], {
  description: 'Which weights of the published checkpoint nativePrecision covers: all of them (default), or only the routed experts, the other weights being stored in nativeNonExpertPrecision (gpt-oss: MXFP4 experts, BF16 attention, router and embeddings).'
})
export type NativePrecisionScope = Static<typeof NativePrecisionScope>

export const Model = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Display name.' }),
    family: Type.String({ minLength: 1, maxLength: 40, description: 'Model family, e.g. llama, mistral, qwen, gpt.' }),
    openWeights: Type.Boolean({ description: 'Weights are published, so the model can be self-hosted.' }),
    parametersB: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Total parameters, billions (1e9); every expert counts for MoE models. Absent for hosted models whose size is not public.' })
    ),
    activeParametersB: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Parameters used per token, billions; smaller than parametersB only for MoE models.' })
    ),
    architecture: Type.Optional(ModelArchitecture),
    nativePrecision: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9._-]*$',
        maxLength: 64,
        description: 'Precision id of the published checkpoint (bf16 for most; fp8 for DeepSeek; mxfp4 for gpt-oss\'s experts): the model\'s default precision.'
      })
    ),
    nativePrecisionScope: Type.Optional(NativePrecisionScope),
    nativeNonExpertPrecision: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9._-]*$',
        maxLength: 64,
        description: 'Precision id of the weights outside the routed experts when nativePrecisionScope is experts.'
      })
    ),
    estimated: Type.Optional(Type.Boolean({ description: 'The architecture is not published: figures are reported estimates, not facts.' })),
    hfId: Type.Optional(Type.String({ maxLength: 120, description: 'Hugging Face repository id of the published weights.' })),
    api: Type.Optional(ApiOffer),
    notes: Type.Optional(Type.String({ maxLength: 2000, description: 'Caveats and how figures were read.' })),
    sources: Sources
  },
  { additionalProperties: false, description: 'A language model with its architecture and, for hosted models, its API offer.' }
)
export type Model = Static<typeof Model>

export const HardwareKind = Type.Union([Type.Literal('gpu'), Type.Literal('cpu'), Type.Literal('apple'), Type.Literal('tpu'), Type.Literal('edge')], {
  description:
    'gpu: discrete accelerator; cpu: general-purpose processor with system RAM; apple: Apple silicon unified memory; tpu: Google TPU; edge: a phone, single-board computer or embedded module that runs small models on the device itself (battery and thermal limits are not modelled).'
})
export type HardwareKind = Static<typeof HardwareKind>

export const ComputeDtype = Type.Union(
  [Type.Literal('fp32'), Type.Literal('fp16'), Type.Literal('bf16'), Type.Literal('fp8'), Type.Literal('int8'), Type.Literal('fp4')],
  { description: 'Data type of the matrix units used for compute.' }
)
export type ComputeDtype = Static<typeof ComputeDtype>

export const Tflops = Type.Object(
  {
    fp32: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense FP32 peak, TFLOPS (1e12 floating-point operations per second).' })),
    fp16: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense FP16 matrix peak, TFLOPS.' })),
    bf16: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense BF16 matrix peak, TFLOPS.' })),
    fp8: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense FP8 matrix peak, TFLOPS.' })),
    int8: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense INT8 matrix peak, TOPS (1e12 operations per second).' })),
    fp4: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Dense FP4 matrix peak (NVFP4/MXFP4 block-scaled E2M1), TFLOPS; present only where the matrix units run FP4 natively.' })
    )
  },
  { additionalProperties: false, description: 'Peak dense (not sparse) compute per data type.' }
)
export type Tflops = Static<typeof Tflops>

export const Interconnect = Type.Object(
  {
    kind: Type.String({ maxLength: 40, description: 'Link used between devices, e.g. nvlink, pcie4, infinity-fabric, ici.' }),
    bandwidthGBps: Type.Number({ exclusiveMinimum: 0, description: 'Device-to-device bandwidth in one direction, GB/s (1e9 bytes per second).' })
  },
  { additionalProperties: false, description: 'How devices of this kind talk to each other when a model spans several.' }
)

export const RentalPrice = Type.Object(
  {
    tier: Type.Union([Type.Literal('on-demand'), Type.Literal('spot'), Type.Literal('reserved-1y'), Type.Literal('reserved-3y')], {
      description: 'on-demand: pay by the hour, no commitment; spot: interruptible spare capacity; reserved-1y / reserved-3y: committed use for one or three years, quoted per hour.'
    }),
    usdPerHour: Type.Number({ exclusiveMinimum: 0, description: 'Price of one device for one hour at this tier, USD.' }),
    asOf: IsoDate,
    provider: Type.String({ minLength: 1, maxLength: 150, description: 'Whose price list, and which instance or offer.' }),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'How a per-device figure was derived (an 8-GPU instance price divided by 8, ...).' }))
  },
  { additionalProperties: false, description: 'A dated cloud price for one device at one price tier.' }
)
export type RentalPrice = Static<typeof RentalPrice>

export const Hardware = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Display name.' }),
    vendor: Type.String({ minLength: 1, maxLength: 40, description: 'Maker.' }),
    kind: HardwareKind,
    memoryGB: Type.Number({ exclusiveMinimum: 0, description: 'Device memory, GB (1e9 bytes); for unified memory, the machine\'s RAM.' }),
    memoryCapacityGB: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'Memory the driver reports (nvidia-smi memory.total), GB (1e9 bytes). Datasheet "GB" are usually GiB, so this is up to 7% more than memoryGB; fit checks use it when present.'
      })
    ),
    usableMemoryFraction: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of memoryGB an inference engine may use (unified-memory machines keep some for the OS). Default 1.' })
    ),
    memoryType: Type.Optional(Type.String({ maxLength: 40, description: 'Memory technology (HBM3, GDDR6X, LPDDR5, DDR5, ...).' })),
    bandwidthGBps: Type.Number({ exclusiveMinimum: 0, description: 'Peak memory bandwidth, GB/s (1e9 bytes per second).' }),
    tflops: Tflops,
    tdpW: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Board power or TDP, watts.' })),
    priceUsdPerHour: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Typical cloud on-demand price of one device, USD per hour.' })),
    priceAsOf: Type.Optional(IsoDate),
    priceProvider: Type.Optional(Type.String({ maxLength: 100, description: 'Whose price list priceUsdPerHour comes from.' })),
    interconnect: Type.Optional(Interconnect),
    architecture: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9._-]*$',
        maxLength: 40,
        description: 'Chip generation, vendor-prefixed (nvidia-ampere, nvidia-hopper, nvidia-blackwell, amd-cdna3, ...): which quantized formats run natively or through a fallback kernel follows from it (see the precisions\' nativeOn and fallbacks).'
      })
    ),
    rentalPrices: Type.Optional(
      Type.Array(RentalPrice, { maxItems: 20, description: 'Dated on-demand, spot and reserved prices where published, each with its provider; priceUsdPerHour stays the typical on-demand price.' })
    ),
    purchasePriceUsd: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Price of buying one device (the card, module, phone or computer the entry describes), USD.' })
    ),
    purchasePriceAsOf: Type.Optional(IsoDate),
    purchasePriceBasis: Type.Optional(
      Type.Union([Type.Literal('list'), Type.Literal('street')], {
        description: 'list: the maker\'s published price; street: what resellers asked where the maker publishes none.'
      })
    ),
    appMemoryGB: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'Memory the operating system leaves to one app on an edge device, GB, where the maker publishes it; absent when it is not published.'
      })
    ),
    dataCentre: Type.Boolean({ description: 'Sold for data centres (the default engine there is vLLM; llama.cpp elsewhere).' }),
    notes: Type.Optional(Type.String({ maxLength: 2000, description: 'Caveats and how figures were read.' })),
    sources: Sources
  },
  { additionalProperties: false, description: 'A device that can run a model, with datasheet figures.' }
)
export type Hardware = Static<typeof Hardware>

export const PrecisionFallback = Type.Object(
  {
    architectures: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 20, description: 'Chip generations (hardware.architecture) this fallback runs on.' }),
    engines: Type.Array(Id, { minItems: 1, description: 'Engines that ship the fallback kernel.' }),
    computeDtype: ComputeDtype,
    kernel: Type.String({ minLength: 1, maxLength: 200, description: 'The kernel that runs instead, named as the engine names it (weight-only: weights stay in the format and are dequantized inside the matrix multiply).' }),
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'What the fallback costs or how it was read from the source.' })),
    sources: Sources
  },
  {
    additionalProperties: false,
    description: 'How an engine runs a format on hardware without native units for it: the weights keep their size, the matrix math runs at computeDtype.'
  }
)
export type PrecisionFallback = Static<typeof PrecisionFallback>

export const Precision = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 60, description: 'Display name.' }),
    format: Type.Union([Type.Literal('float'), Type.Literal('integer'), Type.Literal('gguf')], {
      description: 'float: plain floating point; integer: weight-only or W8A8 integer formats; gguf: llama.cpp block formats.'
    }),
    bitsPerWeight: Type.Number({ exclusiveMinimum: 0, maximum: 32, description: 'Bits stored per weight, scales and zero points included.' }),
    computeDtype: ComputeDtype,
    embeddingsBitsPerWeight: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 32, description: 'Bits per weight of the token embedding and output head when the format leaves them wider than the rest.' })
    ),
    usableForKvCache: Type.Boolean({ description: 'Engines can store the KV cache in this format.' }),
    kvBitsPerValue: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 32, description: 'Bits per cached key/value element when used for the KV cache.' })),
    engines: Type.Optional(Type.Array(Id, { description: 'Engines that run this format; absent means every engine.' })),
    kvEngines: Type.Optional(Type.Array(Id, { description: 'Engines that store the KV cache in this format when that differs from engines.' })),
    nativeOn: Type.Optional(
      Type.Array(Type.String({ maxLength: 40 }), {
        maxItems: 20,
        description: 'Chip generations (hardware.architecture) whose matrix units run computeDtype, so the format runs without dequantizing. A device runs it natively when its tflops has a computeDtype figure.'
      })
    ),
    fallbacks: Type.Optional(Type.Array(PrecisionFallback, { maxItems: 10, description: 'What engines do on hardware without native support; absent or no match means the format cannot run there.' })),
    notes: Type.Optional(Type.String({ maxLength: 2000, description: 'Caveats and how figures were read.' })),
    sources: Sources
  },
  { additionalProperties: false, description: 'A weight precision or quantization format.' }
)
export type Precision = Static<typeof Precision>

const KindEfficiency = Type.Object(
  {
    bandwidth: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Bandwidth efficiency on this hardware kind.' })),
    compute: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 2, description: 'Compute efficiency on this hardware kind, relative to the catalogued peak.' })),
    layerOverheadUs: Type.Optional(Type.Number({ minimum: 0, description: 'Decode overhead per layer per step on this hardware kind, microseconds.' }))
  },
  { additionalProperties: false }
)

export const EngineEfficiency = Type.Object(
  {
    decodeBandwidthEfficiency: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of peak memory bandwidth reached while decoding (MBU).' }),
    prefillComputeEfficiency: Type.Number({
      exclusiveMinimum: 0,
      maximum: 2,
      description: 'Compute reached while processing the prompt, as a share of the catalogued dense peak (MFU). Can exceed 1 where an engine uses a faster mode than the catalogued one (llama.cpp runs FP16 accumulate on GeForce cards, twice the FP32-accumulate figure NVIDIA lists).'
    }),
    decodeStepOverheadMs: Type.Number({ minimum: 0, description: 'Fixed time per decode step (scheduler, sampling, host synchronisation), milliseconds.' }),
    decodeLayerOverheadUs: Type.Number({ minimum: 0, description: 'Time per layer per decode step not explained by bandwidth (kernel launches, framework dispatch), microseconds.' }),
    prefillOverheadMs: Type.Number({ minimum: 0, description: 'Fixed time per prompt pass, milliseconds.' }),
    quantizedDecodePenalty: Type.Number({ minimum: 1, maximum: 4, description: 'Divides bandwidth efficiency for quantized (integer or GGUF) weights: dequantization work per byte read.' }),
    quantizedPrefillPenalty: Type.Number({ minimum: 1, maximum: 4, description: 'Divides compute efficiency for quantized weights in prefill: dequantization before the matrix units.' }),
    quantizedLayerOverheadUs: Type.Number({ minimum: 0, description: 'Extra time per layer per decode step with weight-only integer formats (separate dequantization kernels), microseconds.' }),
    collectiveLatencyUs: Type.Number({ minimum: 0, description: 'Fixed latency of one device-to-device collective (all-reduce or hand-off), microseconds.' }),
    byKind: Type.Optional(Type.Record(Type.String(), KindEfficiency, { description: 'Values that replace the defaults above on a given hardware kind (gpu, apple, cpu, tpu).' })),
    fitted: Type.Boolean({ description: 'true when these factors were fitted to published measurements; false when they are documented defaults.' }),
    fittedFactors: Type.Optional(Type.Array(Type.String(), { description: 'Which of the factors were fitted (paths such as decodeBandwidthEfficiency or byKind.apple.compute); the others are documented defaults.' })),
    method: Type.String({ maxLength: 3000, description: 'How the factors were obtained.' })
  },
  { additionalProperties: false, description: 'Efficiency factors the roofline estimate is scaled by.' }
)
export type EngineEfficiency = Static<typeof EngineEfficiency>

export const ErrorBand = Type.Object(
  {
    lowFactor: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Measured/estimated ratio at the low end of the calibration residuals (10th percentile with 10 or more rows, the smallest with fewer).' }),
    highFactor: Type.Number({ minimum: 1, description: 'Measured/estimated ratio at the high end of the calibration residuals (90th percentile with 10 or more rows, the largest with fewer).' }),
    rows: Type.Integer({ minimum: 0, description: 'Calibration rows the band was derived from.' })
  },
  { additionalProperties: false }
)

export const DeviceMemoryDefaults = Type.Object(
  {
    minDeviceMemoryGB: Type.Number({ minimum: 0, description: 'Applies to devices with at least this much memory, GB (1e9 bytes), as the engine reads it (memoryCapacityGB where recorded).' }),
    maxSequences: Type.Optional(Type.Integer({ minimum: 1, description: 'Most sequences run at once on such devices.' })),
    maxTokensInFlight: Type.Optional(Type.Integer({ minimum: 1, description: 'Batched-token budget per step on such devices.' })),
    memoryFraction: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Memory share on such devices.' })),
    cudaGraphMaxBatchSize: Type.Optional(Type.Integer({ minimum: 1, description: 'Largest CUDA-graph batch on such devices.' })),
    reservedMemoryGB: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'Memory the engine keeps outside its static share on such devices, GB: the share is then 1 - reservedMemoryGB / device memory (SGLang mem_fraction_static).'
      })
    ),
    exceptHardware: Type.Optional(Type.Array(Id, { description: 'Catalog hardware this entry does not apply to even when memory qualifies (vLLM treats A100s apart).' })),
    note: Type.String({ minLength: 1, maxLength: 1000, description: 'The rule as the engine\'s source states it.' })
  },
  { additionalProperties: false, description: 'Engine defaults for devices with at least minDeviceMemoryGB of memory.' }
)
export type DeviceMemoryDefaults = Static<typeof DeviceMemoryDefaults>

export const Engine = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 60, description: 'Display name.' }),
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Engine release (or commit) whose defaults the memory and scheduler fields record.' })),
    hardwareKinds: Type.Array(HardwareKind, { minItems: 1, description: 'Hardware kinds the engine runs on.' }),
    multiDevice: Type.Union([Type.Literal('tensor'), Type.Literal('layer')], {
      description: 'tensor: weights and KV are split across devices which work together (bandwidth adds up); layer: devices hold consecutive layers and take turns.'
    }),
    memory: Type.Object(
      {
        rule: Type.Union([Type.Literal('fraction-of-total'), Type.Literal('static-fraction'), Type.Literal('fraction-of-free'), Type.Literal('on-demand')], {
          description: 'fraction-of-total: the engine claims a fixed share of device memory for weights, activations, runtime and KV blocks (vLLM); static-fraction: a fixed share holds weights and the KV pool, activations and runtime live outside it (SGLang mem_fraction_static); fraction-of-free: KV gets a share of what is free after weights (TensorRT-LLM); on-demand: allocates what it needs (llama.cpp, transformers).'
        }),
        memoryFraction: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'The share used by the rule (1 for on-demand).' }),
        runtimeOverheadGB: Type.Number({ minimum: 0, description: 'Per device memory the runtime itself takes (context, graphs, workspace), GB.' }),
        activationBytesPerTokenPerHidden: Type.Number({
          minimum: 0,
          description: 'Peak activation memory per token in flight, in bytes per unit of hiddenSize (the engine\'s prefill workspace).'
        }),
        maxTokensInFlight: Type.Integer({ minimum: 1, description: 'Largest number of prompt tokens processed in one pass (chunked prefill / batch size limit).' }),
        maxSequences: Type.Optional(Type.Integer({ minimum: 1, description: 'Most sequences the engine runs at once by default (vLLM max_num_seqs); caps maxBatchSize.' })),
        cudaGraphMaxBatchSize: Type.Optional(
          Type.Integer({ minimum: 1, description: 'Largest decode batch the engine captures as a CUDA graph by default; larger batches run eagerly.' })
        ),
        byDeviceMemory: Type.Optional(
          Type.Array(DeviceMemoryDefaults, {
            maxItems: 20,
            description: 'Defaults that depend on device memory: the entry with the largest minDeviceMemoryGB not above the device\'s memory (and not excluding the device) replaces the fields it names; the fields above hold for devices no entry matches.'
          })
        )
      },
      { additionalProperties: false, description: 'How the engine allocates device memory.' }
    ),
    efficiency: EngineEfficiency,
    errorBands: Type.Optional(
      Type.Record(Type.String(), ErrorBand, {
        description: 'Per metric (decodeTokensPerSecond, prefillTokensPerSecond, ttftMs, ...), the spread of measured/estimated ratios on the calibration set.'
      })
    ),
    notes: Type.Optional(Type.String({ maxLength: 3000, description: 'How the engine behaves, in words.' })),
    sources: Sources
  },
  { additionalProperties: false, description: 'A serving engine: its memory rule and the efficiencies the estimator uses.' }
)
export type Engine = Static<typeof Engine>

export const Aliases = Type.Object(
  {
    models: Type.Record(Type.String(), Id, { description: 'Shorthand → model id.' }),
    hardware: Type.Record(Type.String(), Id, { description: 'Shorthand → hardware id.' })
  },
  { additionalProperties: false, description: 'Case-insensitive shorthands accepted wherever an id is.' }
)
export type Aliases = Static<typeof Aliases>

export const Manifest = Type.Object(
  {
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$', description: 'Catalog version, YEAR.MONTH.PATCH.' }),
    releasedAt: IsoDate,
    notes: Type.Optional(Type.String({ maxLength: 3000, description: 'How the engine behaves, in words.' }))
  },
  { additionalProperties: false }
)
export type Manifest = Static<typeof Manifest>

export const CatalogFiles = {
  'manifest.json': Manifest,
  'models.json': Type.Array(Model),
  'hardware.json': Type.Array(Hardware),
  'precisions.json': Type.Array(Precision),
  'engines.json': Type.Array(Engine),
  'aliases.json': Aliases
} as const
