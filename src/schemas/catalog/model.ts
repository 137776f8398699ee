// A model entry of the catalog (models.json): its architecture, native precision and API offer.
import Type, { type Static } from 'typebox'
import { named, StringEnum } from '../primitives.js'
import { Id, IsoDate, PositiveInt, Sources } from './common.js'

export const ModelArchitecture = named('ModelArchitecture', Type.Object(
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
))
export type ModelArchitecture = Static<typeof ModelArchitecture>

export const ApiOffer = named('ApiOffer', Type.Object(
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
))
export type ApiOffer = Static<typeof ApiOffer>

export const NativePrecisionScope = named('NativePrecisionScope', StringEnum(['all', 'experts'], {
  description: 'Which weights of the published checkpoint nativePrecision covers: all of them (default), or only the routed experts, the other weights being stored in nativeNonExpertPrecision (gpt-oss: MXFP4 experts, BF16 attention, router and embeddings).'
}))
export type NativePrecisionScope = Static<typeof NativePrecisionScope>

export const Model = named('Model', Type.Object(
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
))
export type Model = Static<typeof Model>
