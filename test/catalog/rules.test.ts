import { describe, expect, it } from 'vitest'
import { activeParametersProblem, architectureProblems } from '../../src/catalog/rules.js'

const base = { layers: 4, attentionHeads: 8, kvHeads: 2 }

describe('architecture rules shared by the loader and inline models', () => {
  it('passes a consistent architecture', () => {
    expect(architectureProblems(base)).toEqual([])
    expect(architectureProblems({ ...base, experts: 8, expertsPerToken: 2, slidingWindow: 128, slidingWindowLayers: 2 })).toEqual([])
  })

  it('names each broken relation by field, in a fixed order', () => {
    expect(architectureProblems({ ...base, kvHeads: 3, experts: 2, expertsPerToken: 4, slidingWindowLayers: 9, kvLoraRank: 512 }).map((problem) => problem.field)).toEqual([
      'architecture/kvHeads',
      'architecture/expertsPerToken',
      'architecture/slidingWindowLayers',
      'architecture/slidingWindow',
      'architecture/ropeHeadDim'
    ])
    expect(architectureProblems({ ...base, expertsPerToken: 2 })[0]).toEqual({ field: 'architecture/experts', detail: 'experts and expertsPerToken go together for a mixture-of-experts model' })
  })

  it('active parameters never exceed the total', () => {
    expect(activeParametersProblem(7, 7)).toBeUndefined()
    expect(activeParametersProblem(undefined, 7)).toBeUndefined()
    expect(activeParametersProblem(7, 8)?.field).toBe('activeParametersB')
  })
})
