import { describe, expect, it } from 'vitest'
import { expandCandidates, relocate, rowLabel } from '../../../src/estimator/compare/expand.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()
const workload = { promptTokens: 10, outputTokens: 10 }

describe('expandCandidates', () => {
  it('a matrix: closed models once through their API, open models per hardware × precision × device count', () => {
    const expanded = expandCandidates(catalog, { workload, matrix: { models: ['7b', 'gpt-4'], hardware: ['a100-80gb', 'rtx-4090'], precisions: ['fp16', 'q4_k_m'], deviceCounts: [1, 2] } })
    expect(expanded).toHaveLength(2 * 2 * 2 + 1)
    expect(expanded.at(-1)!.candidate).toEqual({ model: 'gpt-4', deployment: 'api' })
    // Priced hardware is rented in a matrix, the consumer GPU included.
    expect(new Set(expanded.slice(0, 8).map((row) => row.candidate.deployment))).toEqual(new Set(['cloud']))
    expect(expanded[5]!.pointers).toMatchObject({ hardware: '/body/matrix/hardware/1', precision: '/body/matrix/precisions/0', deviceCount: '/body/matrix/deviceCounts/1' })
  })

  it('a list keeps each candidate with pointers into the list', () => {
    const [first] = expandCandidates(catalog, { workload, candidates: [{ model: '7b', hardware: 'a100' }] })
    expect(first!.pointers.precision).toBe('/body/candidates/0/precision')
  })

  it('refuses both or neither of candidates and matrix', () => {
    expect(() => expandCandidates(catalog, { workload })).toThrow(/exactly one of candidates or matrix/)
  })
})

describe('labels and pointers', () => {
  it('labels with catalog ids where aliases resolve', () => {
    expect(rowLabel(catalog, { model: '7b', hardware: 'a100-80gb' })).toBe('llama-2-7b@a100-80gbx1/default')
    expect(rowLabel(catalog, { model: 'gpt-4', deployment: 'api' })).toBe('gpt-4@api')
  })

  it('moves a problem onto the field the candidate came from', () => {
    const problems = [{ pointer: '/body/model/architecture/kvHeads', detail: 'x' }, { pointer: '/body/precision', detail: 'y' }]
    expect(relocate(problems, { model: '/body/candidates/2/model', precision: '/body/matrix/precisions/1' }).map((problem) => problem.pointer)).toEqual([
      '/body/candidates/2/model/architecture/kvHeads',
      '/body/matrix/precisions/1'
    ])
  })
})
