// The last check before an answer leaves the estimator: every number in it must be finite. The
// schema bounds on inline figures are meant to make this unreachable; if a combination still drives
// a formula to Infinity or NaN, the caller gets a 422 naming the inline figures most likely at
// fault instead of a 500 or a null where a number is declared.
import { EstimateError, pointerToken, type FieldProblem } from './errors.js'

/** Inline figures far outside this span are named first when an answer is not finite. */
const ORDINARY_MAGNITUDE = { smallest: 1e-3, largest: 1e6 }
const MAX_NAMED_FIGURES = 10

/** Whether every number in `value` is finite: the fast pass every answer takes (no pointers built). */
function allFinite(node: unknown): boolean {
  if (typeof node === 'number') return Number.isFinite(node)
  if (node === null || typeof node !== 'object') return true
  if (Array.isArray(node)) {
    for (const item of node) if (!allFinite(item)) return false
    return true
  }
  for (const key in node) if (!allFinite((node as Record<string, unknown>)[key])) return false
  return true
}

/** JSON pointers of the first non-finite numbers in `value` (at most `limit`). */
export function nonFinitePointers(value: unknown, limit = 5): string[] {
  const found: string[] = []
  const walk = (node: unknown, pointer: string) => {
    if (found.length >= limit) return
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) found.push(pointer || '/')
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${pointer}/${index}`))
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) walk(child, `${pointer}/${pointerToken(key)}`)
    }
  }
  walk(value, '')
  return found
}

/** Every number inside the inline model and hardware specs of a request, with its pointer. */
function inlineFigures(request: unknown, at: string): { pointer: string; value: number }[] {
  const figures: { pointer: string; value: number }[] = []
  const collect = (node: unknown, pointer: string) => {
    if (typeof node === 'number') figures.push({ pointer, value: node })
    else if (Array.isArray(node)) node.forEach((item, index) => collect(item, `${pointer}/${index}`))
    else if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) collect(child, `${pointer}/${key}`)
  }
  const specsOf = (config: unknown, pointer: string) => {
    if (config === null || typeof config !== 'object') return
    for (const part of ['model', 'hardware'] as const) {
      const spec = (config as Record<string, unknown>)[part]
      if (spec !== null && typeof spec === 'object') collect(spec, `${pointer}/${part}`)
    }
  }
  specsOf(request, at)
  const candidates = (request as { candidates?: unknown } | null)?.candidates
  if (Array.isArray(candidates)) candidates.forEach((c, index) => specsOf(c, `${at}/candidates/${index}`))
  return figures
}

const extremity = (value: number) => (value === 0 ? Infinity : Math.abs(Math.log10(Math.abs(value))))

/**
 * Returns `answer` unchanged when every number in it is finite; otherwise throws a 422 that names
 * the inline figures of `request` that were extreme (all of them when none stands out).
 */
export function ensureFinite<T>(answer: T, request: unknown, at = '/body'): T {
  if (allFinite(answer)) return answer
  const bad = nonFinitePointers(answer)
  const figures = inlineFigures(request, at)
  const extreme = figures.filter((f) => f.value < ORDINARY_MAGNITUDE.smallest || f.value > ORDINARY_MAGNITUDE.largest)
  const suspects = (extreme.length > 0 ? extreme : figures).sort((a, b) => extremity(b.value) - extremity(a.value)).slice(0, MAX_NAMED_FIGURES)
  const outcome = `the estimate overflows finite arithmetic (${bad.join(', ')} would not be a finite number)`
  const errors: FieldProblem[] =
    suspects.length > 0
      ? suspects.map((f) => ({ pointer: f.pointer, detail: `${f.value} is too extreme for this combination: ${outcome}; use a realistic figure` }))
      : [{ pointer: at, detail: `${outcome}; the workload is too extreme for this configuration` }]
  const named = suspects.length > 0 ? `; check ${suspects.map((f) => `${f.pointer} (${f.value})`).join(', ')}` : ''
  throw new EstimateError(422, 'Request cannot be estimated', `${outcome}${named}`, errors)
}
