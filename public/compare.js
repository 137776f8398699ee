// The compare panel: a POST /compare matrix from the checked models, hardware and precisions; the
// ranked table (cells written by format.js, as the CLI writes them), break-even and charts.
import { postJson } from './api.js'
import { renderMonthlyChart, renderParetoChart } from './charts.js'
import { renderCostPanel } from './cost-panel.js'
import { $, checkedValues, listItems, markStale, setText } from './dom.js'
import { bestText, compareColumns, compareRowCells, VOLUME_COLUMNS, warningsByRow } from './format.js'
import { COMPARE_FIELDS } from './form-fields.js'
import { clearErrors, markField, markUnreadableNumbers, showProblem } from './problems.js'

/** The table's header text for each column of compareColumns (the page spells them out). */
const COLUMN_TITLES = {
  '#': '#',
  candidate: 'Candidate',
  fits: 'Fits',
  'TTFT ms': 'TTFT ms',
  'TPOT ms': 'TPOT ms',
  'total ms': 'Total ms',
  'tok/s': 'Output tok/s',
  'replica max tok/s': 'Output tok/s, one replica at capacity',
  '$/request': '$ / request',
  '$/M out': '$ / M output',
  'fleet $/M out': '$ / M output, fleet over the month',
  devices: 'Devices',
  '$/month': '$ / month',
  'bounded by': 'Bounded by',
  constraints: 'Constraints'
}

/** Number fields of the compare form. */
const NUMBER_FIELDS = COMPARE_FIELDS.filter((field) => field.control === 'number').map((field) => field.name)

/** The device counts typed as "1, 2, 4": numbers, or null when a part is not a whole number (said beside the field). */
function deviceCounts() {
  const parts = $('c-deviceCounts').value.split(/[\s,]+/).filter(Boolean)
  if (parts.some((part) => !/^\d+$/.test(part))) {
    markField('c', 'deviceCounts', 'write whole numbers separated by commas, e.g. 1, 2, 4')
    return null
  }
  return parts.map(Number)
}

function compareRequest() {
  const number = (id) => ($(id).value === '' ? undefined : Number($(id).value))
  const workload = { promptTokens: number('c-promptTokens'), outputTokens: number('c-outputTokens') }
  // A static batch only when asked for: without one, a daily volume is planned by the serving model (as the CLI and the API default do).
  const batchSize = number('c-batchSize')
  if (batchSize !== undefined) workload.batchSize = batchSize
  const requestsPerDay = number('c-requestsPerDay')
  if (requestsPerDay !== undefined) workload.requestsPerDay = requestsPerDay
  const peakToAverage = number('c-peakToAverage')
  if (peakToAverage !== undefined) workload.peakToAverage = peakToAverage
  const matrix = { models: checkedValues($('c-models')) }
  const hardware = checkedValues($('c-hardware'))
  const precisions = checkedValues($('c-precisions'))
  if (hardware.length) matrix.hardware = hardware
  if (precisions.length) matrix.precisions = precisions
  if ($('c-deployment').value) matrix.deployment = $('c-deployment').value
  const counts = deviceCounts()
  if (counts === null) return null
  if (counts.length) matrix.deviceCounts = counts
  const body = { workload, matrix, sortBy: $('c-sortBy').value }
  if ($('c-hybridWith').value) body.hybridWith = $('c-hybridWith').value
  const constraints = {
    maxTtftMs: number('c-maxTtftMs'),
    maxTpotMs: number('c-maxTpotMs'),
    minOutputTokensPerSecond: number('c-minOutputTokensPerSecond'),
    maxCostPerMillionTokensUsd: number('c-maxCostPerMillionTokensUsd'),
    latencyPercentile: $('c-latencyPercentile').value || undefined
  }
  if (Object.values(constraints).some((value) => value !== undefined)) body.constraints = constraints
  return body
}

function tableRow(row, pareto, withVolume) {
  const tr = document.createElement('tr')
  tr.dataset.id = row.id
  if (!row.meetsConstraints) tr.classList.add('miss')
  if (pareto.has(row.id)) tr.classList.add('pareto')
  compareRowCells(row).forEach((text, column) => {
    const cell = document.createElement(column === 1 ? 'th' : 'td')
    cell.textContent = text
    if (column === 1) {
      cell.scope = 'row'
      // The id may break after its @ and nowhere else (model | hardware, devices, precision): long ids then fit a desktop screen.
      const at = text.indexOf('@')
      const part = (partText) => Object.assign(document.createElement('span'), { className: 'id-part', textContent: partText })
      if (at >= 0) cell.replaceChildren(part(text.slice(0, at + 1)), document.createElement('wbr'), part(text.slice(at + 1)))
    }
    if (VOLUME_COLUMNS.includes(column) && !withVolume) cell.hidden = true
    tr.append(cell)
  })
  return tr
}

function renderCompare(answer) {
  $('compare-result').hidden = false
  const withVolume = answer.workload.requestsPerDay !== null
  document.querySelector('.volume-only').hidden = !withVolume
  const pareto = new Set(answer.pareto)
  // The headers say which figures the rows are ranked by (a fleet's and a replica's with a volume).
  document.querySelector('#c-table thead tr').replaceChildren(...compareColumns(withVolume).map((column, index) => Object.assign(document.createElement('th'), { scope: 'col', textContent: COLUMN_TITLES[column], hidden: VOLUME_COLUMNS.includes(index) && !withVolume })))
  document.querySelector('#c-table tbody').replaceChildren(...answer.rows.map((row) => tableRow(row, pareto, withVolume)))
  setText('c-summary', `${answer.count} candidates estimated (catalog ${answer.catalogVersion}); ${bestText(answer)}.`)
  setText('c-breakeven', answer.breakEven ? `Break-even: ${answer.breakEven.note}.` : '')
  $('c-rejected').replaceChildren(...listItems(answer.rejected.map((rejected) => `not estimated — ${rejected.id}: ${rejected.detail}`)))
  const warnings = warningsByRow(answer)
  $('c-warnings').replaceChildren(...warnings.map(([id, rows]) => warningItem(id, rows, answer)))
  $('c-warnings-box').hidden = warnings.length === 0
  renderParetoChart(answer)
  renderCostPanel(answer)
  if (withVolume) renderMonthlyChart(answer)
}

/** Numbers each comparison asked for, so an older answer that arrives last is dropped (as the estimate and load panels do). */
let sequence = 0

export async function runCompare(event) {
  event?.preventDefault()
  const mine = ++sequence
  clearErrors('c')
  const body = compareRequest()
  const unreadable = markUnreadableNumbers('c', NUMBER_FIELDS) > 0 || body === null
  if (unreadable || body.matrix.models.length === 0) {
    if (!unreadable) $('c-general-error').textContent = 'choose at least one model'
    markStale('compare-result', 'c-stale', true)
    document.body.dataset.compareState = 'error'
    return
  }
  document.body.dataset.compareState = 'loading'
  const { ok, data } = await postJson('/compare?include=estimate', body)
  if (mine !== sequence) return
  if (ok) renderCompare(data)
  else showProblem('c', data)
  markStale('compare-result', 'c-stale', !ok)
  document.body.dataset.compareState = ok ? 'done' : 'error'
}

/**
 * One warning of a comparison: its id and the rows that carry it, opening on each row's own words
 * (the answer is fetched with include=estimate, whose warnings go in the order of warningIds).
 */
function warningItem(id, rowIds, answer) {
  const summary = Object.assign(document.createElement('summary'), { textContent: `${id}: ${rowIds.join(', ')}` })
  const words = document.createElement('ul')
  for (const row of answer.rows) {
    const index = row.estimate?.warningIds.indexOf(id) ?? -1
    if (index >= 0) words.append(Object.assign(document.createElement('li'), { textContent: `${row.id}: ${row.estimate.warnings[index]}` }))
  }
  const details = document.createElement('details')
  details.append(summary, words)
  const item = document.createElement('li')
  item.append(details)
  return item
}

/**
 * The seed calculator's question: 7B vs 13B vs GPT-4, 1000 + 1000 tokens, 10,000 requests a day.
 * Every other field goes back to its starting value first (the form's reset: a number to its table
 * value or empty, a choice to its first option), so an earlier deployment, peak, overflow API or
 * ranking cannot change the question.
 */
export function presetSeeds() {
  $('compare-form').reset()
  for (const input of $('c-models').querySelectorAll('input')) input.checked = ['llama-2-7b', 'llama-2-13b', 'gpt-4'].includes(input.value)
  for (const input of $('c-hardware').querySelectorAll('input')) input.checked = input.value === 'a100-80gb'
  for (const input of $('c-precisions').querySelectorAll('input')) input.checked = input.value === 'fp16'
  $('c-promptTokens').value = '1000'
  $('c-outputTokens').value = '1000'
  $('c-requestsPerDay').value = '10000'
  runCompare()
}
