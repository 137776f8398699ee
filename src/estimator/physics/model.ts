// What a model holds and reads: parameter counts, weight bytes per precision, KV-cache bytes
// per token and per sequence, and the weights a decode step touches (MoE-aware).
import type { ModelArchitecture } from '../../schemas/catalog.js'
import type { ModelSpec, PrecisionSpec } from '../scenario.js'

/** Bits one cached key or value takes: the format's KV width, else its weight width. */
export const kvBitsPerValue = (precision: Pick<PrecisionSpec, 'bitsPerWeight' | 'kvBitsPerValue'>) => precision.kvBitsPerValue ?? precision.bitsPerWeight

const mlpMatrices = (arch: ModelArchitecture) => (arch.gatedMlp === false ? 2 : 3)

/** Parameters of the token embedding plus the output head (one matrix when they are tied). */
export function embeddingParameters(arch: ModelArchitecture): number {
  return arch.vocabSize * arch.hiddenSize * (arch.tiedEmbeddings ? 1 : 2)
}

/** Parameters of one routed expert's feed-forward block. */
export function expertParameters(arch: ModelArchitecture): number {
  return mlpMatrices(arch) * arch.hiddenSize * (arch.moeIntermediateSize ?? arch.intermediateSize)
}

/** Layers whose feed-forward block routes to experts (all but the leading dense ones of a MoE model). */
export const moeLayerCount = (arch: ModelArchitecture) => (arch.experts ? arch.layers - (arch.denseLayers ?? 0) : 0)

/**
 * Parameter count derived from the architecture (standard attention; MLA models need their
 * published count). Counts embeddings, attention projections, feed-forward blocks (every expert
 * for MoE, plus shared experts and the router) and norms; biases are left out.
 */
export function deriveParameters(arch: ModelArchitecture): { total: number; active: number } {
  const attnWidth = arch.attentionHeads * arch.headDim
  const kvWidth = arch.kvHeads * arch.headDim
  const attention = arch.hiddenSize * attnWidth * 2 + arch.hiddenSize * kvWidth * 2
  const norms = 2 * arch.hiddenSize
  const denseMlp = mlpMatrices(arch) * arch.hiddenSize * arch.intermediateSize
  const moe = moeLayerCount(arch)
  const dense = arch.layers - moe
  const expert = expertParameters(arch)
  const shared = (arch.sharedExperts ?? 0) * expert
  const router = arch.experts ? arch.hiddenSize * arch.experts : 0
  const perMoeLayerTotal = attention + norms + router + shared + (arch.experts ?? 0) * expert
  const perMoeLayerActive = attention + norms + router + shared + (arch.expertsPerToken ?? 0) * expert
  const base = embeddingParameters(arch) + arch.hiddenSize + dense * (attention + norms + denseMlp)
  return { total: base + moe * perMoeLayerTotal, active: base + moe * perMoeLayerActive }
}

/** Parameters of every routed expert of every MoE layer (shared experts not included). */
export const routedExpertParameters = (arch: ModelArchitecture) => moeLayerCount(arch) * (arch.experts ?? 0) * expertParameters(arch)

/**
 * Bits of the weights outside the routed experts when `precision` is a format the model's checkpoint
 * applies to its experts only (gpt-oss: MXFP4 experts, bf16 attention, router, embeddings and head);
 * undefined when the precision covers every weight.
 */
function nonExpertBits(model: ModelSpec, precision: PrecisionSpec): number | undefined {
  const scoped = model.expertScopedPrecision
  return scoped !== undefined && scoped.precisionId === precision.id && model.architecture.experts ? scoped.nonExpertBitsPerWeight : undefined
}

/**
 * Bytes of weights resident in memory: every parameter (all experts) at the precision's bits; the
 * embeddings at the format's embedding bits. A format the checkpoint applies to the experts only
 * stores the routed experts at its bits and every other weight at the checkpoint's other bits.
 */
export function weightBytes(model: ModelSpec, precision: PrecisionSpec): number {
  const total = model.parametersB * 1e9
  const embed = Math.min(embeddingParameters(model.architecture), total)
  const otherBits = nonExpertBits(model, precision)
  if (otherBits !== undefined) {
    const experts = Math.min(routedExpertParameters(model.architecture), total - embed)
    return (experts * precision.bitsPerWeight + (total - experts) * otherBits) / 8
  }
  const embedBits = precision.embeddingsBitsPerWeight ?? precision.bitsPerWeight
  return ((total - embed) * precision.bitsPerWeight + embed * embedBits) / 8
}

/**
 * Expected number of distinct experts a decode step touches in one MoE layer when `tokens`
 * tokens each pick k of E experts (uniform routing): E × (1 − (1 − k/E)^tokens).
 */
export function expectedDistinctExperts(experts: number, perToken: number, tokens: number): number {
  if (tokens <= 1) return perToken
  return experts * (1 - (1 - perToken / experts) ** tokens)
}

/**
 * Parameters one decode step reads for a batch of `batch` sequences: the active parameters for
 * one token, plus the further experts other sequences route to (capped at all of them).
 */
export function decodeReadParameters(model: ModelSpec, batch: number): number {
  const arch = model.architecture
  const active = model.activeParametersB * 1e9
  if (!arch.experts || !arch.expertsPerToken) return active
  const extraExperts = expectedDistinctExperts(arch.experts, arch.expertsPerToken, batch) - arch.expertsPerToken
  return Math.min(model.parametersB * 1e9, active + extraExperts * moeLayerCount(arch) * expertParameters(arch))
}

/** Bytes of weights one decode step reads (embeddings: only the output head is read per step). */
export function decodeReadBytes(model: ModelSpec, precision: PrecisionSpec, batch: number): number {
  const params = decodeReadParameters(model, batch)
  const arch = model.architecture
  // The input embedding is a lookup of a few rows, not a full read; the output head is read in full.
  const inputEmbedding = arch.tiedEmbeddings ? 0 : arch.vocabSize * arch.hiddenSize
  const head = arch.vocabSize * arch.hiddenSize
  const body = Math.max(0, params - inputEmbedding - head)
  const otherBits = nonExpertBits(model, precision)
  if (otherBits !== undefined && arch.expertsPerToken !== undefined) {
    // Routed experts read this step (k per token, more for a batch) are in the format; the rest is not.
    const distinct = arch.experts ? expectedDistinctExperts(arch.experts, arch.expertsPerToken, batch) : 0
    const experts = Math.min(body, distinct * moeLayerCount(arch) * expertParameters(arch))
    return (experts * precision.bitsPerWeight + (body - experts + head) * otherBits) / 8
  }
  const embedBits = precision.embeddingsBitsPerWeight ?? precision.bitsPerWeight
  return (body * precision.bitsPerWeight + head * embedBits) / 8
}

/**
 * Parameters that take part in matrix multiplies for one token: all active ones except the input
 * embedding, which is a row lookup (with tied embeddings the one matrix is the output head).
 */
export function matmulParameters(model: ModelSpec): number {
  const arch = model.architecture
  return Math.max(0, model.activeParametersB * 1e9 - (arch.tiedEmbeddings ? 0 : arch.vocabSize * arch.hiddenSize))
}

/** Parameters of the output head (vocab × hidden), which a prompt pass applies to its last token only. */
export const headParameters = (arch: ModelArchitecture) => arch.vocabSize * arch.hiddenSize

/** KV-cache values cached per token per layer (keys and values, or the MLA latent). */
function kvValuesPerTokenPerLayer(arch: ModelArchitecture): number {
  if (arch.kvLoraRank !== undefined && arch.ropeHeadDim !== undefined) return arch.kvLoraRank + arch.ropeHeadDim
  return 2 * arch.kvHeads * arch.headDim
}

/** KV-cache bytes one token adds across all layers: 2 × layers × kvHeads × headDim × bytes. */
export function kvBytesPerToken(arch: ModelArchitecture, kvBits: number): number {
  return (arch.layers * kvValuesPerTokenPerLayer(arch) * kvBits) / 8
}

/**
 * Layers whose KV cache stops growing, with the number of tokens each keeps: sliding-window layers
 * keep the window, chunked-attention layers (Llama 4) at most one chunk. Sorted by that bound.
 */
function boundedLayerGroups(arch: ModelArchitecture): readonly { layers: number; maxTokens: number }[] {
  return layerSplit(arch).bounded
}

/** An architecture's layers by how their KV cache grows: bounded groups (boundedLayerGroups) and the count of unbounded ones. */
export interface LayerSplit {
  bounded: readonly { layers: number; maxTokens: number }[]
  unbounded: number
}

// The split depends on the architecture alone and the serving model asks for it thousands of times
// per estimate: it is worked out once per architecture object (and a pass cost holds its run's).
const splits = new WeakMap<ModelArchitecture, LayerSplit>()
export function layerSplit(arch: ModelArchitecture): LayerSplit {
  let split = splits.get(arch)
  if (split === undefined) {
    const groups: { layers: number; maxTokens: number }[] = []
    if (arch.slidingWindow) groups.push({ layers: arch.slidingWindowLayers ?? arch.layers, maxTokens: arch.slidingWindow })
    if (arch.attentionChunkSize && arch.chunkedAttentionLayers) groups.push({ layers: arch.chunkedAttentionLayers, maxTokens: arch.attentionChunkSize })
    const bounded = groups.filter((group) => group.layers > 0).sort((left, right) => left.maxTokens - right.maxTokens)
    split = { bounded, unbounded: arch.layers - bounded.reduce((sum, group) => sum + group.layers, 0) }
    splits.set(arch, split)
  }
  return split
}

/** KV-cache bytes of one sequence of `tokens` tokens: sliding-window and chunked layers keep at most their window or chunk. */
export function sequenceKvBytes(arch: ModelArchitecture, kvBits: number, tokens: number, split = layerSplit(arch)): number {
  const perLayerToken = (kvValuesPerTokenPerLayer(arch) * kvBits) / 8
  const bounded = split.bounded.reduce((sum, group) => sum + group.layers * Math.min(tokens, group.maxTokens), 0)
  return perLayerToken * (split.unbounded * tokens + bounded)
}

/** Largest sequence length whose KV cache fits in `bytes` (inverse of sequenceKvBytes). */
export function tokensForKvBytes(arch: ModelArchitecture, kvBits: number, bytes: number): number {
  const perLayerToken = (kvValuesPerTokenPerLayer(arch) * kvBits) / 8
  if (bytes <= 0) return 0
  const budget = bytes / perLayerToken
  // Walk the piecewise-linear cache size: every layer grows until the smallest bound, then one group fewer, ...
  let growing = arch.layers
  let reached = 0
  let used = 0
  for (const group of boundedLayerGroups(arch)) {
    const atBound = used + growing * (group.maxTokens - reached)
    if (budget <= atBound) return Math.floor(reached + (budget - used) / growing)
    used = atBound
    reached = group.maxTokens
    growing -= group.layers
  }
  if (growing <= 0) return Number.MAX_SAFE_INTEGER
  return Math.floor(reached + (budget - used) / growing)
}

/**
 * Attention FLOPs of processing `tokens` new tokens after `past` cached ones: QKᵀ over the query/key
 * width plus AV over the value width (MLA queries and keys carry the RoPE part too: headDim + ropeHeadDim).
 */
export function attentionFlops(arch: ModelArchitecture, past: number, tokens: number, split = layerSplit(arch)): number {
  const qkWidth = arch.attentionHeads * (arch.headDim + (arch.kvLoraRank !== undefined ? (arch.ropeHeadDim ?? 0) : 0))
  const width = (qkWidth + arch.attentionHeads * arch.headDim) / 2
  // Each new token at position p attends to p (or at most the window / chunk) earlier tokens: 2·(qk + v width) FLOPs per pair.
  // Chunked layers are counted like a window of the chunk size (an upper bound: a token sees only its chunk so far).
  const pairsFull = tokens * past + (tokens * (tokens + 1)) / 2
  const boundedPairs = split.bounded.reduce((sum, group) => sum + group.layers * Math.min(pairsFull, tokens * Math.min(group.maxTokens, past + (tokens + 1) / 2)), 0)
  return 4 * width * (split.unbounded * pairsFull + boundedPairs)
}
