// Small DOM helpers the panels share.

export const $ = (id) => document.getElementById(id)

export function setText(id, text) {
  $(id).textContent = text
}

function option(value, text) {
  const element = document.createElement('option')
  element.value = value
  element.textContent = text
  return element
}

/** Fills a select with [value, text] items, after an optional "default" entry and before an optional custom one. */
export function fillSelect(select, items, { defaultText, custom } = {}) {
  select.replaceChildren()
  if (defaultText) select.append(option('', defaultText))
  for (const [value, text] of items) select.append(option(value, text))
  if (custom) select.append(option('__custom__', 'custom spec…'))
}

/** One labelled checkbox per [value, text] item. */
export function checkboxes(container, name, items, checked = []) {
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

export const checkedValues = (container) => [...container.querySelectorAll('input:checked')].map((input) => input.value)

/** Marks a result area out of date (the last request was refused) or current again: dimmed, with its note shown. */
export function markStale(resultId, noteId, stale) {
  $(resultId).classList.toggle('stale', stale)
  $(noteId).hidden = !stale
}

/** A list item per text. */
export const listItems = (texts) => texts.map((text) => Object.assign(document.createElement('li'), { textContent: text }))
