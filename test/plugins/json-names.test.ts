// repeatedName against hand-made texts, and two properties: a value JSON.stringify writes never
// repeats a name (its objects cannot), and copying one member of any object to its end is always
// found, at that object's path.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { repeatedName } from '../../src/plugins/json-names.js'

describe('repeatedName', () => {
  it('finds the second of two members with one name, by path', () => {
    expect(repeatedName('{"a":1,"a":2}')).toEqual({ name: 'a', path: ['a'] })
    expect(repeatedName('{"x":[{"b":1},{"b":2,"c":{"d":1,"d":1}}]}')).toEqual({ name: 'd', path: ['x', 1, 'c', 'd'] })
    expect(repeatedName('{"":1,"":2}')).toEqual({ name: '', path: [''] })
  })
  it('compares names after unescaping', () => {
    expect(repeatedName('{"a":1,"\\u0061":2}')).toEqual({ name: 'a', path: ['a'] })
    expect(repeatedName('{"a\\"b":1,"a\\u0022b":2}')).toEqual({ name: 'a"b', path: ['a"b'] })
  })
  it('does not take string values, names in other objects or strings holding braces for repeats', () => {
    expect(repeatedName('{"a":"a","b":{"a":1},"c":[{"a":1},{"a":2}],"d":"{\\"a\\":1,\\"a\\":2}","e":"\\\\"}')).toBeUndefined()
    expect(repeatedName('[1,"a",{"a":1},[],{}]')).toBeUndefined()
    expect(repeatedName(' "plain" ')).toBeUndefined()
  })
  it('finds no repeat in any value JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(repeatedName(JSON.stringify(value))).toBeUndefined()
      })
    )
  })
  it('finds a member copied to the end of its object, at that object', () => {
    const withObject = fc.jsonValue().filter((value) => objectsIn(value).some(({ object }) => Object.keys(object).length > 0))
    fc.assert(
      fc.property(withObject, fc.nat(), fc.nat(), (value, pick, member) => {
        const candidates = objectsIn(value).filter(({ object }) => Object.keys(object).length > 0)
        const { object, path } = candidates[pick % candidates.length]!
        const names = Object.keys(object)
        const name = names[member % names.length]!
        // Writes the value with that object's member repeated last: the text a careless client sends.
        const marker = '\u0000repeat\u0000'
        const text = JSON.stringify(value, function (this: unknown, _key, nested) {
          return nested === object ? { ...object, [marker]: null } : nested
        }).replace(`${JSON.stringify(marker)}:null`, () => `${JSON.stringify(name)}:${JSON.stringify(object[name])}`)
        expect(repeatedName(text)).toEqual({ name, path: [...path, name] })
      })
    )
  })
})

/** Every object inside a JSON value with its path (depth first, outer objects first). */
function objectsIn(value: unknown, path: (string | number)[] = []): { object: Record<string, unknown>; path: (string | number)[] }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectsIn(item, [...path, index]))
  if (value === null || typeof value !== 'object') return []
  const object = value as Record<string, unknown>
  return [{ object, path }, ...Object.entries(object).flatMap(([key, item]) => objectsIn(item, [...path, key]))]
}
