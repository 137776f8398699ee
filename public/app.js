// The calculator page: a thin client of the service's own API (POST /estimate, POST /compare,
// catalog routes). Every number shown is read from the API's answer, and every default is the
// service's: a choice left at "default" is not sent. This file loads the catalog lists and wires
// the three panels (estimate.js, load.js, compare.js), whose form fields it first builds from
// their tables (form-fields.js).
import { getJson } from './api.js'
import { presetSeeds, runCompare } from './compare.js'
import { $, checkboxes, fillSelect, setText } from './dom.js'
import { onEstimateAnswered, runEstimate, scheduleEstimate } from './estimate.js'
import { renderFields } from './fields.js'
import { COMPARE_FIELDS, ESTIMATE_FIELDS, LOAD_FIELDS } from './form-fields.js'
import { renderLoad, runLoad } from './load.js'

renderFields('estimate-fields', 'e', ESTIMATE_FIELDS)
renderFields('load-fields', 'l', LOAD_FIELDS)
renderFields('compare-fields', 'c', COMPARE_FIELDS)

async function init() {
  const [info, models, hardware, precisions, engines] = await Promise.all(['/catalog', '/models', '/hardware', '/precisions', '/engines'].map(getJson))
  setText('catalog-version', info.defaultVersion)
  const modelItems = models.models.map((model) => [model.id, `${model.name}${model.openWeights ? '' : ' (API)'}`])
  const hardwareItems = hardware.hardware.map((device) => [device.id, device.name])
  fillSelect($('e-model'), modelItems, { custom: true })
  $('e-model').append(Object.assign(document.createElement('option'), { value: '__hfconfig__', textContent: 'paste a config.json…' }))
  fillSelect($('e-hardware'), hardwareItems, { defaultText: 'none (API models)', custom: true })
  fillSelect($('e-precision'), precisions.precisions.map((precision) => [precision.id, `${precision.name} — ${precision.bitsPerWeight} bits/weight`]), { defaultText: 'default for the hardware' })
  fillSelect($('e-kvCachePrecision'), precisions.precisions.filter((precision) => precision.usableForKvCache).map((precision) => [precision.id, precision.name]), { defaultText: 'default for the hardware' })
  fillSelect($('e-engine'), engines.engines.map((engine) => [engine.id, engine.name]), { defaultText: 'default for the hardware' })
  $('e-model').value = 'llama-3.1-8b'
  $('e-hardware').value = 'h100-sxm'
  checkboxes($('c-models'), 'models', modelItems, ['llama-2-7b', 'llama-2-13b', 'gpt-4'])
  checkboxes($('c-hardware'), 'hardware', hardwareItems, ['a100-80gb'])
  const apiModels = models.models.filter((model) => model.api).map((model) => [model.id, model.name])
  fillSelect($('c-hybridWith'), apiModels, { defaultText: 'none' })
  checkboxes($('c-precisions'), 'precisions', precisions.precisions.map((precision) => [precision.id, precision.id]), [])
  const form = $('estimate-form')
  form.addEventListener('input', scheduleEstimate)
  form.addEventListener('change', scheduleEstimate)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    runEstimate()
  })
  onEstimateAnswered(runLoad)
  const loadForm = $('load-form')
  loadForm.addEventListener('input', renderLoad)
  loadForm.addEventListener('change', renderLoad)
  loadForm.addEventListener('submit', (event) => event.preventDefault())
  $('compare-form').addEventListener('submit', runCompare)
  $('preset-seeds').addEventListener('click', presetSeeds)
  document.body.dataset.ready = 'true'
  await runEstimate()
}

init().catch((err) => {
  $('e-general-error').textContent = `could not load the catalog: ${err.message}`
})
