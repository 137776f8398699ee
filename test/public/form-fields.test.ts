// The page's form tables (public/form-fields.js) against the API's request schemas: every field the
// page sends is a request field, its fixed choices are values the API takes, and the bounds the
// page states are the API's.
import { describe, expect, it } from 'vitest'
import { COMPARE_FIELDS, ESTIMATE_FIELDS, LOAD_FIELDS, type FormField } from '../../public/form-fields.js'
import { CompareRequest } from '../../src/schemas/compare.js'
import { EstimateRequest } from '../../src/schemas/estimate.js'

interface SchemaBounds {
  minimum?: number
  exclusiveMinimum?: number
  maximum?: number
  enum?: string[]
}
const propertiesOf = (schema: unknown) => (schema as { properties: Record<string, SchemaBounds> }).properties
const ESTIMATE = propertiesOf(EstimateRequest)
const COMPARE = propertiesOf(CompareRequest)
const COMPARE_FLAT: Record<string, SchemaBounds | undefined> = { ...propertiesOf(COMPARE.workload), ...propertiesOf(COMPARE.constraints), ...propertiesOf(COMPARE.matrix), sortBy: COMPARE.sortBy!, hybridWith: COMPARE.hybridWith! }

/** The page's bounds and choices for one field agree with the schema of the request field. */
function agrees(field: FormField, schema: SchemaBounds | undefined) {
  expect(schema, field.name).toBeDefined()
  const { min, max } = field.attributes ?? {}
  if (max !== undefined) expect(Number(max), `${field.name} max`).toBe(schema!.maximum)
  if (min !== undefined) expect(Number(min), `${field.name} min`).toBeGreaterThanOrEqual(schema!.minimum ?? schema!.exclusiveMinimum ?? -Infinity)
  // A browser counts a value off min + k × step as a step mismatch: a fractional min with a whole step
  // (hours per day 0.1, step 1) made 24 and the default 8 mismatches. Such a field takes any value.
  const step = field.attributes?.step
  if (min !== undefined && step !== undefined && step !== 'any' && !Number.isInteger(Number(min) / Number(step))) expect.fail(`${field.name}: min ${min} is not a multiple of step ${step}`)
  const values = (field.options ?? []).map(([value]) => value).filter((value) => value !== '')
  if (values.length > 0) expect(schema!.enum, field.name).toEqual(expect.arrayContaining(values))
}

describe('form tables', () => {
  it('names are unique within each form', () => {
    for (const fields of [ESTIMATE_FIELDS, LOAD_FIELDS, COMPARE_FIELDS]) expect(new Set(fields.map((field) => field.name)).size).toBe(fields.length)
  })

  it('every field has a label (or a legend for a group of checkboxes)', () => {
    for (const field of [...ESTIMATE_FIELDS, ...LOAD_FIELDS, ...COMPARE_FIELDS]) expect(field.control === 'checks' ? field.legend : field.label, field.name).toBeTruthy()
  })

  it('the estimate form sends request fields, with the API\'s choices and bounds', () => {
    const sent = ESTIMATE_FIELDS.filter((field) => field.choice || field.control === 'number')
    expect(sent.map((field) => field.name)).toEqual(expect.arrayContaining(['precision', 'deployment', 'deviceCount', 'electricityUsdPerKWh']))
    for (const field of sent) agrees(field, ESTIMATE[field.name])
  })

  it('the compare form\'s fields are workload, matrix, constraint or ranking fields of the request, with the API\'s choices and bounds', () => {
    for (const field of COMPARE_FIELDS) agrees(field, COMPARE_FLAT[field.name])
  })

  it('the load panel\'s percentiles are the ones the API reports', () => {
    const percentiles = LOAD_FIELDS.find((field) => field.name === 'percentile')!
    agrees({ ...percentiles, name: 'latencyPercentile' }, COMPARE_FLAT.latencyPercentile)
    expect(percentiles.selected).toBe('p90')
  })
})
