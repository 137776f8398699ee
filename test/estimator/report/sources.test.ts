import { describe, expect, it } from 'vitest'
import { resolveScenario } from '../../../src/estimator/resolve.js'
import { catalogSources, scenarioSourceIds, sourcesFor } from '../../../src/estimator/report/sources.js'
import { EstimateError } from '../../../src/estimator/errors.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()

describe('sources of an answer', () => {
  it('self-hosted: model, hardware, precision and engine entries', () => {
    const scenario = resolveScenario(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 10, outputTokens: 10 })
    expect(scenarioSourceIds(scenario)).toEqual(['model:llama-3.1-8b', 'hardware:h100-sxm', 'precision:fp16', 'engine:vllm'])
  })

  it('a different KV-cache precision adds its own entry; api answers cite the model only', () => {
    const fp8Kv = resolveScenario(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', kvCachePrecision: 'fp8', promptTokens: 10, outputTokens: 10 })
    expect(scenarioSourceIds(fp8Kv)).toContain('precision:fp8')
    const api = resolveScenario(catalog, { model: 'gpt-4', promptTokens: 10, outputTokens: 10 })
    expect(scenarioSourceIds(api)).toEqual(['model:gpt-4'])
  })

  it('inline entries have no sources', () => {
    const inline = resolveScenario(catalog, { model: { architecture: { layers: 2, hiddenSize: 64, attentionHeads: 8, kvHeads: 8 } }, hardware: { memoryGB: 24, bandwidthGBps: 900, tflops: { fp16: 80 } }, promptTokens: 10, outputTokens: 10 })
    expect(scenarioSourceIds(inline).some((id) => id.startsWith('model:') || id.startsWith('hardware:'))).toBe(false)
  })
})

describe('the sources behind entry ids', () => {
  it('each source of each entry, labelled with its entry, each entry once, in the order asked', () => {
    const model = catalog.modelById.get('llama-3.1-8b')!
    const engine = catalog.engineById.get('vllm')!
    const rows = sourcesFor(catalog, ['engine:vllm', 'model:llama-3.1-8b', 'engine:vllm'])
    expect(rows.map((row) => row.entry)).toEqual([...engine.sources.map(() => 'engine:vllm'), ...model.sources.map(() => 'model:llama-3.1-8b')])
    expect(rows[0]!.url).toBe(engine.sources[0]!.url)
  })

  it('the whole catalog when no ids are given; a 404 naming an unknown entry', () => {
    const all = catalogSources(catalog, undefined)
    const entries = new Set(all.map((row) => row.entry))
    expect(entries.size).toBe(catalog.models.length + catalog.hardware.length + catalog.precisions.length + catalog.engines.length)
    expect(() => catalogSources(catalog, ['model:no-such-model'])).toThrow(EstimateError)
    try {
      catalogSources(catalog, ['hardware:h100-sx'])
    } catch (err) {
      expect((err as EstimateError).status).toBe(404)
      expect((err as EstimateError).errors[0]!.pointer).toBe('/query/ids')
      expect((err as EstimateError).errors[0]!.suggestions).toContain('hardware:h100-sxm')
    }
  })
})
