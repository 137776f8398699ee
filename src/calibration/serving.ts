// Compares the serving model with published serving measurements (closed loop, open loop, offline
// maximum throughput): each row carries the POST /estimate body that asks its question, and says
// whether its figure is read from serving.* or serving.capacity.*. Pure: the caller loads the file.
import type { Catalog } from '../catalog/index.js'
import { EstimateError } from '../estimator/errors.js'
import { estimate } from '../estimator/index.js'
import type { EstimateRequest } from '../schemas/estimate.js'
import type { EstimateResponse } from '../schemas/estimate-answer.js'

export interface ServingMeasurement {
  id: string
  source: string
  engine: string
  load: 'closed-loop' | 'open-loop' | 'offline-max-throughput'
  metric: string
  value: number
  num_gpus: number
  request: (EstimateRequest & { concurrency?: number; requestsPerSecond?: number }) | null
  scoredAs: 'serving' | 'capacity' | null
}

export type ServingFamily = 'ttft' | 'ttftP99' | 'tpot' | 'tpotP99' | 'throughput' | 'e2e'

export interface ServingComparison {
  id: string
  /** One published run: same source, model, hardware, devices, precision, engine and lengths. */
  group: string
  engine: string
  metric: string
  family: ServingFamily
  measured: number
  estimated: number
  /** measured / estimated, as a speed (times inverted) so that > 1 means the real system is faster. */
  ratio: number
  absPctError: number
  /** The band the answer gives around the estimate holds the measurement. */
  insideBand: boolean | undefined
  bandWidth: number | undefined
}

const FAMILY: Record<string, ServingFamily> = {
  ttft_ms_mean: 'ttft',
  ttft_ms_median: 'ttft',
  ttft_ms_p99: 'ttftP99',
  tpot_ms_mean: 'tpot',
  tpot_ms_median: 'tpot',
  itl_ms_mean: 'tpot',
  tpot_ms_p99: 'tpotP99',
  e2e_ms_mean: 'e2e',
  output_tok_s_total: 'throughput',
  total_tok_s_total: 'throughput',
  requests_per_s: 'throughput',
  output_tok_s_per_gpu: 'throughput'
}

export const familyOf = (metric: string): ServingFamily | undefined => FAMILY[metric]
const isTime = (metric: string) => metric.includes('_ms_')

type Serving = NonNullable<EstimateResponse['serving']>

/** The figure a row reports, read from the answer's serving object. */
export function servingMetric(serving: Serving, metric: string, scoredAs: 'serving' | 'capacity', deviceCount: number): number | undefined {
  const source = scoredAs === 'capacity' ? serving.capacity : serving
  switch (metric) {
    case 'output_tok_s_total':
      return source.outputTokensPerSecond
    case 'total_tok_s_total':
      return source.totalTokensPerSecond
    case 'requests_per_s':
      return source.requestsPerSecond
    case 'output_tok_s_per_gpu':
      return source.outputTokensPerSecond / deviceCount
  }
  if (scoredAs === 'capacity') return undefined
  switch (metric) {
    case 'ttft_ms_mean':
      return serving.ttftMs.mean
    case 'ttft_ms_median':
      return serving.ttftMs.p50
    case 'ttft_ms_p99':
      return serving.ttftMs.p99
    case 'tpot_ms_mean':
    case 'itl_ms_mean':
      return serving.tpotMs.mean
    case 'tpot_ms_median':
      return serving.tpotMs.p50
    case 'tpot_ms_p99':
      return serving.tpotMs.p99
    case 'e2e_ms_mean':
      return serving.e2eMs.mean
  }
  return undefined
}

/** The band the answer states for a metric, as [low, high] of the figure. */
function bandOf(serving: Serving, metric: string, scoredAs: 'serving' | 'capacity', estimated: number): { low: number; high: number } | undefined {
  const range = serving.range
  if (!range) return undefined
  const family = familyOf(metric)
  const scale = (band: { low: number; high: number }, value: number) => ({ low: (band.low / value) * estimated, high: (band.high / value) * estimated })
  if (family === 'throughput') return scale(range.outputTokensPerSecond, scoredAs === 'capacity' ? serving.outputTokensPerSecond || 1 : serving.outputTokensPerSecond)
  if (family === 'ttft' || family === 'ttftP99') return scale(range.ttftMs, serving.ttftMs.mean)
  if (family === 'tpot' || family === 'tpotP99') return scale(range.tpotMs, serving.tpotMs.mean)
  return undefined
}

export const groupOf = (m: ServingMeasurement) => {
  const r = m.request!
  return [m.source.split(' ')[0], r.model, r.hardware, r.deviceCount, r.precision, r.engine, r.promptTokens, r.outputTokens, m.load].join('|')
}

export interface ServingEvaluation {
  rows: ServingComparison[]
  skipped: { id: string; reason: string }[]
}

export function evaluateServing(catalog: Catalog, measurements: readonly ServingMeasurement[]): ServingEvaluation {
  const rows: ServingComparison[] = []
  const skipped: { id: string; reason: string }[] = []
  const cache = new Map<string, EstimateResponse>()
  for (const m of measurements) {
    if (!m.request || !m.scoredAs) continue
    const family = familyOf(m.metric)
    if (!family) {
      skipped.push({ id: m.id, reason: `metric ${m.metric} is not scored` })
      continue
    }
    const key = JSON.stringify(m.request)
    let answer = cache.get(key)
    if (!answer) {
      try {
        answer = estimate(catalog, { ...m.request, deployment: 'local' } as EstimateRequest)
      } catch (error) {
        if (error instanceof EstimateError) {
          skipped.push({ id: m.id, reason: error.message })
          continue
        }
        throw error
      }
      cache.set(key, answer)
    }
    const serving = answer.serving
    const estimated = serving ? servingMetric(serving, m.metric, m.scoredAs, m.request.deviceCount ?? 1) : undefined
    if (!serving || estimated === undefined || !(estimated > 0)) {
      skipped.push({ id: m.id, reason: `no ${m.metric} in the answer` })
      continue
    }
    const ratio = isTime(m.metric) ? estimated / m.value : m.value / estimated
    const band = bandOf(serving, m.metric, m.scoredAs, estimated)
    rows.push({
      id: m.id,
      group: groupOf(m),
      engine: m.request.engine ?? 'vllm',
      metric: m.metric,
      family,
      measured: m.value,
      estimated,
      ratio,
      absPctError: Math.abs(estimated - m.value) / m.value,
      insideBand: band ? m.value >= band.low * 0.999999 && m.value <= band.high * 1.000001 : undefined,
      bandWidth: band ? band.high / band.low : undefined
    })
  }
  return { rows, skipped }
}
