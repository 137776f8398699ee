// Every answer that says which catalog made it also says which service version did
// (estimatorVersion = the package version), so a team with a generated client can tell which
// CHANGELOG.md entries apply to what it receives.
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPENAPI_PATH } from '../../scripts/generate-openapi.js'
import { buildTestApp } from '../helpers/app.js'

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'))

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(async () => {
  await app.close()
})

describe('estimatorVersion', () => {
  it('every schema with a catalogVersion field also requires estimatorVersion, right after it', () => {
    const withCatalogVersion = Object.entries(doc.components.schemas as Record<string, { properties?: Record<string, unknown>; required?: string[] }>).filter(
      ([, schema]) => schema.properties && 'catalogVersion' in schema.properties && schema.required?.includes('catalogVersion')
    )
    expect(withCatalogVersion.map(([name]) => name).sort()).toEqual(
      ['CompareResponse', 'EngineList', 'Estimate', 'HardwareDetail', 'HardwareList', 'ModelDetail', 'ModelList', 'PrecisionList', 'SourceList'].sort()
    )
    for (const [name, schema] of withCatalogVersion) {
      expect(schema.required, name).toContain('estimatorVersion')
      const keys = Object.keys(schema.properties!)
      expect(keys.indexOf('estimatorVersion'), name).toBe(keys.indexOf('catalogVersion') + 1)
    }
  })

  it('is the package version in every answer that carries catalogVersion, and in each /compare row', async () => {
    const answers = [
      await app.inject({ method: 'POST', url: '/estimate', payload: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 200 } }),
      await app.inject({ method: 'POST', url: '/estimate', payload: { model: 'gpt-4', promptTokens: 1000, outputTokens: 200 } }),
      await app.inject({ url: '/models' }),
      await app.inject({ url: '/models/7b' }),
      await app.inject({ url: '/hardware' }),
      await app.inject({ url: '/hardware/h100-sxm' }),
      await app.inject({ url: '/precisions' }),
      await app.inject({ url: '/engines?catalogVersion=2026.11.0' }),
      await app.inject({ url: '/catalog/sources?ids=model:llama-2-7b' })
    ]
    for (const answer of answers) {
      expect(answer.statusCode, answer.body.slice(0, 200)).toBe(200)
      const body = answer.json()
      expect(body.catalogVersion).toMatch(/^\d+\.\d+\.\d+$/)
      expect(body.estimatorVersion).toBe(packageVersion)
    }
    const compared = await app.inject({
      method: 'POST',
      url: '/compare?include=estimate',
      payload: { workload: { promptTokens: 1000, outputTokens: 1000 }, candidates: [{ model: '7b', hardware: 'a100-80gb' }, { model: 'gpt-4' }] }
    })
    expect(compared.json().estimatorVersion).toBe(packageVersion)
    for (const row of compared.json().rows) expect(row.estimate.estimatorVersion).toBe(packageVersion)
  })
})
