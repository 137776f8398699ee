// Validators and serializers are compiled on first use, not at start; compiled at start (as
// Fastify does by default) every route's schemas are accepted, and both ways answer the same.
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { lazySerializerBuilder } from '../../src/plugins/lazy-serializers.js'
import { validatorCompiler } from '../../src/plugins/validation.js'
import { shippedCatalogs } from '../helpers/app.js'

const refusedByAjv = { type: 'object', properties: { size: { type: 'no-such-type' } } }
const refusedBySerializer = { type: 'object', properties: { size: { $ref: '#/definitions/missing' } } }
const route = (schema: object) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' })

describe('lazy compilation', () => {
  it('compiles a validator on its first use, or at once when asked', () => {
    const validate = validatorCompiler()({ schema: refusedByAjv, httpPart: 'body' })
    expect(() => validate({ size: 1 })).toThrow(/no-such-type|type/)
    expect(() => validatorCompiler(true)({ schema: refusedByAjv, httpPart: 'body' })).toThrow()
    const good = validatorCompiler()({ schema: { type: 'object', properties: { size: { type: 'integer' } }, additionalProperties: false }, httpPart: 'body' })
    expect(good({ size: 1 })).toBe(true)
    expect(good({ size: 'big' })).toBe(false)
  })

  it('compiles a serializer on its first use, or at once when asked', () => {
    const serialize = lazySerializerBuilder()(undefined, undefined)(route(refusedBySerializer))
    expect(() => serialize({ size: 1 })).toThrow()
    expect(() => lazySerializerBuilder(true)(undefined, undefined)(route(refusedBySerializer))).toThrow()
    const good = lazySerializerBuilder()(undefined, undefined)(route({ type: 'object', properties: { size: { type: 'integer' } } }))
    expect(good({ size: 1, dropped: true })).toBe('{"size":1}')
  })

  it('every route schema compiles at start, and the answers match the lazy ones', async () => {
    const config = loadConfig({})
    const eager = await buildApp(config, { catalogs: shippedCatalogs(), logger: false, compileSchemasAtStart: true })
    await eager.ready()
    const lazy = await buildApp(config, { catalogs: shippedCatalogs(), logger: false })
    await lazy.ready()
    const requests = [
      { method: 'POST' as const, url: '/estimate', payload: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 500, outputTokens: 100 } },
      { method: 'POST' as const, url: '/estimate', payload: { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 'many', outputTokens: 100 } },
      { method: 'GET' as const, url: '/models' },
      { method: 'GET' as const, url: '/models/no-such-model' },
      { method: 'GET' as const, url: '/healthz' }
    ]
    for (const request of requests) {
      const withId = { ...request, headers: { 'x-request-id': 'lazy-compile-test' } }
      const [fromEager, fromLazy] = [await eager.inject(withId), await lazy.inject(withId)]
      expect(fromLazy.statusCode).toBe(fromEager.statusCode)
      expect(fromLazy.body.replace(/"uptimeSeconds":[\d.]+/, '')).toBe(fromEager.body.replace(/"uptimeSeconds":[\d.]+/, ''))
    }
    await eager.close()
    await lazy.close()
  })
})
