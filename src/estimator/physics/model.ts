// What a model holds and reads: parameter counts, weight bytes per precision, KV-cache bytes
// per token and per sequence, and the weights a decode step touches (MoE-aware).
import type { ModelArchitecture } from '../../schemas/catalog.js'
import type { ModelSpec, PrecisionSpec } from '../scenario.js'

/** Bits one cached key or value takes: the format's KV width, else its weight width. */
export const kvBitsPerValue = (precision: Pick<PrecisionSpec, 'bitsPerWeight' | 'kvBitsPerValue'>) => precision.kvBitsPerValue ?? precision.bitsPerWeight

const mlpMatrices = (a: ModelArchitecture) => (a.gatedMlp === false ? 2 : 3)

/** Parameters of the token embedding plus the output head (one matrix when they are tied). */
export function embeddingParameters(a: ModelArchitecture): number {
  return a.vocabSize * a.hiddenSize * (a.tiedEmbeddings ? 1 : 2)
}

/** Parameters of one routed expert's feed-forward block. */
export function expertParameters(a: ModelArchitecture): number {
  return mlpMatrices(a) * a.hiddenSize * (a.moeIntermediateSize ?? a.intermediateSize)
}

const moeLayers = (a: ModelArchitecture) => (a.experts ? a.layers - (a.denseLayers ?? 0) : 0)

/**
 * Parameter count derived from the architecture (standard attention; MLA models need their
 * published count). Counts embeddings, attention projections, feed-forward blocks (every expert
 * for MoE, plus shared experts and the router) and norms; biases are left out.
 */
export function deriveParameters(a: ModelArchitecture): { total: number; active: number } {
  const attnWidth = a.attentionHeads * a.headDim
  const kvWidth = a.kvHeads * a.headDim
  const attention = a.hiddenSize * attnWidth * 2 + a.hiddenSize * kvWidth * 2
  const norms = 2 * a.hiddenSize
  const denseMlp = mlpMatrices(a) * a.hiddenSize * a.intermediateSize
  const moe = moeLayers(a)
  const dense = a.layers - moe
  const expert = expertParameters(a)
  const shared = (a.sharedExperts ?? 0) * expert
  const router = a.experts ? a.hiddenSize * a.experts : 0
  const perMoeLayerTotal = attention + norms + router + shared + (a.experts ?? 0) * expert
  const perMoeLayerActive = attention + norms + router + shared + (a.expertsPerToken ?? 0) * expert
  const base = embeddingParameters(a) + a.hiddenSize + dense * (attention + norms + denseMlp)
  return { total: base + moe * perMoeLayerTotal, active: base + moe * perMoeLayerActive }
}

/** Bytes of weights resident in memory: every parameter (all experts) at the precision's bits. */
export function weightBytes(model: ModelSpec, precision: PrecisionSpec): number {
  const total = model.parametersB * 1e9
  const embed = Math.min(embeddingParameters(model.architecture), total)
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
  const a = model.architecture
  const active = model.activeParametersB * 1e9
  if (!a.experts || !a.expertsPerToken) return active
  const extraExperts = expectedDistinctExperts(a.experts, a.expertsPerToken, batch) - a.expertsPerToken
  return Math.min(model.parametersB * 1e9, active + extraExperts * moeLayers(a) * expertParameters(a))
}

/** Bytes of weights one decode step reads (embeddings: only the output head is read per step). */
export function decodeReadBytes(model: ModelSpec, precision: PrecisionSpec, batch: number): number {
  const params = decodeReadParameters(model, batch)
  const a = model.architecture
  // The input embedding is a lookup of a few rows, not a full read; the output head is read in full.
  const inputEmbedding = a.tiedEmbeddings ? 0 : a.vocabSize * a.hiddenSize
  const head = a.vocabSize * a.hiddenSize
  const embedBits = precision.embeddingsBitsPerWeight ?? precision.bitsPerWeight
  const body = Math.max(0, params - inputEmbedding - head)
  return (body * precision.bitsPerWeight + head * embedBits) / 8
}

/**
 * Parameters that take part in matrix multiplies for one token: all active ones except the input
 * embedding, which is a row lookup (with tied embeddings the one matrix is the output head).
 */
export function matmulParameters(model: ModelSpec): number {
  const a = model.architecture
  return Math.max(0, model.activeParametersB * 1e9 - (a.tiedEmbeddings ? 0 : a.vocabSize * a.hiddenSize))
}

/** Parameters of the output head (vocab × hidden), which a prompt pass applies to its last token only. */
export const headParameters = (a: ModelArchitecture) => a.vocabSize * a.hiddenSize

/** KV-cache values cached per token per layer (keys and values, or the MLA latent). */
function kvValuesPerTokenPerLayer(a: ModelArchitecture): number {
  if (a.kvLoraRank !== undefined && a.ropeHeadDim !== undefined) return a.kvLoraRank + a.ropeHeadDim
  return 2 * a.kvHeads * a.headDim
}

/** KV-cache bytes one token adds across all layers: 2 × layers × kvHeads × headDim × bytes. */
export function kvBytesPerToken(a: ModelArchitecture, kvBits: number): number {
  return (a.layers * kvValuesPerTokenPerLayer(a) * kvBits) / 8
}

const slidingLayers = (a: ModelArchitecture) => (a.slidingWindow ? (a.slidingWindowLayers ?? a.layers) : 0)

/** KV-cache bytes of one sequence of `tokens` tokens: sliding-window layers keep at most the window. */
export function sequenceKvBytes(a: ModelArchitecture, kvBits: number, tokens: number): number {
  const perLayerToken = (kvValuesPerTokenPerLayer(a) * kvBits) / 8
  const sliding = slidingLayers(a)
  const windowed = Math.min(tokens, a.slidingWindow ?? tokens)
  return perLayerToken * ((a.layers - sliding) * tokens + sliding * windowed)
}

/** Largest sequence length whose KV cache fits in `bytes` (inverse of sequenceKvBytes). */
export function tokensForKvBytes(a: ModelArchitecture, kvBits: number, bytes: number): number {
  const perLayerToken = (kvValuesPerTokenPerLayer(a) * kvBits) / 8
  const sliding = slidingLayers(a)
  const full = a.layers - sliding
  const w = a.slidingWindow ?? Infinity
  if (bytes <= 0) return 0
  // Below the window every layer grows; above it only the full-attention layers do.
  const belowWindow = bytes / (perLayerToken * a.layers)
  if (belowWindow <= w) return Math.floor(belowWindow)
  if (full === 0) return Number.MAX_SAFE_INTEGER
  return Math.floor((bytes / perLayerToken - sliding * w) / full)
}

/**
 * Attention FLOPs of processing `tokens` new tokens after `past` cached ones: QKᵀ over the query/key
 * width plus AV over the value width (MLA queries and keys carry the RoPE part too: headDim + ropeHeadDim).
 */
export function attentionFlops(a: ModelArchitecture, past: number, tokens: number): number {
  const qkWidth = a.attentionHeads * (a.headDim + (a.kvLoraRank !== undefined ? (a.ropeHeadDim ?? 0) : 0))
  const width = (qkWidth + a.attentionHeads * a.headDim) / 2
  const sliding = slidingLayers(a)
  const w = a.slidingWindow ?? Infinity
  // Each new token at position p attends to p (or at most the window) earlier tokens: 2·(qk + v width) FLOPs per pair.
  const pairsFull = tokens * past + (tokens * (tokens + 1)) / 2
  const pairsWindow = tokens * Math.min(w, past + (tokens + 1) / 2)
  return 4 * width * ((a.layers - sliding) * pairsFull + sliding * Math.min(pairsFull, pairsWindow))
}
