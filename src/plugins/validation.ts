// The validator compiler behind every route schema, with bounded work on bad input.
//
// Policy: unknown fields are errors (removeAdditional off), defaults are filled in, query strings,
// path parameters and headers are coerced to their declared types while JSON bodies are not (a
// string "100" is not a token count).
//
// A valid request is checked once, by a validator that stops at the first error. Only an invalid
// one is checked again for every error, and on a pruned copy: each object keeps the field names
// the schema knows plus a few unknown ones, and arrays longer than any the schema allows are cut.
// A 1 MB body of 60,000 unknown keys thus costs a few milliseconds, not a second, and what was
// dropped is counted so the answer can say how many more problems there were.
import { Ajv, type ErrorObject } from 'ajv'
import { DECIMAL_NUMBER } from '../schemas/primitives.js'

/** Unknown keys kept per object for the full error pass; the rest are counted, not checked. */
const UNKNOWN_KEYS_KEPT = 20
/** Deeper than this the copy shares the original value (no schema of ours nests this deep). */
const PRUNE_DEPTH = 32

/**
 * Ajv errors of the full pass, with what the pruning left out: unknown keys (each one an error
 * the answer counts) and array items past the longest array the schema allows (not checked).
 */
export type BoundedErrors = ErrorObject[] & { uncheckedFields?: number; uncheckedItems?: number }

interface SchemaFacts {
  /** Every property name any object in the schema declares. */
  knownNames: Set<string>
  /** The largest maxItems of any array in the schema; undefined when it has no arrays or one without maxItems. */
  longestArray: number | undefined
}

function factsOf(schema: unknown): SchemaFacts {
  const knownNames = new Set<string>()
  let longestArray: number | undefined
  let unboundedArray = false
  const seen = new Set<unknown>()
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return
    seen.add(node)
    if (Array.isArray(node)) return node.forEach(walk)
    const s = node as Record<string, unknown>
    if (s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array'))) {
      if (typeof s.maxItems === 'number') longestArray = Math.max(longestArray ?? 0, s.maxItems)
      else unboundedArray = true
    }
    if (s.properties && typeof s.properties === 'object') for (const name of Object.keys(s.properties)) knownNames.add(name)
    for (const value of Object.values(s)) walk(value)
  }
  walk(schema)
  return { knownNames, longestArray: unboundedArray ? undefined : longestArray }
}

/** A copy of `data` small enough for an all-errors pass, and how many unknown keys and array items were left out. */
function prune(data: unknown, facts: SchemaFacts): { copy: unknown; uncheckedFields: number; uncheckedItems: number } {
  let uncheckedFields = 0
  let uncheckedItems = 0
  const copy = (node: unknown, depth: number): unknown => {
    if (node === null || typeof node !== 'object' || depth > PRUNE_DEPTH) return node
    if (Array.isArray(node)) {
      const keep = facts.longestArray === undefined ? node.length : Math.min(node.length, facts.longestArray + 1)
      uncheckedItems += node.length - keep
      const out = new Array<unknown>(keep)
      for (let i = 0; i < keep; i++) out[i] = copy(node[i], depth + 1)
      return out
    }
    const out: Record<string, unknown> = {}
    let unknownKept = 0
    for (const key of Object.keys(node)) {
      const known = facts.knownNames.has(key)
      if (!known && unknownKept >= UNKNOWN_KEYS_KEPT) {
        uncheckedFields++
        continue
      }
      if (!known) unknownKept++
      // defineProperty keeps a "__proto__" key an own field, as JSON.parse made it.
      Object.defineProperty(out, key, { value: copy((node as Record<string, unknown>)[key], depth + 1), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  return { copy: copy(data, 0), uncheckedFields, uncheckedItems }
}

type Validate = ((data: unknown) => boolean) & { errors?: BoundedErrors | null }


/** The top-level fields of a query schema that hold numbers. */
function numericFields(schema: object): string[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {}
  return Object.entries(properties)
    .filter(([, field]) => field.type === 'number' || field.type === 'integer')
    .map(([name]) => name)
}

/**
 * Query numbers must be written as decimals: Ajv's coercion would read "0x50" as 80, " 80 " as 80,
 * "1e400" and "Infinity" as no limit at all. A type error for each one that is not.
 */
function undecimalNumbers(data: unknown, fields: readonly string[]): ErrorObject[] {
  if (data === null || typeof data !== 'object') return []
  const query = data as Record<string, unknown>
  return fields
    .filter((name) => typeof query[name] === 'string' && !(DECIMAL_NUMBER.test(query[name] as string) && Number.isFinite(Number(query[name]))))
    .map((name) => ({ keyword: 'type', instancePath: `/${name}`, schemaPath: `#/properties/${name}/type`, params: { type: 'number' }, message: 'must be a finite number written in decimal (e.g. 80 or 0.5)' }))
}

/** A copy of a query without the fields those errors name. */
function withoutFields(data: unknown, errors: readonly ErrorObject[]): unknown {
  const copy = { ...(data as Record<string, unknown>) }
  for (const error of errors) delete copy[error.instancePath.slice(1)]
  return copy
}

/** The validator compiler for Fastify's setValidatorCompiler; `atStart` compiles each first-error validator at once (tests). */
export function validatorCompiler(atStart = false) {
  // validateSchema: false skips checking each route schema against JSON Schema's meta-schema at
  // start-up (about a third of compiling them); the schemas are ours and fixed, and `npm test` lints the
  // OpenAPI document that holds them all (Redocly) and validates it (test/contract).
  const base = { removeAdditional: false, useDefaults: true, strict: false, validateSchema: false } as const
  const ajvs = {
    body: { first: new Ajv({ ...base, coerceTypes: false }), all: new Ajv({ ...base, coerceTypes: false, allErrors: true, verbose: true }) },
    rest: { first: new Ajv({ ...base, coerceTypes: 'array' }), all: new Ajv({ ...base, coerceTypes: 'array', allErrors: true, verbose: true }) }
  }
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => {
    const pair = httpPart === 'body' ? ajvs.body : ajvs.rest
    const numeric = httpPart === 'querystring' ? numericFields(schema) : []
    // Every validator is compiled on the first request that needs it, not at start-up (compiling
    // them all was ~50 ms of a ~500 ms start, for routes a replica may never see). The
    // all-errors validator and the schema facts serve only invalid requests: built on the first
    // one. test/plugins/lazy-compile.test.ts compiles every route's schemas at start
    // (BuildOptions.compileSchemasAtStart), so a schema ajv refuses fails the tests, not a request.
    let first: ReturnType<Ajv['compile']> | undefined = atStart ? pair.first.compile(schema) : undefined
    let all: ReturnType<Ajv['compile']> | undefined
    let facts: SchemaFacts | undefined
    const validate: Validate = (data: unknown) => {
      const written = numeric.length > 0 ? undecimalNumbers(data, numeric) : []
      // The other fields are still checked, without the numbers already refused.
      const checked = written.length > 0 ? withoutFields(data, written) : data
      first ??= pair.first.compile(schema)
      if (first(checked) && written.length === 0) {
        validate.errors = null
        return true
      }
      all ??= pair.all.compile(schema)
      facts ??= factsOf(schema)
      const { copy, uncheckedFields, uncheckedItems } = prune(checked, facts)
      all(copy)
      // The pruned copy may pass when only dropped fields were at fault; keep the first error then.
      const errors: BoundedErrors = [...written, ...(all.errors ?? first.errors ?? [])]
      if (uncheckedFields > 0) errors.uncheckedFields = uncheckedFields
      if (uncheckedItems > 0) errors.uncheckedItems = uncheckedItems
      validate.errors = errors
      return false
    }
    return validate
  }
}
