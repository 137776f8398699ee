// The typed client of the LLM inference calculator: openapi-fetch, typed by the paths and schemas
// that openapi-typescript generated from the service's OpenAPI document (./openapi.ts).
import createClient, { type ClientOptions } from 'openapi-fetch'
import type { paths } from './openapi.js'

export type * from './openapi.js'

/**
 * A client for the service at `baseUrl` (e.g. http://localhost:3000, or https://gateway/llm-calc
 * behind a path prefix). Each call answers `{ data }` on success or `{ error }` with the
 * service's problem document (`Problem`), and `response` in both cases:
 *
 *   const { data, error } = await client.POST('/estimate', { body: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200 } })
 */
export function createLlmCalcClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}) {
  return createClient<paths>({ ...options, baseUrl })
}
export type LlmCalcClient = ReturnType<typeof createLlmCalcClient>
