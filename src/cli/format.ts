// The CLI's tables. Every figure is written by public/format.js, the module the page uses, so the
// terminal and the browser show an answer the same way.
import { bestText, capacityText, compareColumns, compareRowCells, devicesNeededText, fitText, formatNumber, formatRange, formatUsd, loadText, modelReadText, unfitNote, VOLUME_COLUMNS, warningsByRow } from '../../public/format.js'
import { DEFAULT_PERCENTILE, figureMisses, limitMisses, outputTokensPerSecondPerDevice, PERCENTILES, type LatencyLimits } from '../../public/operating-point.js'
import { costBasisText, costPartsText, fleetLines, hybridLines } from '../../public/cost-parts.js'
import { contextWindowOf } from '../catalog/query.js'
import type { CompareResponse } from '../schemas/compare.js'
import type { EstimateResponse } from '../schemas/estimate-answer.js'
import type { Hardware, Model } from '../schemas/catalog.js'

/** Columns padded to their widest cell, two spaces apart. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n')
}

export function estimateText(answer: EstimateResponse, limits?: LatencyLimits): string {
  const heading = `${answer.model.name} ${answer.hardware ? `on ${answer.deviceCount} × ${answer.hardware.name} (${answer.engine}, ${answer.precision})` : 'via API'} — ${answer.deployment}, catalog ${answer.catalogVersion}`
  const rows: string[][] = [['', 'value', 'range']]
  const { memory, latency, range, throughput } = answer
  if (memory) {
    rows.push(['memory per device', `${formatNumber(memory.perDeviceGB)} GB of ${formatNumber(memory.deviceMemoryGB)} GB`, fitText(answer)])
    rows.push(['weights / KV cache', `${formatNumber(memory.weightsGB)} GB / ${formatNumber(memory.kvCacheGB)} GB`, `max batch ${formatNumber(memory.maxBatchSize)}, max context ${formatNumber(memory.maxContextTokens)}`])
  }
  if (latency) {
    rows.push(['time to first token', `${formatNumber(latency.ttftMs)} ms`, range ? `${formatRange(range.ttftMs)} ms` : ''])
    rows.push(['time per output token', `${formatNumber(latency.tpotMs)} ms`, range ? `${formatRange(range.tpotMs)} ms` : ''])
    rows.push(['total', `${formatNumber(latency.totalMs)} ms`, range ? `${formatRange(range.totalMs)} ms` : ''])
  }
  if (throughput && !answer.serving) rows.push(['output tokens/s (batch)', formatNumber(throughput.outputTokensPerSecond), `${formatNumber(throughput.decodeTokensPerSecond)} per sequence`])
  rows.push(['cost per request', formatUsd(answer.cost.perRequestUsd), `${formatUsd(answer.cost.perMillionOutputTokensUsd)} per million output tokens`])
  rows.push(['cost parts', costPartsText(answer.cost, answer.workload.outputTokens, formatUsd), costBasisText(answer.cost.basis)])
  const serving = answer.serving ? ['', servingText({ ...answer, serving: answer.serving }, limits)] : []
  // Without serving figures the limits asked for are still answered: judged on what there is, or said why not.
  const unservedLimits = !answer.serving && limits && hasLatencyLimit(limits) ? ['', unservedLimitsText(answer, limits)] : []
  const read = modelReadText(answer)
  const unfit = unfitNote(answer)
  return [heading, ...(read ? [read] : []), '', table(rows), ...(unfit ? [unfit] : []), ...serving, ...unservedLimits, ...answer.warnings.map((warning) => `warning: ${warning}`)].join('\n')
}

const isSet = (limit: number | null | undefined): limit is number => limit !== undefined && limit !== null
const hasLatencyLimit = (limits: LatencyLimits) => isSet(limits.maxTtftMs) || isSet(limits.maxTpotMs)

/**
 * The latency limits of an estimate that has no serving figures. An API model's one request is
 * judged on its TTFT and TPOT (the provider serves it, so there is no percentile under a load of
 * ours); a deployment that cannot serve a load has nothing to judge, and the line says why.
 */
export function unservedLimitsText(answer: EstimateResponse, limits: LatencyLimits): string {
  const { memory, latency } = answer
  if (!memory && latency) {
    const misses = figureMisses(latency, limits, '')
    const unknown = ([['TTFT', limits.maxTtftMs, latency.ttftMs], ['TPOT', limits.maxTpotMs, latency.tpotMs]] as const).filter(([, limit, figure]) => isSet(limit) && figure === null).map(([name]) => `${name} not known`)
    const verdict = misses.length ? `missed — ${[...misses, ...unknown].join('; ')}` : unknown.length ? `not judged — ${unknown.join('; ')}` : 'met'
    return `latency limits on one API request (the provider serves the load, so there is no ${limits.percentile ?? DEFAULT_PERCENTILE} to judge): ${verdict}`
  }
  const devices = `${answer.deviceCount} device${answer.deviceCount === 1 ? '' : 's'}`
  if (memory && !memory.fits) return `latency limits not judged: the model does not fit ${devices} (it needs ${devicesNeededText(memory)}), so it cannot serve a load`
  if (memory && latency && latency.ttftMs === null) return 'latency limits not judged: the hardware has no compute figure, so prompts and so serving under load are not estimated (see the warnings)'
  if (memory) return `latency limits not judged: not one sequence fits the KV cache of ${devices}, so it cannot serve a load`
  return 'latency limits not judged: the answer has no latency figures'
}

type LoadedAnswer = EstimateResponse & { serving: NonNullable<EstimateResponse['serving']> }

/** The serving figures of an estimate under load: latency percentiles, throughput, queue, capacity, and the limits asked for. */
export function servingText(answer: LoadedAnswer, limits?: LatencyLimits): string {
  const { serving } = answer
  const spreadRow = (name: string, spread: Record<(typeof PERCENTILES)[number], number>) => [name, ...PERCENTILES.map((percentile) => formatNumber(spread[percentile]))]
  const latency = table([
    [`under load: ${loadText(answer.workload)}`, ...PERCENTILES],
    spreadRow('time to first token, ms', serving.ttftMs),
    spreadRow('time per output token, ms', serving.tpotMs),
    spreadRow('end-to-end, ms', serving.e2eMs)
  ])
  const lines = [
    latency,
    `throughput: ${formatNumber(serving.outputTokensPerSecond)} output tokens/s (${formatNumber(outputTokensPerSecondPerDevice(answer))} per device, ${formatNumber(serving.outputTokensPerSecondPerUser)} per user) · ${formatNumber(serving.totalTokensPerSecond)} tokens/s in + out · ${formatNumber(serving.requestsPerSecond)} requests/s`,
    `running ${formatNumber(serving.runningSequences)} sequences, ${formatNumber(serving.queuedRequests)} requests queued${serving.saturated ? ' — saturated: more arrives than the deployment serves' : ''}`,
    `capacity: ${capacityText(serving.capacity)}`,
    `range of the mean: TTFT ${formatRange(serving.range.ttftMs)} ms · TPOT ${formatRange(serving.range.tpotMs)} ms · ${formatRange(serving.range.outputTokensPerSecond)} output tokens/s`
  ]
  if (limits && (limits.maxTtftMs !== undefined || limits.maxTpotMs !== undefined)) {
    const misses = limitMisses(answer, limits)
    lines.push(`latency limits at ${limits.percentile}: ${misses.length ? `missed — ${misses.join('; ')}` : 'met'}`)
  }
  return lines.join('\n')
}

export function compareText(answer: CompareResponse): string {
  const withVolume = answer.workload.requestsPerDay !== null
  const shown = (cells: string[]) => (withVolume ? cells : cells.filter((_, column) => !VOLUME_COLUMNS.includes(column)))
  const lines = [
    table([shown(compareColumns(withVolume)), ...answer.rows.map((row) => shown(compareRowCells(row)))]),
    '',
    bestText(answer),
    `pareto (cost vs latency): ${answer.pareto.join(', ') || '—'}`
  ]
  if (answer.workload.trafficShape && answer.workload.peakToAverage !== 1) lines.push(`traffic: ${answer.workload.trafficShape}`)
  for (const line of fleetLines(answer)) lines.push(`fleet ${line}`)
  for (const line of hybridLines(answer)) lines.push(`hybrid ${line}`)
  if (answer.breakEven) lines.push(`break-even: ${answer.breakEven.note}`)
  for (const rejected of answer.rejected) lines.push(`rejected ${rejected.id}: ${rejected.detail}`)
  // Each warning once, with the rows that carry it (a row's warnings are ids; --include estimate --json has their texts).
  const warnings = warningsByRow(answer)
  for (const [id, rows] of warnings) lines.push(`warning ${id}: ${rows.join(', ')}`)
  if (warnings.length) lines.push('(each warning in words: --include estimate --json)')
  return lines.join('\n')
}

export function modelsText(models: readonly Model[]): string {
  const header = ['id', 'name', 'params (B)', 'active (B)', 'context', 'open', 'API $/M in/out']
  const rows = models.map((model) => [
    model.id,
    model.name,
    formatNumber(model.parametersB),
    formatNumber(model.activeParametersB),
    formatNumber(contextWindowOf(model)),
    model.openWeights ? 'yes' : 'no',
    model.api ? `${model.api.inputUsdPerMTok}/${model.api.outputUsdPerMTok}` : '—'
  ])
  return table([header, ...rows])
}

export function hardwareText(hardware: readonly Hardware[]): string {
  const header = ['id', 'name', 'kind', 'memory GB', 'GB/s', 'fp16 TFLOPS', '$/hour']
  const rows = hardware.map((device) => [
    device.id,
    device.name,
    device.kind,
    formatNumber(device.memoryGB),
    formatNumber(device.bandwidthGBps),
    formatNumber(device.tflops.fp16 ?? device.tflops.bf16),
    device.priceUsdPerHour ? `${formatUsd(device.priceUsdPerHour)} (${device.priceAsOf ?? 'undated'})` : '—'
  ])
  return table([header, ...rows])
}
