// Short category labels for the page's bar charts. A narrow chart cannot show a whole candidate id
// (llama-3.1-8b@h100-sxmx1/fp16/local), and the ids of one comparison often differ in one part only
// (the precision, the device count, the deployment): the parts every label shares are shortened
// first, the parts that tell the labels apart last. Plain ES module, no DOM.

/** Where a label splits into parts: before the hardware (@), before each /part and before each " (note". */
const PART_START = /(?=@|\/| \()/

/** A label's parts, each keyed by the mark it starts with and how many such marks came before (@1, /1, /2, " (1"). */
function partsOf(label) {
  const marksSeen = new Map()
  return label.split(PART_START).map((text) => {
    const mark = text.startsWith(' (') ? ' (' : text.startsWith('@') || text.startsWith('/') ? text[0] : ''
    const count = (marksSeen.get(mark) ?? 0) + 1
    marksSeen.set(mark, count)
    return { key: `${mark}${count}`, text }
  })
}

/** A part cut to `keepChars` characters: one that tells labels apart keeps its start and end (x1, x2 differ at the end), another its start. */
function cutPart(part, keepChars) {
  if (part.text.length <= keepChars) return part.text
  if (keepChars < 2) return '…'
  if (!part.tellsApart) return `${part.text.slice(0, keepChars - 1)}…`
  const endChars = Math.floor((keepChars - 1) / 2)
  return `${part.text.slice(0, keepChars - 1 - endChars)}…${endChars ? part.text.slice(-endChars) : ''}`
}

/**
 * One label in at most `maxChars` characters (when it has no more parts than that): the parts that
 * tell it apart share the room first, evenly (a short one leaves what it does not use to the
 * longer ones); the other parts then get what is left, from the left. A part left without room is
 * an ellipsis, and ellipses side by side become one.
 */
function fitParts(parts, maxChars) {
  const whole = parts.map((part) => part.text).join('')
  if (whole.length <= maxChars) return whole
  const indices = parts.map((_, index) => index)
  const telling = indices.filter((index) => parts[index].tellsApart).sort((first, second) => parts[first].text.length - parts[second].text.length)
  const others = indices.filter((index) => !parts[index].tellsApart)
  const kept = []
  // Every other part needs at least its ellipsis.
  let roomChars = maxChars - others.length
  telling.forEach((index, placed) => {
    kept[index] = cutPart(parts[index], Math.floor(roomChars / (telling.length - placed)))
    roomChars -= kept[index].length
  })
  for (const index of others) {
    kept[index] = cutPart(parts[index], roomChars + 1)
    roomChars -= kept[index].length - 1
  }
  return kept.join('').replace(/…+/g, '…')
}

/**
 * Marks the parts of each label that tell it apart from the others: read from the left, a part
 * that differs from (or is missing in) a label not yet told apart.
 */
function markTellingParts(partsByLabel) {
  return partsByLabel.map((parts, labelIndex) => {
    let alike = partsByLabel.filter((_, otherIndex) => otherIndex !== labelIndex)
    return parts.map((part) => {
      const differing = alike.filter((other) => !other.some((otherPart) => otherPart.key === part.key && otherPart.text === part.text))
      alike = alike.filter((other) => !differing.includes(other))
      return { ...part, tellsApart: differing.length > 0 }
    })
  })
}

/**
 * The labels of one chart, each at most `maxChars` characters long where it can be, told apart by
 * the parts in which they differ: "llama-3.1-8b@h100-sxmx1/fp16" and "…/fp8" at 20 characters read
 * "llama-3.1-8b@h…/fp16" and "llama-3.1-8b@h1…/fp8". Labels that fit are returned as they are.
 */
export function shortLabels(labels, maxChars) {
  const texts = labels.map(String)
  if (texts.every((text) => text.length <= maxChars)) return texts
  return markTellingParts(texts.map(partsOf)).map((parts) => fitParts(parts, maxChars))
}
