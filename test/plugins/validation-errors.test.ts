// Ajv errors → field problems, against hand-written Ajv error lists (no app needed).
import { describe, expect, it } from 'vitest'
import { fieldErrors, validationDetail, MAX_FIELD_ERRORS, type AjvError } from '../../src/plugins/validation-errors.js'

const error = (keyword: string, instancePath: string, params: Record<string, unknown> = {}, message?: string): AjvError => ({ keyword, instancePath, params, ...(message ? { message } : {}) })

describe('fieldErrors', () => {
  it('names a missing field, an enum and a plain message by pointer under the request part', () => {
    const { errors, more } = fieldErrors(
      [error('required', '/workload', { missingProperty: 'promptTokens' }), error('enum', '/sortBy', { allowedValues: ['cost', 'latency'] }), error('minimum', '/batchSize', {}, 'must be >= 1')],
      'body'
    )
    expect(errors).toEqual([
      { pointer: '/body/workload/promptTokens', detail: 'required field is missing' },
      { pointer: '/body/sortBy', detail: 'must be one of "cost", "latency"' },
      { pointer: '/body/batchSize', detail: 'must be >= 1' }
    ])
    expect(more).toBe(0)
    expect(fieldErrors([error('type', '/version', {}, 'must be string')], 'querystring').errors[0]!.pointer).toBe('/query/version')
  })

  it('an unknown field is named with the closest known one as a suggestion', () => {
    const unknown = { ...error('additionalProperties', '', { additionalProperty: 'promtTokens' }), parentSchema: { properties: { promptTokens: {}, outputTokens: {} } } }
    const [problem] = fieldErrors([unknown], 'body').errors
    expect(problem).toEqual({ pointer: '/body/promtTokens', detail: 'unknown field "promtTokens"; did you mean "promptTokens"?', suggestions: ['promptTokens'] })
  })

  // A 1 MB field name came back four times (a 4 MB error) and was compared letter by letter with every known name.
  it('an unknown field with a very long name is shown cut, with no suggestion', () => {
    const name = `promptTokens${'x'.repeat(100_000)}`
    const { errors } = fieldErrors([{ ...error('additionalProperties', '', { additionalProperty: name }), parentSchema: { properties: { promptTokens: {} } } }], 'body')
    expect(errors).toEqual([{ pointer: `/body/${name.slice(0, 64)}…`, detail: `unknown field "${name.slice(0, 64)}…" (a name of ${name.length} characters, cut); known fields: promptTokens` }])
  })
  it('a union of literals is folded into one line per field', () => {
    const { errors } = fieldErrors(
      [error('const', '/deployment', { allowedValue: 'cloud' }, 'must be equal to constant'), error('const', '/deployment', { allowedValue: 'local' }, 'must be equal to constant'), error('anyOf', '/deployment')],
      'body'
    )
    expect(errors).toEqual([{ pointer: '/body/deployment', detail: 'must be one of "cloud", "local"' }])
  })

  it('lists at most the limit and counts the rest, with fields the validator left unchecked', () => {
    const many = Object.assign(Array.from({ length: MAX_FIELD_ERRORS + 3 }, (_, index) => error('type', `/field${index}`, {}, 'must be number')), { uncheckedFields: 5 })
    const { errors, more } = fieldErrors(many, 'body')
    expect(errors).toHaveLength(MAX_FIELD_ERRORS)
    expect(more).toBe(3 + 5)
  })
})

describe('validationDetail', () => {
  const one = { pointer: '/body/a', detail: 'must be number' }
  it('one field: the field and its problem; several: how many and which; more: how many not listed', () => {
    expect(validationDetail([one], 0)).toBe('/body/a: must be number')
    expect(validationDetail([one, { pointer: '/body/b', detail: 'x' }], 0)).toBe('2 fields are invalid: /body/a, /body/b')
    expect(validationDetail([one], 4)).toBe('5 fields are invalid; the first 1: /body/a; 4 more not listed')
    expect(validationDetail([one], 0, 2)).toBe('/body/a: must be number (2 array items past the longest list allowed were not checked)')
  })
})
