// How an answer's figures are written, shared by the page (public/*.js) and the command-line
// calculator (src/cli/format.ts), so both show the same answer the same way. Plain ES module, no DOM.

/** A figure to `digits` significant digits; from 1000 up, a whole number with thousands separators; '—' when unknown. */
export function formatNumber(value, digits = 3) {
  if (value === null || value === undefined) return '—'
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US')
  return Number(value.toPrecision(digits)).toString()
}

/** US dollars: cents from $1 up, three significant digits below; '—' when unknown. */
export function formatUsd(value) {
  if (value === null || value === undefined) return '—'
  return value >= 1 ? `$${value.toFixed(2)}` : `$${Number(value.toPrecision(3))}`
}

/** A range as low–high. */
/** A low–high band; a dash when there is none (no compute figure, so no prefill band). */
export const formatRange = (range) => (range === null || range === undefined ? '—' : `${formatNumber(range.low)}–${formatNumber(range.high)}`)

/** Whether an estimate fits, in words: the devices it fits on, or how many it needs. */
export function fitText(answer) {
  const memory = answer.memory
  if (!memory) return "served by the provider's API"
  if (memory.fits) return `fits on ${answer.deviceCount} × ${answer.hardware.name} (${answer.engine}, ${answer.precision})`
  return `does not fit: needs ${memory.minDevices ?? 'more than 1024'} devices`
}

/** For a model given as a config.json: what the service read from it, to check against the model card; '' otherwise. */
export function modelReadText(answer) {
  const read = answer.model.fromHfConfig
  if (!read) return ''
  const arch = read.architecture
  const experts = arch.experts ? `, ${arch.experts} experts (${arch.expertsPerToken} per token)` : ''
  return `read from config.json (${read.modelType}): ${arch.layers} layers, hidden ${arch.hiddenSize}, ${arch.attentionHeads}/${arch.kvHeads} heads of ${arch.headDim}${experts}; ${formatNumber(read.parametersB)}B parameters, ${formatNumber(read.activeParametersB)}B per token; published in ${read.nativePrecision ?? 'an unstated dtype'}`
}

/** Columns of the /compare table; the two volume columns only mean something with a daily volume. */
export const COMPARE_COLUMNS = ['#', 'candidate', 'fits', 'TTFT ms', 'TPOT ms', 'total ms', 'tok/s', '$/request', '$/M out', 'devices', '$/month', 'constraints']
export const VOLUME_COLUMNS = [9, 10]

/** The cells of one /compare row, in COMPARE_COLUMNS order. */
export function compareRowCells(row) {
  const answer = row.estimate
  const devices = row.capacity?.devices
  return [
    String(row.rank),
    row.id,
    answer.memory ? (answer.memory.fits ? 'yes' : 'no') : 'api',
    formatNumber(answer.latency?.ttftMs),
    formatNumber(answer.latency?.tpotMs),
    formatNumber(answer.latency?.totalMs),
    formatNumber(answer.throughput?.outputTokensPerSecond),
    formatUsd(answer.cost.perRequestUsd),
    formatUsd(answer.cost.perMillionOutputTokensUsd),
    devices === null || devices === undefined ? '—' : String(devices),
    formatUsd(row.capacity?.monthlyCostUsd),
    row.meetsConstraints ? 'ok' : row.violations.join('; ')
  ]
}

/** The best row per criterion, in one line. */
export const bestText = (answer) => `best cost: ${answer.best.cost ?? '—'}; best latency: ${answer.best.latency ?? '—'}; best throughput: ${answer.best.throughput ?? '—'}`
