// Repeated member names in a JSON text. JSON.parse keeps the last of them silently, so
// {"concurrency": 1, "concurrency": 64} would be estimated at 64 while a proxy, a log reader or the
// client's own tooling that keeps the first sees 1. RFC 8259 (section 4) leaves the meaning of
// repeated names to each parser, and I-JSON (RFC 7493) forbids them: the service refuses them
// instead of guessing.

/** A frame of the walk: an object (the names seen, the one being read, whether a name comes next) or an array (the index being read). */
type Frame = { names: Set<string>; current: string; nameNext: boolean } | { index: number }

const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * The first member name that appears twice in the same object of `text`, with the path to the member
 * that repeats it (member names and array indexes, the name last); undefined when every object names
 * each member once. `text` must be valid JSON (JSON.parse accepted it): strings are skipped by their
 * quotes alone. Names are compared after unescaping, so "a" and "\u0061" are the same name. One pass
 * over the text.
 */
export function repeatedName(text: string): { name: string; path: (string | number)[] } | undefined {
  const stack: Frame[] = []
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at)
    if (code === QUOTE) {
      const start = at
      let escaped = false
      for (at++; text.charCodeAt(at) !== QUOTE; at++) {
        if (text.charCodeAt(at) === BACKSLASH) {
          escaped = true
          at++
        }
      }
      const top = stack.at(-1)
      if (top && 'names' in top && top.nameNext) {
        const name = escaped ? (JSON.parse(text.slice(start, at + 1)) as string) : text.slice(start + 1, at)
        if (top.names.has(name)) {
          const path = stack.slice(0, -1).map((frame) => ('names' in frame ? frame.current : frame.index))
          return { name, path: [...path, name] }
        }
        top.names.add(name)
        top.current = name
        top.nameNext = false
      }
    } else if (code === 0x7b /* { */) stack.push({ names: new Set(), current: '', nameNext: true })
    else if (code === 0x5b /* [ */) stack.push({ index: 0 })
    else if (code === 0x7d /* } */ || code === 0x5d /* ] */) stack.pop()
    else if (code === 0x2c /* , */) {
      const top = stack.at(-1)
      if (top && 'names' in top) top.nameNext = true
      else if (top) top.index++
    }
  }
  return undefined
}
