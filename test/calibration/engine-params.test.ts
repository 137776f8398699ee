import { describe, expect, it } from 'vitest'
import { withEngine } from '../../src/calibration/engine-params.js'
import { defaultCatalog } from '../helpers/app.js'

describe('withEngine', () => {
  it('swaps one engine in the list and the lookup, leaving the catalog it came from as it was', () => {
    const catalog = defaultCatalog()
    const vllm = catalog.engineById.get('vllm')!
    const trial = { ...vllm, efficiency: { ...vllm.efficiency, decodeBandwidthEfficiency: 0.5 } }
    const swapped = withEngine(catalog, trial)
    expect(swapped.engineById.get('vllm')).toBe(trial)
    expect(swapped.engines.find((engine) => engine.id === 'vllm')).toBe(trial)
    expect(swapped.engines).toHaveLength(catalog.engines.length)
    expect(catalog.engineById.get('vllm')).toBe(vllm)
  })
})
