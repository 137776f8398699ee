import { describe, expect, it } from 'vitest'
import { resolveScenario } from '../../../src/estimator/resolve.js'
import { scenarioSources } from '../../../src/estimator/report/sources.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()

describe('sources of an answer', () => {
  it('self-hosted: model, hardware, precision and engine entries, each source labelled with its entry', () => {
    const scenario = resolveScenario(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 10, outputTokens: 10 })
    const entries = new Set(scenarioSources(scenario).map((source) => source.entry))
    expect([...entries]).toEqual(['model:llama-3.1-8b', 'hardware:h100-sxm', 'precision:fp16', 'engine:vllm'])
  })

  it('a different KV-cache precision adds its own entry; api answers cite the model only', () => {
    const fp8Kv = resolveScenario(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', kvCachePrecision: 'fp8', promptTokens: 10, outputTokens: 10 })
    expect(scenarioSources(fp8Kv).some((source) => source.entry === 'precision:fp8')).toBe(true)
    const api = resolveScenario(catalog, { model: 'gpt-4', promptTokens: 10, outputTokens: 10 })
    expect(new Set(scenarioSources(api).map((source) => source.entry))).toEqual(new Set(['model:gpt-4']))
  })

  it('inline entries have no sources', () => {
    const inline = resolveScenario(catalog, { model: { architecture: { layers: 2, hiddenSize: 64, attentionHeads: 8, kvHeads: 8 } }, hardware: { memoryGB: 24, bandwidthGBps: 900, tflops: { fp16: 80 } }, promptTokens: 10, outputTokens: 10 })
    expect(scenarioSources(inline).some((source) => source.entry.startsWith('model:') || source.entry.startsWith('hardware:'))).toBe(false)
  })
})
