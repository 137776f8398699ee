// The load panel: the configuration of the estimate form at several concurrencies (one POST
// /estimate each, closed loop), drawn as latency against clients and throughput against
// interactivity, with the operating point that meets the user's latency limits marked. Changing a
// limit only re-marks the point: the answers are kept, nothing is asked again.
import { postJson } from './api.js'
import { renderLoadCharts } from './load-charts.js'
import { $, listItems, setText } from './dom.js'
import { devicesNeededText, formatNumber, limitedByText, sequencesText } from './format.js'
import { markField } from './problems.js'
import { concurrencyLevels, figureAt, limitMisses, operatingPointIndex, outputTokensPerSecondPerDevice } from './operating-point.js'

/** The answers of the last sweep, in increasing concurrency: [{ concurrency, answer }]. */
let points = []
let sweep = 0

/**
 * The latency limits the form sets; an empty field sets none, and so does one that is not a number
 * above 0 (the browser reads 5e or 2000- as empty), which says so beside the field.
 */
function latencyLimits(outputTokens) {
  const number = (name, nothingToBound) => {
    const input = $(`l-${name}`)
    const value = input.value === '' ? undefined : Number(input.value)
    const wrong = input.validity.badInput || (value !== undefined && !(value > 0))
    setText(`l-${name}-error`, '')
    input.removeAttribute('aria-invalid')
    if (wrong) markField('l', name, 'not a number above 0: this limit is left out')
    else if (value !== undefined && nothingToBound) markField('l', name, nothingToBound)
    return wrong || nothingToBound ? undefined : value
  }
  // As /compare refuses it: with one output token no token follows the first.
  const oneToken = outputTokens <= 1 ? 'one output token: no token follows the first, so this limit is left out' : undefined
  return { maxTtftMs: number('maxTtftMs'), maxTpotMs: number('maxTpotMs', oneToken), percentile: $('l-percentile').value }
}

/** The estimate form's body at a concurrency: the static batch is left out (the two exclude each other). */
function loadBody(body, concurrency) {
  const { batchSize: _batchSize, ...configuration } = body
  return { ...configuration, concurrency }
}

function setState(state) {
  document.body.dataset.loadState = state
}

/** Shows why there is no curve, and hides the last one. */
function showMessage(text, isError = false) {
  $('load-result').hidden = true
  setText('l-general-error', isError ? text : '')
  setText('l-status', isError ? '' : text)
}

/** Asks the service for every point of the curve; the first answer says how far the curve goes. */
export async function runLoad({ body, answer }) {
  const mine = ++sweep
  // A new configuration: the last sweep's curve no longer describes anything (a limit change would redraw it).
  points = []
  $('load-result').hidden = true
  if (!answer) {
    setState('none')
    showMessage('The configuration above has an error; the load curve follows once it is answered.')
    return
  }
  if (answer.deployment === 'api' || !answer.memory) {
    setState('none')
    showMessage('Serving under load applies to self-hosted deployments; an API model is served by its provider.')
    return
  }
  setState('loading')
  setText('l-status', 'asking the service for each load…')
  const first = await postJson('/estimate', loadBody(body, 1))
  if (mine !== sweep) return
  if (!first.ok || !first.data.serving) {
    setState(first.ok ? 'none' : 'error')
    const memory = first.ok ? first.data.memory : undefined
    const noFit = memory && !memory.fits ? `The model does not fit ${answer.deviceCount} device${answer.deviceCount > 1 ? 's' : ''} (it needs ${devicesNeededText(memory)}), so it cannot serve a load.` : 'Not one sequence fits the KV cache of this configuration, so it cannot serve a load.'
    showMessage(first.ok ? noFit : `${first.data.title}: ${first.data.detail}`, !first.ok)
    return
  }
  const levels = concurrencyLevels(first.data.serving.capacity.maxRunningSequences)
  const rest = await Promise.all(levels.slice(1).map((concurrency) => postJson('/estimate', loadBody(body, concurrency))))
  if (mine !== sweep) return
  const failed = rest.find((reply) => !reply.ok)
  if (failed) {
    setState('error')
    showMessage(`${failed.data.title}: ${failed.data.detail}`, true)
    return
  }
  points = [first, ...rest].map((reply, index) => ({ concurrency: levels[index], answer: reply.data }))
  setText('l-general-error', '')
  setText('l-status', `${points.length} loads from 1 to ${levels.at(-1)} concurrent clients, ${answer.model.name} on ${answer.deviceCount} × ${answer.hardware.name} (${answer.engine}, ${answer.precision}).`)
  renderLoad()
  setState('done')
}

/** One table row per sampled load; the operating point's row is marked. */
function tableRow({ concurrency, answer }, isOperating, limits) {
  const { serving } = answer
  const misses = limitMisses(answer, limits)
  const cells = [
    String(concurrency),
    formatNumber(serving.ttftMs.mean),
    formatNumber(serving.ttftMs.p99),
    formatNumber(serving.tpotMs.mean),
    formatNumber(serving.tpotMs.p99),
    formatNumber(outputTokensPerSecondPerDevice(answer)),
    formatNumber(serving.outputTokensPerSecondPerUser),
    formatNumber(serving.runningSequences),
    formatNumber(serving.queuedRequests),
    misses.length ? misses.join('; ') : 'ok'
  ]
  const row = document.createElement('tr')
  row.dataset.concurrency = String(concurrency)
  if (isOperating) row.dataset.operating = 'true'
  if (misses.length) row.classList.add('miss')
  cells.forEach((text, column) => {
    const cell = document.createElement(column === 0 ? 'th' : 'td')
    if (column === 0) cell.scope = 'row'
    cell.textContent = text
    row.append(cell)
  })
  return row
}

/** The operating point in words: its load and what it gives at the chosen percentile. */
function operatingText(point, limits) {
  if (!point) return ['No sampled load meets the limits.', `Even one client sees TTFT ${limits.percentile} ${formatNumber(figureAt(points[0].answer.serving.ttftMs, limits.percentile))} ms and TPOT ${limits.percentile} ${formatNumber(figureAt(points[0].answer.serving.tpotMs, limits.percentile))} ms.`]
  const { serving } = point.answer
  return [
    `${point.concurrency} concurrent client${point.concurrency === 1 ? '' : 's'}: ${formatNumber(outputTokensPerSecondPerDevice(point.answer))} output tokens/s per device, ${formatNumber(serving.outputTokensPerSecondPerUser)} tokens/s per user`,
    `TTFT ${limits.percentile} ${formatNumber(figureAt(serving.ttftMs, limits.percentile))} ms · TPOT ${limits.percentile} ${formatNumber(figureAt(serving.tpotMs, limits.percentile))} ms · ${formatNumber(serving.requestsPerSecond)} requests/s`
  ]
}

/** Queueing and saturation: where requests start to wait, and what the service warns at the operating point. */
function queueWarnings(operating) {
  const warnings = []
  const firstQueued = points.find((point) => point.answer.serving.queuedRequests > 0)
  if (firstQueued) {
    const { serving } = firstQueued.answer
    warnings.push(`From ${firstQueued.concurrency} concurrent clients on, requests wait for a slot: at most ${sequencesText(serving.capacity.maxRunningSequences)} ${serving.capacity.maxRunningSequences === 1 ? 'runs' : 'run'} at once, and TTFT includes the wait (${formatNumber(serving.queuedRequests)} queued on average at ${firstQueued.concurrency}).`)
  }
  const saturated = points.filter((point) => point.answer.serving.saturated).map((point) => point.concurrency)
  if (saturated.length) warnings.push(`Saturated (more arrives than the deployment serves) at ${saturated.join(', ')} clients.`)
  if (operating >= 0) {
    const atOneClient = new Set(points[0].answer.warnings)
    for (const warning of points[operating].answer.warnings.filter((each) => !atOneClient.has(each))) warnings.push(`At the operating point: ${warning}`)
  }
  return warnings
}

/** Draws the last sweep with the operating point of the current limits. */
export function renderLoad() {
  if (points.length === 0) return
  const limits = latencyLimits(points[0].answer.workload.outputTokens)
  const operating = operatingPointIndex(points.map((point) => point.answer), limits)
  $('load-result').hidden = false
  const [headline, detail] = operatingText(points[operating], limits)
  setText('l-operating', headline)
  setText('l-operating-detail', detail)
  const { capacity } = points[0].answer.serving
  setText('l-capacity-rps', formatNumber(capacity.requestsPerSecond))
  setText('l-capacity-output-tps', formatNumber(capacity.outputTokensPerSecond))
  setText('l-capacity-total-tps', formatNumber(capacity.totalTokensPerSecond))
  setText('l-capacity-sequences', String(capacity.maxRunningSequences))
  setText('l-capacity-limited-by', limitedByText(capacity.limitedBy))
  document.querySelector('#l-table tbody').replaceChildren(...points.map((point, index) => tableRow(point, index === operating, limits)))
  const warnings = queueWarnings(operating)
  $('l-warnings').replaceChildren(...listItems(warnings))
  $('l-warnings-box').hidden = warnings.length === 0
  document.body.dataset.loadOperating = operating < 0 ? 'none' : String(points[operating].concurrency)
  renderLoadCharts(points, operating, limits)
}
