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
  const embedBits = precision.embeddingsBitsPerWeight ?? precision.bitsPerWeight
  const body = Math.max(0, params - inputEmbedding - head)
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

const slidingLayers = (arch: ModelArchitecture) => (arch.slidingWindow ? (arch.slidingWindowLayers ?? arch.layers) : 0)

/** KV-cache bytes of one sequence of `tokens` tokens: sliding-window layers keep at most the window. */
export function sequenceKvBytes(arch: ModelArchitecture, kvBits: number, tokens: number): number {
  const perLayerToken = (kvValuesPerTokenPerLayer(arch) * kvBits) / 8
  const sliding = slidingLayers(arch)
  const windowed = Math.min(tokens, arch.slidingWindow ?? tokens)
  return perLayerToken * ((arch.layers - sliding) * tokens + sliding * windowed)
}

/** Largest sequence length whose KV cache fits in `bytes` (inverse of sequenceKvBytes). */
export function tokensForKvBytes(arch: ModelArchitecture, kvBits: number, bytes: number): number {
  const perLayerToken = (kvValuesPerTokenPerLayer(arch) * kvBits) / 8
  const sliding = slidingLayers(arch)
  const full = arch.layers - sliding
  const window = arch.slidingWindow ?? Infinity
  if (bytes <= 0) return 0
  // Below the window every layer grows; above it only the full-attention layers do.
  const belowWindow = bytes / (perLayerToken * arch.layers)
  if (belowWindow <= window) return Math.floor(belowWindow)
  if (full === 0) return Number.MAX_SAFE_INTEGER
  return Math.floor((bytes / perLayerToken - sliding * window) / full)
}

/**
 * Attention FLOPs of processing `tokens` new tokens after `past` cached ones: QKᵀ over the query/key
 * width plus AV over the value width (MLA queries and keys carry the RoPE part too: headDim + ropeHeadDim).
 */
export function attentionFlops(arch: ModelArchitecture, past: number, tokens: number): number {
  const qkWidth = arch.attentionHeads * (arch.headDim + (arch.kvLoraRank !== undefined ? (arch.ropeHeadDim ?? 0) : 0))
  const width = (qkWidth + arch.attentionHeads * arch.headDim) / 2
  const sliding = slidingLayers(arch)
  const window = arch.slidingWindow ?? Infinity
  // Each new token at position p attends to p (or at most the window) earlier tokens: 2·(qk + v width) FLOPs per pair.
  const pairsFull = tokens * past + (tokens * (tokens + 1)) / 2
  const pairsWindow = tokens * Math.min(window, past + (tokens + 1) / 2)
  return 4 * width * ((arch.layers - sliding) * pairsFull + sliding * Math.min(pairsFull, pairsWindow))
}
