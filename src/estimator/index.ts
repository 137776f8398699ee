// estimate(): the one entry point routes, the CLI and scripts call. Pure and deterministic:
// catalog + request in, a plain EstimateResponse out (no Fastify, no I/O).
import type { Catalog } from '../catalog/index.js'
import type { Source } from '../schemas/catalog.js'
import type { EstimateRequest, EstimateResponse } from '../schemas/estimate.js'
import { ensureFinite } from './finite.js'
import { efficiencyFor, memoryFor, minDevicesFor, timingFor, type RunSpec } from './performance.js'
import { resolveRequest, type ResolvedRequest } from './resolve.js'
import { MS_PER_HOUR, round, toGB } from './units.js'

export { EstimateError } from './errors.js'
export { resolveRequest } from './resolve.js'

const FORMULAS_SELF_HOSTED = [
  'weights = total parameters × bits per weight / 8 (embeddings and output head at their own width for weight-only formats; every expert stays resident)',
  'KV cache per token = 2 × layers × kvHeads × headDim × bytes per value (MLA: layers × (latent + rope key)); sliding-window layers keep at most the window; total = per sequence × batch',
  'fits: the engine\'s memory rule per device (vLLM/SGLang: a fixed share of device memory holds weights, activations, runtime and KV; TensorRT-LLM: KV gets a share of what is free; llama.cpp/transformers: allocate what they need)',
  'prefill = max(2 × active parameters × prompt tokens × batch (the output head only for each sequence\'s last token, the input embedding a lookup) + attention FLOPs, over peak TFLOPS × compute efficiency; weight reads over bandwidth) + fixed prefill cost',
  'decode step = max(weights routed to / (bandwidth × efficiency, less a dequantization penalty for quantized weights) + KV of every sequence / (bandwidth × efficiency); 2 × active parameters × batch / (peak × compute efficiency)) + fixed and per-layer step costs, at the average context prompt + output/2',
  'several devices: tensor parallelism adds bandwidth and compute and pays two all-reduces per layer; a layer split runs devices in turn',
  'cost: cloud = devices × price per hour × time / batch; local = devices × power × time × electricity price / batch; per million output tokens = per request / output tokens × 1e6'
]
const FORMULAS_API = [
  'latency from the provider\'s typical served figures: total = TTFT + (output tokens - 1) / output speed',
  'cost = prompt tokens × input price + output tokens × output price (USD per million tokens / 1e6)'
]

function sourcesOf(kind: string, id: string | null | undefined, sources: readonly Source[] | undefined): EstimateResponse['sources'] {
  if (!id || !sources) return []
  return sources.map((s) => ({ entry: `${kind}:${id}`, url: s.url, ...(s.fields ? { fields: [...s.fields] } : {}), ...(s.note ? { note: s.note } : {}) }))
}

const ratioBand = (value: number, low: number, high: number) => ({ low: value * low, high: value * high })

/** A price older than 18 months at the catalog's release should be checked before it is trusted. */
function isStale(asOf: string, releasedAt: string): boolean {
  const months = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7) || '1')
  return months(releasedAt) - months(asOf) > 18
}

/** Error band of a metric: the engine's own when calibrated, else the widest among engines. */
function bandFor(catalog: Catalog, engineId: string, metric: string): { low: number; high: number; basis: string } {
  const own = catalog.engineById.get(engineId)?.errorBands?.[metric]
  if (own && own.rows >= 3) return { low: own.lowFactor, high: own.highFactor, basis: `${engineId}, ${own.rows} calibration rows (${own.rows >= 10 ? '10th-90th percentile' : 'full range'})` }
  let low = 1
  let high = 1
  for (const e of catalog.engines) {
    const b = e.errorBands?.[metric]
    if (b && b.rows >= 3) {
      low = Math.min(low, b.lowFactor)
      high = Math.max(high, b.highFactor)
    }
  }
  return { low, high, basis: `${engineId} has fewer than 3 calibration rows for ${metric}: widest band of the calibrated engines` }
}

function priceWarnings(r: ResolvedRequest, warnings: string[]) {
  const h = r.selfHosted?.hardware
  if (!h) return
  if (r.deployment === 'cloud' && h.priceUsdPerHour === undefined) warnings.push(`no hourly price for ${h.id ?? 'the inline hardware'}: cloud cost is unknown (give the hardware inline with priceUsdPerHour)`)
  if (r.deployment === 'local' && h.tdpW === undefined) warnings.push(`no power figure for ${h.id ?? 'the inline hardware'}: energy cost is unknown (give the hardware inline with tdpW)`)
  if (r.deployment === 'cloud' && h.priceUsdPerHour !== undefined && h.id) {
    if (!h.priceAsOf) warnings.push(`the catalog price of ${h.id} is undated; check a current price list`)
    else if (isStale(h.priceAsOf, r.catalog.releasedAt)) warnings.push(`the catalog price of ${h.id} dates from ${h.priceAsOf}; check a current price list`)
  }
}

function apiEstimate(r: ResolvedRequest): EstimateResponse {
  const api = r.model.api!
  const warnings = [...r.warnings]
  const { promptTokens: P, outputTokens: O, batchSize: B } = r
  const inputUsd = (P * api.inputUsdPerMTok) / 1e6
  const outputUsd = (O * api.outputUsdPerMTok) / 1e6
  const perRequest = inputUsd + outputUsd
  const context = r.model.contextLength
  if (context !== undefined && P + O > context) warnings.push(`prompt + output (${P + O} tokens) exceeds the ${context}-token context window of ${r.model.id}`)
  if (api.maxOutputTokens !== undefined && O > api.maxOutputTokens) warnings.push(`outputTokens (${O}) exceeds the API's limit of ${api.maxOutputTokens} output tokens per response`)
  if (B > 1) warnings.push('for an api deployment each request of the batch is billed and served separately; latency is per request')
  let latency: EstimateResponse['latency'] = null
  let throughput: EstimateResponse['throughput'] = null
  if (api.typicalTtftMs !== undefined && api.typicalOutputTokensPerSecond !== undefined) {
    const tpot = 1000 / api.typicalOutputTokensPerSecond
    latency = { ttftMs: round(api.typicalTtftMs, 3), tpotMs: round(tpot, 4), totalMs: round(api.typicalTtftMs + (O - 1) * tpot, 3), prefillBound: 'api', decodeBound: 'api' }
    throughput = {
      decodeTokensPerSecond: round(api.typicalOutputTokensPerSecond, 3),
      outputTokensPerSecond: round(api.typicalOutputTokensPerSecond * B, 3),
      prefillTokensPerSecond: round(P / (api.typicalTtftMs / 1000), 3)
    }
  } else {
    warnings.push(`no published served latency for ${r.model.id}: latency and throughput are unknown`)
  }
  if (!api.priceAsOf) warnings.push(`the date of ${r.model.id}'s price is not established; check the provider's price list`)
  else if (isStale(api.priceAsOf, r.catalog.releasedAt)) warnings.push(`${r.model.id}'s price dates from ${api.priceAsOf}; check the provider's current price list`)
  if (latency && P > 2000) warnings.push(`the typical TTFT of ${r.model.id} was measured on short prompts; a ${P}-token prompt takes longer, so TTFT is a lower bound and prefillTokensPerSecond an upper bound`)
  return {
    catalogVersion: r.catalog.version,
    model: { id: r.model.id ?? null, name: r.model.name, estimated: r.model.estimated },
    hardware: null,
    deployment: 'api',
    engine: null,
    precision: null,
    kvCachePrecision: null,
    deviceCount: 1,
    workload: { promptTokens: P, outputTokens: O, batchSize: B },
    memory: null,
    latency,
    throughput,
    cost: {
      currency: 'USD',
      perRequestUsd: round(perRequest, 8),
      perMillionOutputTokensUsd: round((perRequest / O) * 1e6, 6),
      breakdown: { apiInputUsd: round(inputUsd, 8), apiOutputUsd: round(outputUsd, 8), deviceHoursUsd: null, energyUsd: null },
      deviceHoursPerRequest: 0,
      energyKWhPerRequest: null
    },
    range: null,
    assumptions: {
      bytesPerWeight: null,
      kvBytesPerValue: null,
      decodeBandwidthEfficiency: null,
      prefillComputeEfficiency: null,
      decodeStepOverheadMs: null,
      computeDtype: null,
      peakTflops: null,
      multiDevice: null,
      electricityUsdPerKWh: null,
      formulas: FORMULAS_API
    },
    sources: sourcesOf('model', r.model.id, r.model.entry?.sources),
    warnings
  }
}

/** The run description the physics functions take, from a resolved self-hosted request. */
export function runSpecOf(r: ResolvedRequest): RunSpec {
  const s = r.selfHosted!
  return {
    model: r.model,
    device: {
      kind: s.hardware.kind,
      memoryGB: s.hardware.memoryGB,
      usableMemoryFraction: s.hardware.usableMemoryFraction,
      bandwidthGBps: s.hardware.bandwidthGBps,
      interconnectGBps: s.hardware.interconnectGBps
    },
    engine: s.engine,
    precision: s.precision,
    kvPrecision: s.kvPrecision,
    computeDtype: s.computeDtype,
    peakTflops: s.peakTflops,
    deviceCount: s.deviceCount,
    promptTokens: r.promptTokens,
    outputTokens: r.outputTokens,
    batchSize: r.batchSize
  }
}

function selfHostedEstimate(r: ResolvedRequest): EstimateResponse {
  const s = r.selfHosted!
  const warnings = [...r.warnings]
  const run = runSpecOf(r)
  const { promptTokens: P, outputTokens: O, batchSize: B } = r
  const n = s.deviceCount
  const mem = memoryFor(run)
  const minDevices = mem.fits ? Math.min(n, minDevicesFor(run, n) ?? n) : minDevicesFor(run)
  const eff = efficiencyFor(s.engine, s.hardware.kind, s.precision, r.model.architecture.layers)
  const t = timingFor(run, eff)

  if (P + O > r.model.architecture.contextLength) {
    warnings.push(`prompt + output (${P + O} tokens) exceeds the model's ${r.model.architecture.contextLength}-token context window`)
  }
  if (!mem.fits) {
    warnings.push(
      minDevices === null
        ? `does not fit: needs ${round(toGB(mem.perDeviceBytes), 2)} GB per device under ${s.engine.name}'s memory rule, and no device count up to 1024 fits`
        : `does not fit on ${n} × ${s.hardware.name}: needs ${minDevices} devices under ${s.engine.name}'s memory rule`
    )
  }
  if (B > mem.maxBatchSize && mem.maxBatchSize > 0) {
    warnings.push(
      s.engine.memory.maxSequences !== undefined && mem.maxBatchSize === s.engine.memory.maxSequences
        ? `${s.engine.name} runs at most ${s.engine.memory.maxSequences} sequences at once by default; the rest queue`
        : `only ${mem.maxBatchSize} sequences of ${P + O} tokens fit at once`
    )
  }
  if (s.engine.multiDevice === 'layer' && n > 1) warnings.push(`${s.engine.name} splits layers across the ${n} devices: they take turns, so bandwidth does not add up`)
  if (r.model.architecture.slidingWindow && s.engine.id !== 'llama.cpp' && P + O > r.model.architecture.slidingWindow) {
    warnings.push('sliding-window layers are counted at the window size; engines that allocate full-length KV for them need more memory')
  }
  const fitted = new Set(s.engine.efficiency.fittedFactors ?? [])
  const kind = s.hardware.kind
  if (!fitted.has('decodeBandwidthEfficiency') && !fitted.has(`byKind.${kind}.bandwidth`)) {
    warnings.push(`${s.engine.name}'s decode efficiency on ${kind} hardware is a documented default, not fitted to measurements`)
  }
  if (!fitted.has('prefillComputeEfficiency') && !fitted.has(`byKind.${kind}.compute`)) {
    warnings.push(`${s.engine.name}'s prompt-processing (TTFT) efficiency on ${kind} hardware is a documented default, not fitted to measurements`)
  }
  if (n > 1 && (kind === 'cpu' || kind === 'apple')) warnings.push(`${n} ${kind === 'apple' ? 'Macs' : 'CPU machines'} means a cluster over the network (llama.cpp RPC); the estimate assumes a PCIe-class link between them`)
  if (r.deployment === 'cloud' && r.electricityUsdPerKWhGiven) warnings.push('electricityUsdPerKWh is ignored for a cloud deployment (the hourly price includes power)')
  priceWarnings(r, warnings)

  const hours = (t.totalMs / MS_PER_HOUR) * n
  const deviceHoursPerRequest = hours / B
  let deviceHoursUsd: number | null = null
  let energyUsd: number | null = null
  let energyKWhPerRequest: number | null = null
  if (s.hardware.tdpW !== undefined) energyKWhPerRequest = (s.hardware.tdpW * deviceHoursPerRequest) / 1000
  if (r.deployment === 'cloud' && s.hardware.priceUsdPerHour !== undefined) deviceHoursUsd = deviceHoursPerRequest * s.hardware.priceUsdPerHour
  if (r.deployment === 'local' && energyKWhPerRequest !== null) energyUsd = energyKWhPerRequest * r.electricityUsdPerKWh
  const perRequest = r.deployment === 'cloud' ? deviceHoursUsd : energyUsd

  const decodeTps = 1000 / t.tpotMs
  const prefillTps = (P * B) / (t.ttftMs / 1000)
  const bandDecode = bandFor(r.catalog, s.engine.id, 'decodeTokensPerSecond')
  const bandPrefill = bandFor(r.catalog, s.engine.id, 'prefillTokensPerSecond')
  // A speed band [low, high] of measured/estimated ratios maps to latency as [1/high, 1/low].
  const ttftBand = ratioBand(t.ttftMs, 1 / bandPrefill.high, 1 / bandPrefill.low)
  const tpotBand = ratioBand(t.tpotMs, 1 / bandDecode.high, 1 / bandDecode.low)
  const kvBits = s.kvPrecision.kvBitsPerValue ?? s.kvPrecision.bitsPerWeight
  const rnd = (x: number) => round(x, 4)

  return {
    catalogVersion: r.catalog.version,
    model: { id: r.model.id ?? null, name: r.model.name, estimated: r.model.estimated },
    hardware: { id: s.hardware.id, name: s.hardware.name, kind: s.hardware.kind },
    deployment: r.deployment,
    engine: s.engine.id,
    precision: s.precision.id,
    kvCachePrecision: s.kvPrecision.id,
    deviceCount: n,
    workload: { promptTokens: P, outputTokens: O, batchSize: B },
    memory: {
      weightsGB: rnd(toGB(mem.weightsBytes)),
      kvCacheGB: rnd(toGB(mem.kvBytes)),
      activationsGB: rnd(toGB(mem.activationBytesPerDevice * n)),
      overheadGB: rnd(toGB(mem.overheadBytesPerDevice * n)),
      totalGB: rnd(toGB(mem.weightsBytes + mem.kvBytes + (mem.activationBytesPerDevice + mem.overheadBytesPerDevice) * n)),
      perDeviceGB: rnd(toGB(mem.perDeviceBytes)),
      deviceMemoryGB: rnd(toGB(mem.usablePerDeviceBytes)),
      engineReservedPerDeviceGB: rnd(toGB(mem.reservedPerDeviceBytes)),
      fits: mem.fits,
      minDevices,
      kvCacheBytesPerToken: round(mem.kvBytesPerToken, 3),
      maxBatchSize: mem.maxBatchSize,
      maxContextTokens: mem.maxContextTokens
    },
    latency: {
      ttftMs: rnd(t.ttftMs),
      tpotMs: rnd(t.tpotMs),
      totalMs: rnd(t.totalMs),
      prefillBound: t.prefill.bound,
      decodeBound: t.decode.bound
    },
    throughput: {
      decodeTokensPerSecond: rnd(decodeTps),
      outputTokensPerSecond: rnd(decodeTps * B),
      prefillTokensPerSecond: rnd(prefillTps)
    },
    cost: {
      currency: 'USD',
      perRequestUsd: perRequest === null ? null : round(perRequest, 10),
      perMillionOutputTokensUsd: perRequest === null ? null : round((perRequest / O) * 1e6, 6),
      breakdown: {
        apiInputUsd: null,
        apiOutputUsd: null,
        deviceHoursUsd: deviceHoursUsd === null ? null : round(deviceHoursUsd, 10),
        energyUsd: energyUsd === null ? null : round(energyUsd, 10)
      },
      deviceHoursPerRequest: round(deviceHoursPerRequest, 10),
      energyKWhPerRequest: energyKWhPerRequest === null ? null : round(energyKWhPerRequest, 10)
    },
    range: {
      ttftMs: { low: rnd(ttftBand.low), high: rnd(ttftBand.high) },
      tpotMs: { low: rnd(tpotBand.low), high: rnd(tpotBand.high) },
      totalMs: { low: rnd(ttftBand.low + Math.max(0, O - 1) * tpotBand.low), high: rnd(ttftBand.high + Math.max(0, O - 1) * tpotBand.high) },
      decodeTokensPerSecond: { low: rnd(decodeTps * bandDecode.low), high: rnd(decodeTps * bandDecode.high) },
      outputTokensPerSecond: { low: rnd(decodeTps * B * bandDecode.low), high: rnd(decodeTps * B * bandDecode.high) },
      prefillTokensPerSecond: { low: rnd(prefillTps * bandPrefill.low), high: rnd(prefillTps * bandPrefill.high) },
      basis: `spread of measured/estimated ratios on the calibration set: decode ${bandDecode.basis}; prefill ${bandPrefill.basis}`
    },
    assumptions: {
      bytesPerWeight: round(mem.weightsBytes / (r.model.parametersB * 1e9), 5),
      kvBytesPerValue: kvBits / 8,
      decodeBandwidthEfficiency: round(eff.bandwidth, 4),
      prefillComputeEfficiency: round(eff.compute, 4),
      decodeStepOverheadMs: eff.stepOverheadMs,
      computeDtype: s.computeDtype,
      peakTflops: s.peakTflops,
      multiDevice: n > 1 ? s.engine.multiDevice : null,
      electricityUsdPerKWh: r.deployment === 'local' ? r.electricityUsdPerKWh : null,
      formulas: FORMULAS_SELF_HOSTED
    },
    sources: [
      ...sourcesOf('model', r.model.id, r.model.entry?.sources),
      ...sourcesOf('hardware', s.hardware.id, s.hardware.entry?.sources),
      ...sourcesOf('precision', s.precision.id, s.precision.sources),
      ...(s.kvPrecision.id !== s.precision.id ? sourcesOf('precision', s.kvPrecision.id, s.kvPrecision.sources) : []),
      ...sourcesOf('engine', s.engine.id, s.engine.sources)
    ],
    warnings
  }
}

/** Estimates memory, latency, throughput and cost of one request; throws EstimateError for requests it cannot answer. */
export function estimate(catalog: Catalog, request: EstimateRequest, at = '/body'): EstimateResponse {
  return ensureFinite(estimateResolved(resolveRequest(catalog, request, at)), request, at)
}

/** The estimate of an already resolved request (lets callers keep the resolved data, as /compare does). */
export function estimateResolved(r: ResolvedRequest): EstimateResponse {
  return r.selfHosted ? selfHostedEstimate(r) : apiEstimate(r)
}
