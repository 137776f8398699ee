// The estimate panel: the form becomes a POST /estimate body with only what the user chose (the
// service applies its own defaults and says which in the answer), and the answer is shown as is.
import { postJson } from './api.js'
import { renderMemoryChart } from './charts.js'
import { $, listItems, markStale, setText } from './dom.js'
import { costBasisText, costPartsText } from './cost-parts.js'
import { ESTIMATE_FIELDS } from './form-fields.js'
import { exceedsContext, fitText, formatNumber, formatRange, formatUsd, modelReadText, unfitNote } from './format.js'
import { clearErrors, markField, markUnreadableNumbers, showProblem } from './problems.js'

/** Selects sent as they are when not at "default", and numbers sent when not empty (the model and hardware are read apart). */
const CHOICES = ESTIMATE_FIELDS.filter((field) => field.choice).map((field) => field.name)
const NUMBERS = ESTIMATE_FIELDS.filter((field) => field.control === 'number').map((field) => field.name)

function parseCustom(field) {
  try {
    return JSON.parse($(`e-${field}`).value)
  } catch (err) {
    markField('e', field, `not valid JSON: ${err.message}`)
    return undefined
  }
}

/** The model part of the body: a catalog id, an inline spec, or a pasted config.json; undefined until it parses. */
function modelChoice() {
  const choice = $('e-model').value
  if (choice === '__custom__') return parseCustom('modelCustom')
  if (choice !== '__hfconfig__') return choice
  if ($('e-hfConfig').value.trim() === '') return undefined
  const hfConfig = parseCustom('hfConfig')
  return hfConfig === undefined ? undefined : { hfConfig }
}

/** The request body; undefined while a custom spec or pasted config is not valid JSON. */
function estimateRequest() {
  const value = (id) => $(id).value
  const body = {}
  body.model = modelChoice()
  const hardware = value('e-hardware')
  if (hardware === '__custom__') body.hardware = parseCustom('hardwareCustom')
  else if (hardware) body.hardware = hardware
  for (const field of CHOICES) if (value(`e-${field}`)) body[field] = value(`e-${field}`)
  // A number the browser cannot read (2000-, 10e) reads as empty: say so rather than send no value.
  const unreadable = markUnreadableNumbers('e', NUMBERS)
  for (const field of NUMBERS) if (value(`e-${field}`) !== '') body[field] = Number(value(`e-${field}`))
  if (unreadable || body.model === undefined || (hardware === '__custom__' && body.hardware === undefined)) return undefined
  return body
}

function sourceItem(source) {
  const item = document.createElement('li')
  item.append(`${source.entry}${source.fields ? ` (${source.fields.join(', ')})` : ''}: `)
  if (/^https?:\/\//.test(source.url)) item.append(Object.assign(document.createElement('a'), { href: source.url, textContent: source.url, rel: 'noopener noreferrer' }))
  else item.append(source.url)
  return item
}

/** What the service assumed, including the defaults it chose. */
function assumptionLines(answer) {
  const assumed = answer.assumptions
  return [
    ['engine', answer.engine ?? 'provider API'],
    ['deployment', answer.deployment],
    ['precision (weights / KV cache)', answer.precision && `${answer.precision} / ${answer.kvCachePrecision}`],
    ['electricity, USD per kWh', assumed.electricityUsdPerKWh],
    ['bytes per weight', assumed.bytesPerWeight],
    ['bandwidth efficiency (decode)', assumed.decodeBandwidthEfficiency],
    ['compute efficiency (prefill)', assumed.prefillComputeEfficiency],
    ['peak TFLOPS', assumed.peakTflops && `${assumed.peakTflops} (${assumed.computeDtype})`],
    ...assumed.formulas.map((formula) => ['', formula])
  ]
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => (name ? `${name}: ${value}` : value))
}

function renderEstimate(answer) {
  const { memory, latency, throughput, range } = answer
  const read = modelReadText(answer)
  $('r-model-read').hidden = read === ''
  setText('r-model-read', read)
  $('r-memory-line').hidden = !memory
  $('r-memory-api').hidden = Boolean(memory)
  setText('r-memory-total', memory ? formatNumber(memory.perDeviceGB) : '—')
  setText('r-memory-device', memory ? formatNumber(memory.deviceMemoryGB) : '—')
  const fits = $('r-fits')
  fits.textContent = fitText(answer)
  fits.className = memory ? (memory.fits && !exceedsContext(answer) ? 'fits-yes' : 'fits-no') : ''
  const unfit = unfitNote(answer)
  $('estimate-result').classList.toggle('unfit', unfit !== '')
  setText('e-unfit', unfit)
  $('e-unfit').hidden = unfit === ''
  setText('r-weights', memory ? formatNumber(memory.weightsGB) : '—')
  setText('r-kv', memory ? formatNumber(memory.kvCacheGB) : '—')
  setText('r-maxbatch', memory ? formatNumber(memory.maxBatchSize) : '—')
  setText('r-maxctx', memory ? formatNumber(memory.maxContextTokens) : '—')
  for (const [id, key] of [['ttft', 'ttftMs'], ['tpot', 'tpotMs'], ['total', 'totalMs']]) {
    setText(`r-${id}`, latency ? formatNumber(latency[key]) : '—')
    setText(`r-${id}-range`, range ? `(${formatRange(range[key])})` : '')
  }
  setText('r-output-tps', throughput ? formatNumber(throughput.outputTokensPerSecond) : '—')
  setText('r-decode-tps', throughput ? formatNumber(throughput.decodeTokensPerSecond) : '—')
  setText('r-prefill-tps', throughput ? formatNumber(throughput.prefillTokensPerSecond) : '—')
  setText('r-cost-request', formatUsd(answer.cost.perRequestUsd))
  setText('r-cost-million', formatUsd(answer.cost.perMillionOutputTokensUsd))
  setText('r-cost-parts', costPartsText(answer.cost, answer.workload.outputTokens, formatUsd))
  setText('r-cost-basis', costBasisText(answer.cost.basis))
  $('r-warnings').replaceChildren(...listItems(answer.warnings))
  $('r-warnings-box').hidden = answer.warnings.length === 0
  $('r-assumptions').replaceChildren(...listItems(assumptionLines(answer)))
  $('r-sources').replaceChildren(...answer.sources.map(sourceItem))
  renderMemoryChart(answer)
}

let timer = null
let sequence = 0
const answeredListeners = []

/** Calls listener({ body, answer }) after each estimate the page shows, answer null when the API refused it (the load panel follows the form this way). */
export function onEstimateAnswered(listener) {
  answeredListeners.push(listener)
}

export function scheduleEstimate() {
  clearTimeout(timer)
  timer = setTimeout(runEstimate, 200)
}

export async function runEstimate() {
  clearErrors('e')
  $('e-modelCustom-field').hidden = $('e-model').value !== '__custom__'
  $('e-hfConfig-field').hidden = $('e-model').value !== '__hfconfig__'
  $('e-hardwareCustom-field').hidden = $('e-hardware').value !== '__custom__'
  const body = estimateRequest()
  if (!body) {
    // Nothing is asked: what is shown (and the load curve) no longer answers the form.
    ++sequence
    markStale('estimate-result', 'e-stale', true)
    document.body.dataset.estimateState = 'error'
    for (const listener of answeredListeners) listener({ body: null, answer: null })
    return
  }
  const mine = ++sequence
  document.body.dataset.estimateState = 'loading'
  const { ok, data } = await postJson('/estimate?include=sources,formulas', body)
  if (mine !== sequence) return
  if (ok) renderEstimate(data)
  else showProblem('e', data)
  markStale('estimate-result', 'e-stale', !ok)
  document.body.dataset.estimateState = ok ? 'done' : 'error'
  for (const listener of answeredListeners) listener({ body, answer: ok ? data : null })
}
