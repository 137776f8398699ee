// Schema pieces shared by the request and response schemas.
//
// Nullable fields as JSON Schema type arrays (["object", "null"]) rather than anyOf: valid
// OpenAPI 3.1, and fast-json-stringify serializes them with a typeof check instead of running a
// validator per branch, which halved serialization time of /compare answers.
import Type, { type Static, type TSchema } from 'typebox'

export function Nullable<T extends TSchema>(schema: T, options: { description?: string } = {}) {
  const s = schema as unknown as { type?: string | string[] }
  if (typeof s.type !== 'string') throw new Error('Nullable needs a schema with a single type')
  return Type.Unsafe<Static<T> | null>({ ...schema, ...options, type: [s.type, 'null'] })
}

/**
 * A closed set of strings as ONE `enum` list. A TypeBox union of literals would validate the
 * same, but renders as an anyOf of one-value schemas, which client generators turn into one
 * type per value.
 */
export function StringEnum<const V extends readonly [string, ...string[]]>(values: V, options: { description: string; default?: V[number] }) {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options })
}

/**
 * The keyword that names a schema in the OpenAPI document: every place it is used becomes a $ref
 * to components.schemas[name] (see src/plugins/openapi-components.ts). Validation and
 * serialization ignore it, so the runtime schemas stay inline and unchanged.
 */
export const COMPONENT_NAME = 'x-component-name'

/** Each named schema's own description, which a Nullable() copy of it overrides with its own. */
export const COMPONENT_DESCRIPTIONS = new Map<string, string | undefined>()

/** Names `schema` for the OpenAPI document (one name, one schema). */
export function named<T extends TSchema>(name: string, schema: T): T {
  if (COMPONENT_DESCRIPTIONS.has(name)) throw new Error(`schema name ${name} is used twice`)
  COMPONENT_DESCRIPTIONS.set(name, (schema as { description?: string }).description)
  ;(schema as Record<string, unknown>)[COMPONENT_NAME] = name
  return schema
}

/**
 * Named example request bodies ({ name: { summary, value } }). @fastify/swagger moves them to the
 * request body's media type, where Swagger UI offers them in "Try it out"; validation ignores them.
 */
export const EXAMPLES = 'x-examples'

/**
 * The two annotation keywords above. Our Ajv instances run with strict: false, which ignores them;
 * a strict Ajv must be told about them: new Ajv({ keywords: [...SCHEMA_ANNOTATIONS] }).
 */
export const SCHEMA_ANNOTATIONS = [COMPONENT_NAME, EXAMPLES] as const

/** What a catalog id or alias in a request looks like. */
export const REF_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$'

/**
 * A number as text (a query string, a command-line flag) may write it: decimal digits, an optional
 * fraction and exponent. Number() would also read "0x50" as 80, " 80 " as 80 and "Infinity".
 */
export const DECIMAL_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/

/** A catalog id or alias in a request. */
export const Ref = (what: string) => Type.String({ minLength: 1, maxLength: 64, pattern: REF_PATTERN, description: `${what} id or alias from the catalog (case-insensitive).` })

/** A money amount that is null when a price it needs is unknown. */
export const Usd = (d: string) => Nullable(Type.Number(), { description: `${d}, USD; null when a price it needs is unknown.` })
