// Schemas shared by every route: the RFC 9457 problem document and the catalog-version query.
import Type, { type Static, type TSchema } from 'typebox'
import { CatalogVersionField } from './estimate.js'
import { named } from './primitives.js'

export const FieldError = named('FieldError', Type.Object(
  {
    pointer: Type.String({ description: 'JSON pointer to the failing field, prefixed by where it is: /body, /query or /params (e.g. /body/promptTokens).' }),
    detail: Type.String({ description: 'What is wrong with it.' }),
    suggestions: Type.Optional(Type.Array(Type.String(), { description: 'Close valid values, when there are some.' }))
  },
  { additionalProperties: false }
))

export const ProblemDetails = named('Problem', Type.Object(
  {
    type: Type.String({ description: 'URI reference naming the kind of problem; GET it for a description.' }),
    title: Type.String({ description: 'Short summary of the kind of problem.' }),
    status: Type.Integer({ description: 'HTTP status code.' }),
    detail: Type.String({ description: 'What went wrong with this request.' }),
    instance: Type.Optional(Type.String({ description: 'Path of the request that failed.' })),
    requestId: Type.Optional(Type.String({ description: 'Request id (x-request-id) to quote when reporting the problem.' })),
    errors: Type.Optional(Type.Array(FieldError, { description: 'Each failing field.' }))
  },
  { additionalProperties: false, description: 'RFC 9457 problem document, served as application/problem+json.' }
))
export type ProblemDetails = Static<typeof ProblemDetails>

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemDetails } } })

/** Response schemas: `ok` for 200 and a problem document for each listed error status. */
export function responses<T extends TSchema>(ok: T, statuses: number[], okDescription = 'Success') {
  const out: Record<string, unknown> = { 200: { description: okDescription, content: { 'application/json': { schema: ok } } } }
  const text: Record<number, string> = {
    304: 'Not modified: the If-None-Match ETag still matches.',
    400: 'Malformed request: bad JSON, a field of the wrong type or below its minimum, a missing field, or an unknown field.',
    404: 'Unknown id or catalog version.',
    413: 'Request body larger than the configured limit.',
    415: 'Unsupported content type (send application/json).',
    422: 'A value above a documented service limit (limit-exceeded: the maximums in this document), or well-formed but cannot be estimated: unknown catalog id in the body, or an unsupported combination.',
    500: 'Unexpected error; quote the requestId when reporting it.',
    503: 'Not ready, shutting down, or overloaded.'
  }
  for (const s of statuses) out[s] = s === 304 ? { description: text[304], type: 'null' } : problem(text[s] ?? 'Error')
  return out
}

export const VersionQuery = Type.Object(
  { catalogVersion: Type.Optional(CatalogVersionField) },
  { additionalProperties: false }
)

const idParams = (example: string) =>
  Type.Object(
    { id: Type.String({ minLength: 1, maxLength: 64, description: 'Catalog id or alias (case-insensitive).', examples: [example] }) },
    { additionalProperties: false }
  )
/** The id of GET /models/{id}; the example fills Swagger UI's "Try it out". */
export const ModelIdParams = idParams('llama-3.1-8b')
/** The id of GET /hardware/{id}. */
export const HardwareIdParams = idParams('h100-sxm')

/** Routes without inputs still reject unknown query parameters (a typo never passes silently). */
export const NoQuery = Type.Object({}, { additionalProperties: false })
