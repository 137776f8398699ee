// The calculator page: a thin client of the service's own API (POST /estimate, POST /compare,
// catalog routes). Every number shown is read from the API's answer; errors come back as problem
// documents and are shown next to the field their JSON pointer names.

const $ = (id) => document.getElementById(id)
const fmt = (x, digits = 3) => (x === null || x === undefined ? '—' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(digits)).toString())
const usd = (x) => (x === null || x === undefined ? '—' : x >= 1 ? `$${x.toFixed(2)}` : `$${Number(x.toPrecision(3))}`)

let catalog = { models: [], hardware: [], precisions: [], engines: [] }
let memoryChart = null
let paretoChart = null
let monthlyChart = null

async function getJson(url) {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: ${res.status}`)
  return res.json()
}

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const data = await res.json()
  return { ok: res.ok, status: res.status, data }
}

function option(value, text) {
  const o = document.createElement('option')
  o.value = value
  o.textContent = text
  return o
}

function fillSelect(select, items, { defaultText, custom } = {}) {
  select.replaceChildren()
  if (defaultText) select.append(option('', defaultText))
  for (const [value, text] of items) select.append(option(value, text))
  if (custom) select.append(option('__custom__', 'custom spec…'))
}

function checkboxes(container, name, items, checked = []) {
  container.replaceChildren()
  for (const [value, text] of items) {
    const label = document.createElement('label')
    const input = document.createElement('input')
    input.type = 'checkbox'
    input.name = name
    input.value = value
    input.checked = checked.includes(value)
    label.append(input, ` ${text}`)
    container.append(label)
  }
}

const checkedValues = (container) => [...container.querySelectorAll('input:checked')].map((i) => i.value)

// ---- errors next to fields -------------------------------------------------------------

/** The form field a problem's JSON pointer names, for a form whose ids start with prefix. */
function fieldForPointer(prefix, pointer) {
  const parts = pointer.replace(/^\/body\//, '').split('/').filter(Boolean)
  if (prefix === 'e') {
    if (parts[0] === 'model' && parts.length > 1) return 'modelCustom'
    if (parts[0] === 'hardware' && parts.length > 1) return 'hardwareCustom'
    return parts[0]
  }
  // compare: workload fields and constraints are flat on the form
  return parts[parts.length - 1]
}

function clearErrors(prefix) {
  for (const el of document.querySelectorAll(`[id^="${prefix}-"][id$="-error"]`)) el.textContent = ''
  for (const el of document.querySelectorAll(`#${prefix === 'e' ? 'estimate' : 'compare'}-form [aria-invalid]`)) el.removeAttribute('aria-invalid')
}

function showProblem(prefix, problem) {
  clearErrors(prefix)
  const general = $(`${prefix}-general-error`)
  const unplaced = []
  for (const err of problem.errors ?? []) {
    const field = fieldForPointer(prefix, err.pointer)
    const box = $(`${prefix}-${field}-error`)
    const input = $(`${prefix}-${field === 'modelCustom' ? 'model-custom' : field === 'hardwareCustom' ? 'hardware-custom' : field}`)
    if (box) {
      box.textContent = err.detail + (err.suggestions?.length ? ` (try: ${err.suggestions.join(', ')})` : '')
      if (input) {
        input.setAttribute('aria-invalid', 'true')
        input.setAttribute('aria-describedby', box.id)
      }
    } else unplaced.push(`${err.pointer}: ${err.detail}`)
  }
  general.textContent = problem.errors?.length && unplaced.length === 0 ? '' : `${problem.title}: ${unplaced.length ? unplaced.join('; ') : problem.detail}`
}

// ---- estimate panel --------------------------------------------------------------------

function parseCustom(id, field) {
  try {
    return JSON.parse($(id).value)
  } catch (e) {
    const box = $(`e-${field}-error`)
    box.textContent = `not valid JSON: ${e.message}`
    $(id).setAttribute('aria-invalid', 'true')
    return undefined
  }
}

function estimateRequest() {
  const v = (id) => $(id).value
  const num = (id) => (v(id) === '' ? undefined : Number(v(id)))
  const body = {}
  if (v('e-model') === '__custom__') body.model = parseCustom('e-model-custom', 'modelCustom')
  else body.model = v('e-model')
  const hw = v('e-hardware')
  if (hw === '__custom__') body.hardware = parseCustom('e-hardware-custom', 'hardwareCustom')
  else if (hw) body.hardware = hw
  for (const f of ['precision', 'kvCachePrecision', 'engine', 'deployment']) if (v(`e-${f}`)) body[f] = v(`e-${f}`)
  for (const f of ['deviceCount', 'promptTokens', 'outputTokens', 'batchSize', 'electricityUsdPerKWh']) {
    const n = num(`e-${f}`)
    if (n !== undefined) body[f] = n
  }
  // The electricity price matters for local deployments; send it only then, or when the user changed it.
  const electricity = $('e-electricityUsdPerKWh')
  if (body.deployment !== 'local' && electricity.value === electricity.defaultValue) delete body.electricityUsdPerKWh
  if (body.deployment === 'api' || (!body.hardware && body.deployment === undefined)) delete body.electricityUsdPerKWh
  if (body.model === undefined || (hw === '__custom__' && body.hardware === undefined)) return undefined
  return body
}

function setText(id, text) {
  $(id).textContent = text
}

function renderEstimate(e) {
  const m = e.memory
  setText('r-memory-total', m ? fmt(m.perDeviceGB) : 'n/a (api)')
  setText('r-memory-device', m ? fmt(m.deviceMemoryGB) : '—')
  const fits = $('r-fits')
  fits.textContent = m ? (m.fits ? `fits on ${e.deviceCount} × ${e.hardware.name} (${e.engine}, ${e.precision})` : `does not fit: needs ${m.minDevices ?? 'more than 1024'} devices`) : `served by the provider's API`
  fits.className = m ? (m.fits ? 'fits-yes' : 'fits-no') : ''
  setText('r-weights', m ? fmt(m.weightsGB) : '—')
  setText('r-kv', m ? fmt(m.kvCacheGB) : '—')
  setText('r-maxbatch', m ? String(m.maxBatchSize) : '—')
  setText('r-maxctx', m ? String(m.maxContextTokens) : '—')
  const l = e.latency
  setText('r-ttft', l ? fmt(l.ttftMs) : '—')
  setText('r-tpot', l ? fmt(l.tpotMs) : '—')
  setText('r-total', l ? fmt(l.totalMs) : '—')
  const range = (k) => (e.range && e.range[k] ? `(${fmt(e.range[k].low)}–${fmt(e.range[k].high)})` : '')
  setText('r-ttft-range', range('ttftMs'))
  setText('r-tpot-range', range('tpotMs'))
  setText('r-total-range', range('totalMs'))
  const t = e.throughput
  setText('r-output-tps', t ? fmt(t.outputTokensPerSecond) : '—')
  setText('r-decode-tps', t ? fmt(t.decodeTokensPerSecond) : '—')
  setText('r-prefill-tps', t ? fmt(t.prefillTokensPerSecond) : '—')
  setText('r-cost-request', usd(e.cost.perRequestUsd))
  setText('r-cost-million', usd(e.cost.perMillionOutputTokensUsd))
  const warnings = $('r-warnings')
  warnings.replaceChildren(...e.warnings.map((w) => Object.assign(document.createElement('li'), { textContent: w })))
  $('r-warnings-box').hidden = e.warnings.length === 0
  const a = e.assumptions
  const assumptions = [
    ['engine', e.engine ?? 'provider API'],
    ['deployment', e.deployment],
    ['bytes per weight', a.bytesPerWeight],
    ['bandwidth efficiency (decode)', a.decodeBandwidthEfficiency],
    ['compute efficiency (prefill)', a.prefillComputeEfficiency],
    ['peak TFLOPS', a.peakTflops && `${a.peakTflops} (${a.computeDtype})`],
    ...a.formulas.map((f) => ['', f])
  ].filter(([, v]) => v !== null && v !== undefined)
  $('r-assumptions').replaceChildren(...assumptions.map(([k, v]) => Object.assign(document.createElement('li'), { textContent: k ? `${k}: ${v}` : v })))
  $('r-sources').replaceChildren(
    ...e.sources.map((s) => {
      const li = document.createElement('li')
      const text = `${s.entry}${s.fields ? ` (${s.fields.join(', ')})` : ''}: `
      li.append(text)
      if (/^https?:\/\//.test(s.url)) {
        const link = Object.assign(document.createElement('a'), { href: s.url, textContent: s.url, rel: 'noopener noreferrer' })
        li.append(link)
      } else li.append(s.url)
      return li
    })
  )
  renderMemoryChart(e)
}

function renderMemoryChart(e) {
  const m = e.memory
  if (!window.Chart) return
  const n = e.deviceCount || 1
  const per = (x) => (m ? x / n : 0)
  const data = {
    labels: ['', 'per device', ''],
    datasets: [
      { type: 'bar', label: 'weights', data: [null, per(m?.weightsGB ?? 0), null], backgroundColor: '#0b5fff', stack: 'mem' },
      { type: 'bar', label: 'KV cache', data: [null, per(m?.kvCacheGB ?? 0), null], backgroundColor: '#12b76a', stack: 'mem' },
      { type: 'bar', label: 'activations', data: [null, per(m?.activationsGB ?? 0), null], backgroundColor: '#f79009', stack: 'mem' },
      { type: 'bar', label: 'overhead', data: [null, per(m?.overheadGB ?? 0), null], backgroundColor: '#98a2b3', stack: 'mem' },
      { type: 'line', label: 'device memory', data: [m?.deviceMemoryGB ?? 0, m?.deviceMemoryGB ?? 0, m?.deviceMemoryGB ?? 0], borderColor: '#b42318', borderWidth: 2, pointRadius: 0, fill: false }
    ]
  }
  const options = { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'GB' } } } }
  if (memoryChart) {
    memoryChart.data = data
    memoryChart.update()
  } else memoryChart = new window.Chart($('memory-chart'), { type: 'bar', data, options })
}

let estimateTimer = null
let estimateSeq = 0
function scheduleEstimate() {
  clearTimeout(estimateTimer)
  estimateTimer = setTimeout(runEstimate, 200)
}

async function runEstimate() {
  clearErrors('e')
  $('e-model-custom-field').hidden = $('e-model').value !== '__custom__'
  $('e-hardware-custom-field').hidden = $('e-hardware').value !== '__custom__'
  const body = estimateRequest()
  if (!body) return
  const seq = ++estimateSeq
  document.body.dataset.estimateState = 'loading'
  const { ok, data } = await postJson('/estimate', body)
  if (seq !== estimateSeq) return
  if (ok) {
    renderEstimate(data)
    document.body.dataset.estimateState = 'done'
  } else {
    showProblem('e', data)
    document.body.dataset.estimateState = 'error'
  }
}

// ---- compare panel ---------------------------------------------------------------------

function compareRequest() {
  const num = (id) => ($(id).value === '' ? undefined : Number($(id).value))
  const workload = { promptTokens: num('c-promptTokens'), outputTokens: num('c-outputTokens'), batchSize: num('c-batchSize') }
  const rpd = num('c-requestsPerDay')
  if (rpd !== undefined) workload.requestsPerDay = rpd
  const models = checkedValues($('c-models'))
  const hardware = checkedValues($('c-hardware'))
  const precisions = checkedValues($('c-precisions'))
  const matrix = { models }
  if (hardware.length) matrix.hardware = hardware
  if (precisions.length) matrix.precisions = precisions
  if ($('c-deployment').value) matrix.deployment = $('c-deployment').value
  const body = { workload, matrix, sortBy: $('c-sortBy').value }
  const ttft = num('c-maxTtftMs')
  if (ttft !== undefined) body.constraints = { maxTtftMs: ttft }
  return body
}

function renderCompare(r) {
  $('compare-result').hidden = false
  const volume = r.workload.requestsPerDay !== null
  for (const el of document.querySelectorAll('.volume')) el.hidden = !volume
  document.querySelector('.volume-only').hidden = !volume
  const pareto = new Set(r.pareto)
  const rows = r.rows.map((row) => {
    const e = row.estimate
    const tr = document.createElement('tr')
    tr.dataset.id = row.id
    if (!row.meetsConstraints) tr.classList.add('miss')
    if (pareto.has(row.id)) tr.classList.add('pareto')
    const cells = [
      String(row.rank),
      row.id,
      e.memory ? (e.memory.fits ? 'yes' : 'no') : 'api',
      fmt(e.latency?.ttftMs),
      fmt(e.latency?.tpotMs),
      fmt(e.latency?.totalMs),
      fmt(e.throughput?.outputTokensPerSecond),
      usd(e.cost.perRequestUsd),
      usd(e.cost.perMillionOutputTokensUsd),
      row.capacity?.devices === null || row.capacity?.devices === undefined ? '—' : String(row.capacity.devices),
      usd(row.capacity?.monthlyCostUsd),
      row.meetsConstraints ? 'ok' : row.violations.join('; ')
    ]
    cells.forEach((c, i) => {
      const td = document.createElement(i === 1 ? 'th' : 'td')
      if (i === 1) td.scope = 'row'
      td.textContent = c
      if ((i === 9 || i === 10) && !volume) td.hidden = true
      tr.append(td)
    })
    return tr
  })
  document.querySelector('#c-table tbody').replaceChildren(...rows)
  setText('c-summary', `${r.count} candidates estimated (catalog ${r.catalogVersion}). Best cost: ${r.best.cost ?? '—'}; best latency: ${r.best.latency ?? '—'}; best throughput: ${r.best.throughput ?? '—'}.`)
  setText('c-breakeven', r.breakEven ? `Break-even: ${r.breakEven.note}.` : '')
  $('c-rejected').replaceChildren(...r.rejected.map((x) => Object.assign(document.createElement('li'), { textContent: `not estimated — ${x.id}: ${x.detail}` })))
  renderParetoChart(r)
  if (volume) renderMonthlyChart(r)
}

function renderParetoChart(r) {
  if (!window.Chart) return
  const points = r.rows
    .filter((row) => row.estimate.latency && row.estimate.cost.perMillionOutputTokensUsd !== null)
    .map((row) => ({ x: row.estimate.latency.totalMs / 1000, y: row.estimate.cost.perMillionOutputTokensUsd, id: row.id }))
  const front = r.pareto.map((id) => points.find((p) => p.id === id)).filter(Boolean)
  const data = {
    datasets: [
      { type: 'scatter', label: 'candidates', data: points.filter((p) => !r.pareto.includes(p.id)), backgroundColor: '#98a2b3' },
      { type: 'line', label: 'pareto front', data: front, borderColor: '#0b5fff', backgroundColor: '#0b5fff', pointRadius: 6, showLine: true }
    ]
  }
  const options = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    scales: { x: { type: 'linear', title: { display: true, text: 'total latency, s' } }, y: { type: 'logarithmic', title: { display: true, text: 'USD per million output tokens' } } },
    plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.raw.id}: ${fmt(ctx.raw.x)} s, ${usd(ctx.raw.y)}` } } }
  }
  if (paretoChart) paretoChart.destroy()
  paretoChart = new window.Chart($('pareto-chart'), { type: 'scatter', data, options })
}

function renderMonthlyChart(r) {
  if (!window.Chart) return
  const rows = r.rows.filter((row) => row.capacity?.monthlyCostUsd !== null && row.capacity?.monthlyCostUsd !== undefined).slice(0, 20)
  const data = { labels: rows.map((row) => row.id), datasets: [{ label: 'USD per month', data: rows.map((row) => row.capacity.monthlyCostUsd), backgroundColor: rows.map((row) => (row.estimate.deployment === 'api' ? '#f79009' : '#0b5fff')) }] }
  const options = { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y', scales: { x: { type: 'logarithmic', title: { display: true, text: 'USD per month' } } } }
  if (monthlyChart) monthlyChart.destroy()
  monthlyChart = new window.Chart($('monthly-chart'), { type: 'bar', data, options })
}

async function runCompare(event) {
  event?.preventDefault()
  clearErrors('c')
  const body = compareRequest()
  if (body.matrix.models.length === 0) {
    $('c-general-error').textContent = 'choose at least one model'
    return
  }
  document.body.dataset.compareState = 'loading'
  const { ok, data } = await postJson('/compare', body)
  if (ok) {
    renderCompare(data)
    document.body.dataset.compareState = 'done'
  } else {
    showProblem('c', data)
    document.body.dataset.compareState = 'error'
  }
}

function presetSeeds() {
  for (const input of $('c-models').querySelectorAll('input')) input.checked = ['llama-2-7b', 'llama-2-13b', 'gpt-4'].includes(input.value)
  for (const input of $('c-hardware').querySelectorAll('input')) input.checked = input.value === 'a100-80gb'
  for (const input of $('c-precisions').querySelectorAll('input')) input.checked = input.value === 'fp16'
  $('c-promptTokens').value = '1000'
  $('c-outputTokens').value = '1000'
  $('c-batchSize').value = '1'
  $('c-requestsPerDay').value = '10000'
  $('c-maxTtftMs').value = ''
  runCompare()
}

// ---- start -----------------------------------------------------------------------------

async function init() {
  const [info, models, hardware, precisions, engines] = await Promise.all([getJson('/catalog'), getJson('/models'), getJson('/hardware'), getJson('/precisions'), getJson('/engines')])
  catalog = { models: models.models, hardware: hardware.hardware, precisions: precisions.precisions, engines: engines.engines }
  setText('catalog-version', info.defaultVersion)
  const modelItems = catalog.models.map((m) => [m.id, `${m.name}${m.openWeights ? '' : ' (API)'}`])
  const hwItems = catalog.hardware.map((h) => [h.id, h.name])
  fillSelect($('e-model'), modelItems, { custom: true })
  fillSelect($('e-hardware'), hwItems, { defaultText: 'none (API models)', custom: true })
  fillSelect($('e-precision'), catalog.precisions.map((p) => [p.id, `${p.name} — ${p.bitsPerWeight} bits/weight`]), { defaultText: 'default (fp16)' })
  fillSelect($('e-kvCachePrecision'), catalog.precisions.filter((p) => p.usableForKvCache).map((p) => [p.id, p.name]), { defaultText: 'default (fp16)' })
  fillSelect($('e-engine'), catalog.engines.map((e) => [e.id, e.name]), { defaultText: 'default for the hardware' })
  $('e-model').value = 'llama-3.1-8b'
  $('e-hardware').value = 'h100-sxm'
  checkboxes($('c-models'), 'models', modelItems, ['llama-2-7b', 'llama-2-13b', 'gpt-4'])
  checkboxes($('c-hardware'), 'hardware', hwItems, ['a100-80gb'])
  checkboxes($('c-precisions'), 'precisions', catalog.precisions.map((p) => [p.id, p.id]), [])
  const form = $('estimate-form')
  form.addEventListener('input', scheduleEstimate)
  form.addEventListener('change', scheduleEstimate)
  form.addEventListener('submit', (ev) => {
    ev.preventDefault()
    runEstimate()
  })
  $('compare-form').addEventListener('submit', runCompare)
  $('preset-seeds').addEventListener('click', presetSeeds)
  document.body.dataset.ready = 'true'
  await runEstimate()
}

init().catch((err) => {
  $('e-general-error').textContent = `could not load the catalog: ${err.message}`
})
