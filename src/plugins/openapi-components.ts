// Turns the schemas named with named() (src/schemas/primitives.ts) into components.schemas and
// every place they are used into a $ref, so that generated clients get one type per concept
// (one Problem, one Estimate for /estimate and for each /compare row).
//
// The route schemas stay inline at run time: Ajv and fast-json-stringify compile them exactly as
// before. Only the document is rewritten, after @fastify/swagger has built it.
import { isDeepStrictEqual } from 'node:util'
import { COMPONENT_DESCRIPTIONS, COMPONENT_NAME } from '../schemas/primitives.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const SCHEMAS = '#/components/schemas/'

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Rewrites `node` bottom-up: each named schema is recorded in `components` in its own form
 * (without the null a Nullable() copy adds, with its own description) and replaced by a $ref;
 * the description the place of use gives it stays beside the $ref.
 */
function lift(node: Json, components: Record<string, JsonObject>): Json {
  if (Array.isArray(node)) return node.map((item) => lift(item, components))
  if (!isObject(node)) return node
  const copy: JsonObject = {}
  for (const [key, value] of Object.entries(node)) if (key !== COMPONENT_NAME) copy[key] = lift(value, components)
  const name = node[COMPONENT_NAME]
  if (typeof name !== 'string') return copy

  const types = Array.isArray(copy.type) ? copy.type : undefined
  const nullable = types?.includes('null') ?? false
  const own: JsonObject = { ...copy }
  if (types && nullable) {
    const rest = types.filter((t) => t !== 'null')
    own.type = rest.length === 1 ? rest[0]! : rest
  }
  const ownDescription = COMPONENT_DESCRIPTIONS.get(name)
  if (ownDescription === undefined) delete own.description
  else own.description = ownDescription
  const known = components[name]
  if (known && !isDeepStrictEqual(known, own)) throw new Error(`two different schemas are named ${name} in the OpenAPI document`)
  components[name] = own

  const ref: JsonObject = { $ref: `${SCHEMAS}${name}` }
  const use: JsonObject = nullable ? { anyOf: [ref, { type: 'null' }] } : ref
  if (typeof copy.description === 'string' && copy.description !== ownDescription) use.description = copy.description
  return use
}

/** The request header every operation that can answer 304 Not Modified takes. */
const IF_NONE_MATCH: JsonObject = {
  in: 'header',
  name: 'If-None-Match',
  required: false,
  description: 'ETag of an answer you already hold; the service answers 304 Not Modified, without a body, while it still matches.',
  schema: { type: 'string' }
}

function declareConditionalRequests(paths: JsonObject) {
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue
    for (const operation of Object.values(item)) {
      if (!isObject(operation) || !isObject(operation.responses) || !('304' in operation.responses)) continue
      const parameters = Array.isArray(operation.parameters) ? operation.parameters : []
      if (!parameters.some((p) => isObject(p) && p.in === 'header' && String(p.name).toLowerCase() === 'if-none-match')) {
        operation.parameters = [...parameters, IF_NONE_MATCH]
      }
    }
  }
}

/** 'x-ratelimit-limit' → 'XRatelimitLimit': the component name of a response header. */
const headerComponentName = (header: string) => header.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')

/**
 * Response headers declared the same way on every answer that sends them go to
 * components.headers once, each use becoming a $ref; a header declared in two ways stays inline.
 */
function shareResponseHeaders(paths: JsonObject): Record<string, JsonObject> {
  const uses = new Map<string, { definition: JsonObject; consistent: boolean; holders: JsonObject[] }>()
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue
    for (const operation of Object.values(item)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue
      for (const response of Object.values(operation.responses)) {
        if (!isObject(response) || !isObject(response.headers)) continue
        for (const [name, definition] of Object.entries(response.headers)) {
          if (!isObject(definition)) continue
          const key = name.toLowerCase()
          const known = uses.get(key)
          if (!known) uses.set(key, { definition, consistent: true, holders: [response.headers] })
          else {
            known.consistent &&= isDeepStrictEqual(known.definition, definition)
            known.holders.push(response.headers)
          }
        }
      }
    }
  }
  const headers: Record<string, JsonObject> = {}
  for (const [name, { definition, consistent, holders }] of [...uses].sort(([a], [b]) => a.localeCompare(b))) {
    if (!consistent) continue
    const componentName = headerComponentName(name)
    headers[componentName] = definition
    for (const holder of holders) {
      for (const key of Object.keys(holder)) if (key.toLowerCase() === name) holder[key] = { $ref: `#/components/headers/${componentName}` }
    }
  }
  return headers
}

/**
 * The document with named schemas under components.schemas (sorted by name), response headers
 * under components.headers, and If-None-Match declared.
 */
export function withComponents<T extends object>(document: T): T {
  const doc = document as unknown as JsonObject
  const components: Record<string, JsonObject> = {}
  const paths = lift(doc.paths ?? {}, components) as JsonObject
  declareConditionalRequests(paths)
  const sharedHeaders = shareResponseHeaders(paths)
  const existing = isObject(doc.components) ? doc.components : {}
  const schemas = { ...(isObject(existing.schemas) ? existing.schemas : {}), ...components }
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]!]))
  const headers = { ...(isObject(existing.headers) ? existing.headers : {}), ...sharedHeaders }
  return { ...doc, paths, components: { ...existing, schemas: sorted, ...(Object.keys(headers).length > 0 ? { headers } : {}) } } as unknown as T
}
