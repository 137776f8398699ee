import { describe, expect, it } from 'vitest'
import { filterHardware, filterModels } from '../../src/catalog/query.js'
import { defaultCatalog } from '../helpers/app.js'

const catalog = defaultCatalog()

describe('catalog filters shared by the routes and the CLI', () => {
  it('no filter keeps everything', () => {
    expect(filterModels(catalog.models, {})).toHaveLength(catalog.models.length)
    expect(filterHardware(catalog.hardware, {})).toHaveLength(catalog.hardware.length)
  })

  it('family and vendor ignore case', () => {
    const lower = filterModels(catalog.models, { family: 'llama' })
    expect(lower.length).toBeGreaterThan(0)
    expect(filterModels(catalog.models, { family: 'LLaMA' })).toEqual(lower)
    expect(filterHardware(catalog.hardware, { vendor: 'nvidia' })).toEqual(filterHardware(catalog.hardware, { vendor: 'NVIDIA' }))
  })

  it('filters combine with AND', () => {
    const models = filterModels(catalog.models, { openWeights: true, minContext: 32_768, maxParametersB: 10 })
    expect(models.length).toBeGreaterThan(0)
    for (const model of models) {
      expect(model.openWeights).toBe(true)
      expect(model.architecture!.contextLength).toBeGreaterThanOrEqual(32_768)
      expect(model.parametersB!).toBeLessThanOrEqual(10)
    }
    const devices = filterHardware(catalog.hardware, { kind: 'gpu', minMemoryGB: 80, text: 'H100' })
    expect(devices.map((device) => device.id)).toContain('h100-sxm')
    expect(devices.every((device) => device.kind === 'gpu' && device.memoryGB >= 80)).toBe(true)
  })
})
