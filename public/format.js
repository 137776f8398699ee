// How an answer's figures are written, shared by the page (public/*.js) and the command-line
// calculator (src/cli/format.ts), so both show the same answer the same way. Plain ES module, no DOM.

/** A figure to `digits` significant digits; from 1000 up, a whole number with thousands separators; '—' when unknown. */
export function formatNumber(value, digits = 3) {
  if (value === null || value === undefined) return '—'
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US')
  return Number(value.toPrecision(digits)).toString()
}

/** US dollars: cents from $1 up (thousands separated, as formatNumber's), three significant digits below; '—' when unknown. */
export function formatUsd(value) {
  if (value === null || value === undefined) return '—'
  return value >= 1 ? `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : `$${Number(value.toPrecision(3))}`
}

/** A low–high band; a dash when there is none (no compute figure, so no prefill band). */
export const formatRange = (range) => (range === null || range === undefined ? '—' : `${formatNumber(range.low)}–${formatNumber(range.high)}`)

/** Whether the request is longer than the model's context window (the answer warns context-overflow). */
export const exceedsContext = (answer) => answer.warningIds.includes('context-overflow')

/**
 * The devices a model needs, in words. The API answers null beyond the most it plans for
 * (LIMITS.maxDeviceCount, 1,024; a test ties the two).
 */
export function devicesNeededText(memory) {
  return memory.minDevices === null || memory.minDevices === undefined ? 'more than 1,024' : formatNumber(memory.minDevices)
}

/** Whether an estimate fits, in words: the devices it fits on, or how many it needs; a request beyond the model's context window is said too. */
export function fitText(answer) {
  const memory = answer.memory
  if (!memory) return "served by the provider's API"
  const beyond = exceedsContext(answer) ? " — but the request is longer than the model's context window" : ''
  if (memory.fits) return `fits on ${answer.deviceCount} × ${answer.hardware.name} (${answer.engine}, ${answer.precision})${beyond}`
  return `does not fit: needs ${devicesNeededText(memory)} devices${beyond}`
}

/** "1 sequence", "4 sequences". */
export const sequencesText = (count) => `${count} sequence${count === 1 ? '' : 's'}`

/** What the figures of a run that does not fit are, in words; '' when it fits (or the API serves it). */
export function unfitNote(answer) {
  if (!answer.memory || answer.memory.fits) return ''
  return 'Does not fit: the latency, throughput and cost are what the run would take if it fitted (more devices, a smaller precision or a shorter context would make it fit).'
}

/** A /compare answer's row warnings, each once with the rows that carry it: [[warning id, [row ids]]]. */
export function warningsByRow(answer) {
  const rowsByWarning = new Map()
  for (const row of answer.rows) for (const id of row.warningIds) rowsByWarning.set(id, [...(rowsByWarning.get(id) ?? []), row.id])
  return [...rowsByWarning]
}

/** For a model given as a config.json: what the service read from it, to check against the model card; '' otherwise. */
export function modelReadText(answer) {
  const read = answer.model.fromHfConfig
  if (!read) return ''
  const arch = read.architecture
  const experts = arch.experts ? `, ${arch.experts} experts (${arch.expertsPerToken} per token)` : ''
  return `read from config.json (${read.modelType}): ${arch.layers} layers, hidden ${arch.hiddenSize}, ${arch.attentionHeads}/${arch.kvHeads} heads of ${arch.headDim}${experts}; ${formatNumber(read.parametersB)}B parameters, ${formatNumber(read.activeParametersB)}B per token; published in ${read.nativePrecision ?? 'an unstated dtype'}`
}

/** Columns of the /compare table; the three volume columns only mean something with a daily volume. */
export const COMPARE_COLUMNS = ['#', 'candidate', 'fits', 'TTFT ms', 'TPOT ms', 'total ms', 'tok/s', '$/request', '$/M out', 'devices', '$/month', 'bounded by', 'constraints']
export const VOLUME_COLUMNS = [9, 10, 11]

/** The latency limits a replica's load can be bounded by, in words (the API's field names otherwise). */
const LATENCY_LIMIT_WORDS = { maxTtftMs: 'TTFT limit', maxTpotMs: 'TPOT limit' }

/** What set the load one replica is planned at (capacity.boundedBy), with the percentile a latency bound was held at. */
export function boundedByText(capacity) {
  if (!capacity?.boundedBy) return '—'
  const limit = LATENCY_LIMIT_WORDS[capacity.boundedBy]
  if (limit) return capacity.latencyPercentile ? `${limit} (${capacity.latencyPercentile})` : limit
  return capacity.boundedBy === 'static-batch' ? 'static batch' : capacity.boundedBy
}

/** The column headers of the /compare table: with a daily volume, cost and throughput are the fleet's and a replica's, as ranked. */
export const compareColumns = (withVolume) => COMPARE_COLUMNS.map((column) => (withVolume ? (VOLUME_HEADERS[column] ?? column) : column))
const VOLUME_HEADERS = { 'tok/s': 'replica max tok/s', '$/M out': 'fleet $/M out' }

/** The cells of one /compare row, in COMPARE_COLUMNS order; cost per million and tokens/s are the ones the row is ranked by (row.ranked). */
export function compareRowCells(row) {
  const devices = row.capacity?.devices
  return [
    String(row.rank),
    row.id,
    row.fits === null ? 'api' : row.fits ? 'yes' : 'no',
    formatNumber(row.latency?.ttftMs),
    formatNumber(row.latency?.tpotMs),
    formatNumber(row.latency?.totalMs),
    formatNumber(row.ranked.outputTokensPerSecond),
    formatUsd(row.cost.perRequestUsd),
    formatUsd(row.ranked.costPerMillionOutputTokensUsd),
    devices === null || devices === undefined ? '—' : String(devices),
    formatUsd(row.capacity?.monthlyCostUsd),
    boundedByText(row.capacity),
    row.meetsConstraints ? 'ok' : row.violations.join('; ')
  ]
}

/** The best row per criterion, in one line. */
export const bestText = (answer) => `best cost: ${answer.best.cost ?? '—'}; best latency: ${answer.best.latency ?? '—'}; best throughput: ${answer.best.throughput ?? '—'}`

const LIMITED_BY = {
  'engine-sequence-limit': "the engine's running-sequence limit",
  'kv-cache': 'the KV cache',
  compute: 'compute',
  bandwidth: 'memory bandwidth'
}

/** What limits a deployment's capacity (serving.capacity.limitedBy), in words. */
export const limitedByText = (limitedBy) => LIMITED_BY[limitedBy] ?? limitedBy

/** The load an answer was estimated under, in words; '' without one. */
export function loadText(workload) {
  if (workload.concurrency !== null && workload.concurrency !== undefined) return `${workload.concurrency} concurrent clients (closed loop)`
  if (workload.requestsPerSecond !== null && workload.requestsPerSecond !== undefined) return `${formatNumber(workload.requestsPerSecond)} requests/s arriving (open loop)`
  return ''
}

/** What a deployment sustains when requests never stop coming, in one line. */
export const capacityText = (capacity) =>
  `${formatNumber(capacity.requestsPerSecond)} requests/s · ${formatNumber(capacity.outputTokensPerSecond)} output tokens/s · ${formatNumber(capacity.totalTokensPerSecond)} tokens/s in + out · ${sequencesText(capacity.maxRunningSequences)} at once · limited by ${limitedByText(capacity.limitedBy)}`
