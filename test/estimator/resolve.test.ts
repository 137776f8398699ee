// request → Scenario: lookups, inline specs and defaults applied once.
import { describe, expect, it } from 'vitest'
import { hardwareFromInline, modelFromInline } from '../../src/estimator/entries.js'
import { EstimateError } from '../../src/estimator/errors.js'
import { resolveScenario } from '../../src/estimator/resolve.js'
import { defaultCatalog } from '../helpers/app.js'
import { thrown } from '../helpers/thrown.js'

const catalog = defaultCatalog()
const tokens = { promptTokens: 100, outputTokens: 10 }

describe('resolveScenario', () => {
  it('a closed model without hardware is an api scenario; naming fields it ignores warns', () => {
    const scenario = resolveScenario(catalog, { model: 'gpt-4', engine: 'vllm', ...tokens })
    expect(scenario.deployment).toBe('api')
    if (scenario.deployment !== 'api') return
    expect(scenario.model.api.inputUsdPerMTok).toBeGreaterThan(0)
    expect(scenario.warnings).toEqual([{ id: 'api-field-ignored', text: 'engine is ignored for an api deployment' }])
    // The engine settings were dropped without a word.
    const settings = resolveScenario(catalog, { model: 'gpt-4o', maxRunningSequences: 64, maxBatchedTokens: 4096, memoryFraction: 0.8, electricityUsdPerKWh: 3, ...tokens })
    expect(settings.warnings.map((warning) => warning.text)).toEqual(['maxRunningSequences', 'maxBatchedTokens', 'memoryFraction', 'electricityUsdPerKWh'].map((field) => `${field} is ignored for an api deployment`))
  })

  it('a model without weights refused at the field that asked to self-host it: the hardware, or the deployment when given', () => {
    const byHardware = thrown(EstimateError, () => resolveScenario(catalog, { model: 'gpt-4o', hardware: 'h100-sxm', ...tokens }))
    expect(byHardware.errors).toEqual([{ pointer: '/body/hardware', detail: 'model "gpt-4o" has no published weights or architecture, so it cannot run on hardware; leave hardware out to estimate its API' }])
    const byDeployment = thrown(EstimateError, () => resolveScenario(catalog, { model: 'gpt-4o', hardware: 'h100-sxm', deployment: 'cloud', ...tokens }))
    expect(byDeployment.errors[0]!.pointer).toBe('/body/deployment')
  })

  it('a self-hosted deployment without hardware names the field, in English', () => {
    expect(() => resolveScenario(catalog, { model: '7b', deployment: 'edge', ...tokens })).toThrow('hardware is required for an edge deployment')
    expect(() => resolveScenario(catalog, { model: '7b', deployment: 'local', ...tokens })).toThrow('hardware is required for a local deployment')
  })

  it('a self-hosted scenario gets every default once: deployment, engine, precisions, devices, batch, electricity', () => {
    const scenario = resolveScenario(catalog, { model: '7b', hardware: 'a100-80gb', ...tokens })
    expect(scenario.deployment).toBe('cloud')
    if (scenario.deployment === 'api') return
    expect([scenario.engine.id, scenario.precision.id, scenario.kvPrecision.id, scenario.deviceCount, scenario.batchSize]).toEqual(['vllm', 'fp16', 'fp16', 1, 1])
    expect([scenario.electricityUsdPerKWh, scenario.electricityUsdPerKWhGiven]).toEqual([0.15, false])
  })

  it('a GGUF precision on a data-centre GPU moves to an engine that serves it', () => {
    const scenario = resolveScenario(catalog, { model: '7b', hardware: 'a100-80gb', precision: 'q4_k_m', ...tokens })
    expect(scenario.deployment !== 'api' && scenario.engine.id).toBe('llama.cpp')
  })

  it('refusals name the field', () => {
    const pointerOf = (run: () => unknown) => {
      try {
        run()
      } catch (err) {
        return (err as EstimateError).errors[0]!.pointer
      }
      return undefined
    }
    expect(pointerOf(() => resolveScenario(catalog, { model: '7b', ...tokens }))).toBe('/body/hardware')
    expect(pointerOf(() => resolveScenario(catalog, { model: '7b', hardware: 't4', precision: 'fp8', ...tokens }))).toBe('/body/precision')
    expect(pointerOf(() => resolveScenario(catalog, { model: '7b', hardware: 'a100-80gb', engine: 'mlx-nope', ...tokens }))).toBe('/body/engine')
  })
})

describe('inline specs', () => {
  it('a model gets LLaMA defaults and derived parameter counts', () => {
    const model = modelFromInline({ architecture: { layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 32 } }, '/body/model')
    expect(model.architecture).toMatchObject({ intermediateSize: 11008, headDim: 128, vocabSize: 32000 })
    expect(model.parametersB).toBeCloseTo(6.738, 3) // Llama-2-7B's published shape
    expect(model.contextLength).toBeUndefined()
  })

  it('a model breaking an architecture rule is refused at that field', () => {
    expect(() => modelFromInline({ architecture: { layers: 2, hiddenSize: 64, attentionHeads: 8, kvHeads: 3 } }, '/body/model')).toThrow(/3 does not divide attentionHeads 8/)
  })

  it('an architecture whose derived parameter count an inline parametersB could not have is refused, as through hfConfig', () => {
    const huge = { layers: 1000, hiddenSize: 1_000_000, intermediateSize: 10_000_000, attentionHeads: 10_000, kvHeads: 10_000 }
    const refused = thrown(EstimateError, () => modelFromInline({ architecture: huge }, '/body/model'))
    expect(refused.errors).toEqual([{ pointer: '/body/model/architecture', detail: 'the parameter count derived from the architecture (3.40e+7B) is outside the 0.001-100000B an inline model may have' }])
    // A count given in parametersB is the one held to the range (by the schema).
    expect(modelFromInline({ architecture: { layers: 2, hiddenSize: 64, attentionHeads: 8, kvHeads: 8, vocabSize: 10 }, parametersB: 0.01 }, '/body/model').parametersB).toBe(0.01)
  })

  it('hardware defaults to a data-centre GPU; Apple keeps a quarter of memory for the OS', () => {
    expect(hardwareFromInline({ memoryGB: 48, bandwidthGBps: 960, tflops: { fp16: 150 } })).toMatchObject({ id: null, kind: 'gpu', usableMemoryFraction: 1, dataCentre: true })
    expect(hardwareFromInline({ kind: 'apple', memoryGB: 64, bandwidthGBps: 400, tflops: { fp32: 14 } })).toMatchObject({ usableMemoryFraction: 0.75, dataCentre: false })
  })
})
