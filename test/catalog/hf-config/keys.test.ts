// Typed reads of one config object: each wrong type or missing key is a ConfigProblem naming the key.
import { describe, expect, it } from 'vitest'
import { ConfigKeys, ConfigProblem, isJsonObject } from '../../../src/catalog/hf-config/keys.js'
import { thrown } from '../../helpers/thrown.js'

const problemOf = (read: () => unknown) => {
  const problem = thrown(ConfigProblem, read)
  return { pointer: problem.pointer, detail: problem.message }
}

describe('ConfigKeys', () => {
  const text = new ConfigKeys({ layers: 32, flag: true, name: 'x', list: [1], nested: { a: 1 }, nothing: null, half: 1.5 }, '/text_config')

  it('reads present values and falls back for absent or null ones', () => {
    expect(text.int('layers')).toBe(32)
    expect(text.int('missing', 7)).toBe(7)
    expect(text.int('nothing', 3)).toBe(3)
    expect(text.optionalInt('missing')).toBeUndefined()
    expect(text.bool('flag', false)).toBe(true)
    expect(text.bool('missing', true)).toBe(true)
    expect(text.string('name')).toBe('x')
    expect(text.array('list')).toEqual([1])
    expect(text.object('nested')?.int('a')).toBe(1)
    expect(text.object('nested')?.pointer('a')).toBe('/text_config/nested/a')
    expect(text.has('nothing')).toBe(false)
    expect(text.keys()).toContain('layers')
  })

  it('names the key by its pointer when a value is missing, of the wrong type or below the minimum', () => {
    expect(problemOf(() => text.int('missing'))).toEqual({ pointer: '/text_config/missing', detail: 'missing is required for this model_type' })
    expect(problemOf(() => text.int('half'))).toMatchObject({ pointer: '/text_config/half', detail: expect.stringContaining('integer ≥ 1') })
    expect(problemOf(() => text.int('layers', undefined, 64))).toMatchObject({ detail: 'layers must be an integer ≥ 64 (got 32)' })
    expect(problemOf(() => text.bool('name', false))).toMatchObject({ pointer: '/text_config/name' })
    expect(problemOf(() => text.string('layers'))).toMatchObject({ pointer: '/text_config/layers' })
    expect(problemOf(() => text.array('nested'))).toMatchObject({ detail: 'nested must be an array' })
    expect(problemOf(() => text.object('list'))).toMatchObject({ detail: 'list must be an object' })
  })

  it('isJsonObject: plain objects only', () => {
    expect(isJsonObject({})).toBe(true)
    expect(isJsonObject([])).toBe(false)
    expect(isJsonObject(null)).toBe(false)
    expect(isJsonObject('x')).toBe(false)
  })
})
