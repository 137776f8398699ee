// Builds a form's fields from its table in form-fields.js: each a labelled control with the id
// `${prefix}-${name}` and, unless the table says otherwise, an error line `${prefix}-${name}-error`.
import { $ } from './dom.js'

const element = (tag, properties = {}) => Object.assign(document.createElement(tag), properties)

function control(prefix, field) {
  const id = `${prefix}-${field.name}`
  if (field.control === 'checks') return element('div', { id, className: 'checks' })
  const input = element(field.control === 'number' ? 'input' : field.control, { id, name: field.name })
  if (field.control === 'number') input.type = 'number'
  for (const [name, value] of Object.entries(field.attributes ?? {})) input.setAttribute(name, String(value))
  if (field.text !== undefined) input.textContent = field.text
  for (const [value, text] of field.options ?? []) input.append(element('option', { value, textContent: text, defaultSelected: value === field.selected }))
  return input
}

/** One field: a div with a label (a fieldset with a legend for a group of checkboxes), its control and error line. */
export function fieldElement(prefix, field) {
  const box = element(field.control === 'checks' ? 'fieldset' : 'div', { className: ['field', field.custom && 'custom', field.wide && 'wide'].filter(Boolean).join(' ') })
  if (field.custom) {
    box.id = `${prefix}-${field.name}-field`
    box.hidden = true
  }
  if (field.control === 'checks') box.append(element('legend', { textContent: field.legend }))
  else box.append(element('label', { htmlFor: `${prefix}-${field.name}`, textContent: field.label }))
  box.append(control(prefix, field))
  if (!field.noError && field.control !== 'checks') {
    const error = element('span', { id: `${prefix}-${field.name}-error`, className: 'error' })
    error.setAttribute('role', 'alert')
    box.append(error)
  }
  return box
}

/** Fills the grid with the given id with the fields of one form. */
export function renderFields(gridId, prefix, fields) {
  $(gridId).replaceChildren(...fields.map((field) => fieldElement(prefix, field)))
}
