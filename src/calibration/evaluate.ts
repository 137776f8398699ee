// Compares the estimator with published measurements: each measurement row becomes an /estimate
// request (inline model and hardware, as published), and the metric it reports is read from the
// answer. Pure: the caller loads the files.
import type { Catalog } from '../catalog/index.js'
import { EstimateError } from '../estimator/errors.js'
import { estimate } from '../estimator/index.js'
import type { EstimateRequest } from '../schemas/estimate.js'
import type { EstimateResponse } from '../schemas/estimate-answer.js'

export interface Measurement {
  id: string
  model: { name?: string; parametersB?: number; activeParametersB?: number; architecture: Record<string, number> }
  hardware: { name?: string; kind?: 'gpu' | 'cpu' | 'apple' | 'tpu'; memoryGB: number; bandwidthGBps: number; tflops: Record<string, number> }
  deviceCount: number
  precision: string
  engine: string
  batchSize: number
  promptTokens: number
  outputTokens: number
  metric: string
  value: number
  source: string
}

export interface MeasurementFile {
  measurements: Measurement[]
}

export const SPEED_METRICS = ['decodeTokensPerSecond', 'prefillTokensPerSecond', 'outputTokensPerSecond'] as const
export const TIME_METRICS = ['ttftMs', 'tpotMs'] as const
export const MEMORY_METRICS = ['totalGB', 'weightsGB'] as const

export interface Comparison {
  id: string
  engine: string
  metric: string
  measured: number
  estimated: number
  /** measured / estimated. */
  ratio: number
  /** |estimated - measured| / measured. */
  absPctError: number
  /** Which error band the row informs: decode-like or prefill-like speed, or memory. */
  band: 'decodeTokensPerSecond' | 'prefillTokensPerSecond' | 'memory'
}

export interface Skipped {
  id: string
  reason: string
}

/**
 * Interconnect of the published machines is not in the measurement rows; where a row's device
 * matches a catalog entry (same kind, memory and bandwidth) its interconnect is used.
 */
function interconnectFor(catalog: Catalog, h: Measurement['hardware']): number | undefined {
  const match = catalog.hardware.find((c) => c.kind === (h.kind ?? 'gpu') && c.memoryGB === h.memoryGB && c.bandwidthGBps === h.bandwidthGBps)
  return match?.interconnect?.bandwidthGBps
}

export function requestFor(catalog: Catalog, m: Measurement): EstimateRequest {
  const ic = interconnectFor(catalog, m.hardware)
  return {
    model: { ...(m.model.name ? { name: m.model.name } : {}), ...(m.model.parametersB ? { parametersB: m.model.parametersB } : {}), ...(m.model.activeParametersB ? { activeParametersB: m.model.activeParametersB } : {}), architecture: m.model.architecture as never },
    hardware: { ...(m.hardware.name ? { name: m.hardware.name } : {}), kind: m.hardware.kind ?? 'gpu', memoryGB: m.hardware.memoryGB, bandwidthGBps: m.hardware.bandwidthGBps, tflops: m.hardware.tflops, ...(ic ? { interconnectGBps: ic } : {}) },
    deviceCount: m.deviceCount,
    precision: m.precision,
    engine: m.engine,
    batchSize: m.batchSize,
    promptTokens: m.promptTokens,
    outputTokens: m.outputTokens,
    deployment: 'local'
  }
}

/** The figure of `metric` in an estimate, or undefined when the answer has no such figure. */
export function metricOf(e: EstimateResponse, metric: string): number | undefined {
  switch (metric) {
    case 'decodeTokensPerSecond':
      return e.throughput?.decodeTokensPerSecond
    case 'prefillTokensPerSecond':
      return e.throughput?.prefillTokensPerSecond ?? undefined
    case 'outputTokensPerSecond':
      return e.throughput?.outputTokensPerSecond
    case 'ttftMs':
      return e.latency?.ttftMs ?? undefined
    case 'tpotMs':
      return e.latency?.tpotMs
    case 'totalGB':
      return e.memory?.totalGB
    case 'weightsGB':
      return e.memory?.weightsGB
    default:
      return undefined
  }
}

function bandOf(metric: string): Comparison['band'] {
  if (metric === 'prefillTokensPerSecond' || metric === 'ttftMs') return 'prefillTokensPerSecond'
  if ((MEMORY_METRICS as readonly string[]).includes(metric)) return 'memory'
  return 'decodeTokensPerSecond'
}

export function evaluate(catalog: Catalog, measurements: readonly Measurement[]): { rows: Comparison[]; skipped: Skipped[] } {
  const rows: Comparison[] = []
  const skipped: Skipped[] = []
  for (const m of measurements) {
    let e: EstimateResponse
    try {
      e = estimate(catalog, requestFor(catalog, m))
    } catch (err) {
      if (err instanceof EstimateError) {
        skipped.push({ id: m.id, reason: err.message })
        continue
      }
      throw err
    }
    const est = metricOf(e, m.metric)
    if (est === undefined || !(est > 0)) {
      skipped.push({ id: m.id, reason: `no ${m.metric} in the estimate` })
      continue
    }
    // For times, a slower (larger) estimate is the same error as a lower speed: keep ratio as measured/estimated speed.
    const isTime = (TIME_METRICS as readonly string[]).includes(m.metric)
    const ratio = isTime ? est / m.value : m.value / est
    rows.push({ id: m.id, engine: m.engine, metric: m.metric, measured: m.value, estimated: est, ratio, absPctError: Math.abs(est - m.value) / m.value, band: bandOf(m.metric) })
  }
  return { rows, skipped }
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Share of rows whose measured/estimated ratio is within a factor of 2 either way. */
export const shareWithin2x = (rows: readonly { ratio: number }[]) => rows.filter((row) => row.ratio <= 2 && row.ratio >= 0.5).length / rows.length

export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const pos = (s.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo)
}

export interface AccuracySummary {
  metric: string
  engine: string
  rows: number
  medianAbsPctError: number
  worstAbsPctError: number
  worstId: string
}

export function summarize(rows: readonly Comparison[]): AccuracySummary[] {
  const groups = new Map<string, Comparison[]>()
  for (const r of rows) {
    const k = `${r.metric}\u0000${r.engine}`
    groups.set(k, [...(groups.get(k) ?? []), r])
  }
  return [...groups.entries()]
    .map(([k, g]) => {
      const [metric, engine] = k.split('\u0000') as [string, string]
      const worst = g.reduce((a, b) => (b.absPctError > a.absPctError ? b : a))
      return { metric, engine, rows: g.length, medianAbsPctError: median(g.map((r) => r.absPctError)), worstAbsPctError: worst.absPctError, worstId: worst.id }
    })
    .sort((a, b) => a.metric.localeCompare(b.metric) || a.engine.localeCompare(b.engine))
}

/** Worst factor by which any row is off (max of ratio and 1/ratio). */
export const worstFactor = (rows: readonly Comparison[]) => rows.reduce((w, r) => Math.max(w, r.ratio, 1 / r.ratio), 1)
