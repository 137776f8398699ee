// Problem documents from the API, shown next to the form field their JSON pointer names.
import { $ } from './dom.js'

/** The form field a problem's JSON pointer names, for a form whose ids start with prefix. */
function fieldForPointer(prefix, pointer) {
  const parts = pointer.replace(/^\/body\//, '').split('/').filter(Boolean)
  // Inside a JSON text field the key path is part of the message (the field alone would not say which key).
  const inside = (from) => ({ field: undefined, key: parts.slice(from).join('.') })
  if (prefix === 'e') {
    if (parts[0] === 'model' && parts[1] === 'hfConfig') return { ...inside(2), field: 'hfConfig' }
    if (parts[0] === 'model' && parts.length > 1) return { ...inside(1), field: 'modelCustom' }
    if (parts[0] === 'hardware' && parts.length > 1) return { ...inside(1), field: 'hardwareCustom' }
    return { field: parts[0], key: '' }
  }
  // compare: workload fields, matrix lists and constraints are flat on the form (an index names the list's field)
  const named = parts.filter((part) => !/^\d+$/.test(part))
  return { field: named[named.length - 1], key: '' }
}


/** Marks each number field of `fields` the browser cannot read (2000-, 10e: it reads them as empty) and returns how many there were. */
export function markUnreadableNumbers(prefix, fields) {
  const unreadable = fields.filter((field) => $(`${prefix}-${field}`)?.validity.badInput)
  for (const field of unreadable) markField(prefix, field, 'not a number: write digits, e.g. 1000 or 0.5')
  return unreadable.length
}

export function clearErrors(prefix) {
  for (const element of document.querySelectorAll(`[id^="${prefix}-"][id$="-error"]`)) element.textContent = ''
  for (const element of document.querySelectorAll(`#${prefix === 'e' ? 'estimate' : 'compare'}-form [aria-invalid]`)) element.removeAttribute('aria-invalid')
}

/** Marks a field invalid and says why beside it; a second problem for the same field is added to the first, not written over it. */
export function markField(prefix, field, message) {
  const box = $(`${prefix}-${field}-error`)
  const input = $(`${prefix}-${field}`)
  if (!box) return false
  box.textContent = box.textContent ? `${box.textContent}; ${message}` : message
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
    const { field, key } = fieldForPointer(prefix, error.pointer)
    if (!markField(prefix, field, key ? `${key}: ${message}` : message)) unplaced.push(`${error.pointer}: ${error.detail}`)
  }
  $(`${prefix}-general-error`).textContent = problem.errors?.length && unplaced.length === 0 ? '' : `${problem.title}: ${unplaced.length ? unplaced.join('; ') : problem.detail}`
}
