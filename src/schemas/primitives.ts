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

/** A catalog id or alias in a request. */
export const Ref = (what: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: `${what} id or alias from the catalog (case-insensitive).` })

/** A money amount that is null when a price it needs is unknown. */
export const Usd = (d: string) => Nullable(Type.Number(), { description: `${d}, USD; null when a price it needs is unknown.` })
