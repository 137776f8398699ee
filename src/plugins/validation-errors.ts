// Validation errors as field problems: Ajv's errors become one entry per failing field, named by
// a JSON pointer into the request (/body, /query, /params, /headers), with unknown fields'
// likely intended names suggested, and a detail line that says how many fields failed.
import { distance } from 'fastest-levenshtein'
import { pointerToken, type FieldProblem } from '../estimator/errors.js'
import { REF_PATTERN } from '../schemas/primitives.js'

export interface AjvError {
  keyword: string
  instancePath: string
  message?: string
  params: Record<string, unknown>
  parentSchema?: { properties?: Record<string, unknown>; pattern?: string }
}

const PART_PREFIX: Record<string, string> = { body: '/body', querystring: '/query', params: '/params', headers: '/headers' }

function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase())
    if (d < bestD) {
      best = c
      bestD = d
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined
}

/** Characters of a field's name an answer repeats. */
const MAX_NAME_SHOWN = 64

/** A field name as an answer repeats it: cut to MAX_NAME_SHOWN characters, with a note saying so when cut. */
export function shownName(name: string): { shown: string; cut: string } {
  const shown = name.length > MAX_NAME_SHOWN ? `${name.slice(0, MAX_NAME_SHOWN)}…` : name
  return { shown, cut: shown === name ? '' : ` (a name of ${name.length} characters, cut)` }
}

/** The pattern of a catalog id or alias in a request (primitives.ts Ref), and what it says in words. */
const ID_PATTERN = REF_PATTERN
const ID_RULE = '1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit'
const ID_EXAMPLES = 'e.g. "llama-3.1-8b", "h100-sxm", "vllm", "fp8"; GET /models, /hardware, /engines and /precisions list them'

/** Field problems listed in one answer; the rest are counted in the detail, not listed. */
export const MAX_FIELD_ERRORS = 10

type Pending = FieldProblem & { unknown?: { name: string; known: string[] } }

/**
 * Turns Ajv's errors into one entry per failing field, with unknown fields named and union noise
 * removed. Lists at most `limit` of them (suggestions are computed only for those) and says how
 * many more there were, counting fields the validator left unchecked.
 */
export function fieldErrors(validation: AjvError[] & { uncheckedFields?: number }, context: string | undefined, limit = MAX_FIELD_ERRORS): { errors: FieldProblem[]; more: number } {
  const prefix = PART_PREFIX[context ?? 'body'] ?? `/${context}`
  const anyOfPaths = new Set(validation.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath))
  const deeperThan = new Set<string>()
  for (const e of validation) {
    // Every ancestor path of an error has a deeper error below it.
    const parts = e.instancePath.split('/')
    for (let i = 1; i < parts.length; i++) deeperThan.add(parts.slice(0, i).join('/'))
  }
  const out: Pending[] = []
  const constantsDropped = new Set<string>()
  const seen = new Set<string>()
  const push = (p: Pending) => {
    const key = `${p.pointer} ${p.detail}`
    if (!seen.has(key)) out.push(p)
    seen.add(key)
  }
  for (const e of validation) {
    if (e.keyword === 'additionalProperties') {
      const name = String(e.params.additionalProperty)
      // A name longer than any field's is shown cut (its pointer too): a 1 MB name once came back four times.
      const { shown, cut } = shownName(name)
      push({ pointer: `${prefix}${e.instancePath}/${pointerToken(shown)}`, detail: `unknown field "${shown}"${cut}`, unknown: { name, known: Object.keys(e.parentSchema?.properties ?? {}) } })
      continue
    }
    // Inside a union (catalog id or inline spec), the branch type errors at the union itself are noise.
    if (anyOfPaths.has(e.instancePath) && e.keyword !== 'anyOf') {
      if (e.keyword === 'type' || e.keyword === 'pattern' || e.keyword === 'minLength' || e.keyword === 'maxLength') continue
    }
    if (e.keyword === 'anyOf') {
      const deeper = deeperThan.has(e.instancePath)
      const branches = validation.filter((x) => x.instancePath === e.instancePath && x.keyword !== 'anyOf')
      // Deeper errors say more (an inline spec with a bad field); a union of literals is folded below.
      if (deeper || (branches.length > 0 && branches.every((x) => x.keyword === 'const'))) continue
      // A branch the value's type matched failed on its own rule (an empty hardware list: minItems):
      // that error says it, not the other branches' types or constants.
      if (branches.some((x) => x.keyword === 'minItems' || x.keyword === 'maxItems' || x.keyword === 'uniqueItems')) {
        constantsDropped.add(`${prefix}${e.instancePath}`)
        continue
      }
      const types = [...new Set(branches.filter((x) => x.keyword === 'type').map((x) => String(x.params.type)))]
      // A string that fails the id branch's own rules (a Hugging Face repo id, spaces, 65 characters)
      // is a malformed id, not a missing object: the object branch's type error says nothing useful.
      const badId = branches.find((x) => x.keyword === 'pattern' || x.keyword === 'minLength' || x.keyword === 'maxLength')
      push({
        pointer: `${prefix}${e.instancePath}`,
        detail: badId
          ? `is not a catalog id or alias: ${ID_RULE} (${ID_EXAMPLES}), nor an inline spec object`
          : types.length > 0
            ? `must be ${types.map((t) => (t === 'string' ? 'a string (catalog id or alias)' : t === 'object' ? 'an object (inline spec)' : t)).join(' or ')}`
            : 'does not match any allowed form'
      })
      continue
    }
    // A catalog id field outside a union (engine, precision, matrix.models[i], ...): one line saying what an id looks like.
    if ((e.keyword === 'pattern' || e.keyword === 'minLength' || e.keyword === 'maxLength') && (e.parentSchema?.pattern ?? e.params.pattern) === ID_PATTERN) {
      push({ pointer: `${prefix}${e.instancePath}`, detail: `is not a catalog id or alias: ${ID_RULE} (${ID_EXAMPLES})` })
      continue
    }
    if (e.keyword === 'required') {
      push({ pointer: `${prefix}${e.instancePath}/${String(e.params.missingProperty)}`, detail: 'required field is missing' })
      continue
    }
    if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
      push({ pointer: `${prefix}${e.instancePath}`, detail: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` })
      continue
    }
    push({ pointer: `${prefix}${e.instancePath}`, detail: e.message ?? 'is invalid' })
  }
  // Literal unions produce one "must be equal to constant" per branch: fold them into one line per field
  // (not where the value took another branch and failed deeper: matrix.hardware ["NVIDIA H100"] is a list,
  // so "must be one of "all"" says nothing).
  for (const path of anyOfPaths) if (deeperThan.has(path)) constantsDropped.add(`${prefix}${path}`)
  const folded: Pending[] = []
  const constants = new Map<string, string[]>()
  validation
    .filter((e) => e.keyword === 'const')
    .forEach((e) => {
      const p = `${prefix}${e.instancePath}`
      constants.set(p, [...(constants.get(p) ?? []), JSON.stringify(e.params.allowedValue)])
    })
  for (const p of out) {
    if (p.detail === 'must be equal to constant' && constantsDropped.has(p.pointer)) continue
    if (p.detail === 'must be equal to constant' && constants.has(p.pointer)) {
      folded.push({ pointer: p.pointer, detail: `must be one of ${constants.get(p.pointer)!.join(', ')}` })
      constants.delete(p.pointer)
    } else if (p.detail !== 'must be equal to constant') {
      folded.push(p)
    }
  }
  const errors = folded.slice(0, limit).map(({ unknown, ...p }): FieldProblem => {
    if (!unknown) return p
    const guess = unknown.name.length > MAX_NAME_SHOWN ? undefined : closest(unknown.name, unknown.known)
    const hint = guess ? `; did you mean "${guess}"?` : unknown.known.length ? `; known fields: ${unknown.known.join(', ')}` : ''
    return { ...p, detail: `${p.detail}${hint}`, ...(guess ? { suggestions: [guess] } : {}) }
  })
  return { errors, more: folded.length - errors.length + (validation.uncheckedFields ?? 0) }
}

/** The detail line of a validation problem: the one field, or how many and which (then how many more). */
export function validationDetail(errors: FieldProblem[], more: number, uncheckedItems = 0): string {
  const unchecked = uncheckedItems > 0 ? ` (${uncheckedItems} array items past the longest list allowed were not checked)` : ''
  if (errors.length === 1 && more === 0) return `${errors[0]!.pointer}: ${errors[0]!.detail}${unchecked}`
  const listed = errors.map((e) => e.pointer).join(', ')
  if (more === 0) return `${errors.length} fields are invalid: ${listed}${unchecked}`
  return `${errors.length + more} fields are invalid; the first ${errors.length}: ${listed}; ${more} more not listed${unchecked}`
}
