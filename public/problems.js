// Problem documents from the API, shown next to the form field their JSON pointer names.
import { $ } from './dom.js'

/** The form field a problem's JSON pointer names, for a form whose ids start with prefix. */
function fieldForPointer(prefix, pointer) {
  const parts = pointer.replace(/^\/body\//, '').split('/').filter(Boolean)
  if (prefix === 'e') {
    if (parts[0] === 'model' && parts[1] === 'hfConfig') return 'hfConfig'
    if (parts[0] === 'model' && parts.length > 1) return 'modelCustom'
    if (parts[0] === 'hardware' && parts.length > 1) return 'hardwareCustom'
    return parts[0]
  }
  // compare: workload fields and constraints are flat on the form
  return parts[parts.length - 1]
}


export function clearErrors(prefix) {
  for (const element of document.querySelectorAll(`[id^="${prefix}-"][id$="-error"]`)) element.textContent = ''
  for (const element of document.querySelectorAll(`#${prefix === 'e' ? 'estimate' : 'compare'}-form [aria-invalid]`)) element.removeAttribute('aria-invalid')
}

/** Marks a field invalid and says why beside it. */
export function markField(prefix, field, message) {
  const box = $(`${prefix}-${field}-error`)
  const input = $(`${prefix}-${field}`)
  if (!box) return false
  box.textContent = message
  if (input) {
    input.setAttribute('aria-invalid', 'true')
    input.setAttribute('aria-describedby', box.id)
  }
  return true
}

export function showProblem(prefix, problem) {
  clearErrors(prefix)
  const unplaced = []
  for (const error of problem.errors ?? []) {
    const message = error.detail + (error.suggestions?.length ? ` (try: ${error.suggestions.join(', ')})` : '')
    if (!markField(prefix, fieldForPointer(prefix, error.pointer), message)) unplaced.push(`${error.pointer}: ${error.detail}`)
  }
  $(`${prefix}-general-error`).textContent = problem.errors?.length && unplaced.length === 0 ? '' : `${problem.title}: ${unplaced.length ? unplaced.join('; ') : problem.detail}`
}
