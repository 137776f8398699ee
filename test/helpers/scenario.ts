// A tiny self-hosted scenario whose figures are easy to compute by hand: 1e9 parameters at 16 bits,
// 2 layers of 4 query / 2 KV heads of width 25 (400 KV bytes per token), on a 10 GB, 1000 GB/s,
// 100 TFLOPS device with an on-demand engine at 50% efficiency.
import type { Engine, Precision } from '../../src/schemas/catalog.js'
import type { SelfHostedScenario } from '../../src/estimator/scenario.js'
import { defaultCatalog } from './app.js'

export const handEngine: Engine = {
  id: 'hand',
  name: 'Hand',
  hardwareKinds: ['gpu'],
  multiDevice: 'tensor',
  memory: { rule: 'on-demand', memoryFraction: 1, runtimeOverheadGB: 1, activationBytesPerTokenPerHidden: 10, maxTokensInFlight: 512 },
  efficiency: {
    decodeBandwidthEfficiency: 0.5,
    prefillComputeEfficiency: 0.5,
    decodeStepOverheadMs: 1,
    decodeLayerOverheadUs: 0,
    prefillOverheadMs: 2,
    quantizedDecodePenalty: 1,
    quantizedPrefillPenalty: 1,
    quantizedLayerOverheadUs: 0,
    collectiveLatencyUs: 0,
    fitted: false,
    method: 'made up for tests'
  },
  sources: []
} as unknown as Engine

export const handPrecision: Precision = { id: 'fp16', name: 'FP16', format: 'float', bitsPerWeight: 16, computeDtype: 'fp16', usableForKvCache: true, kvBitsPerValue: 16, sources: [] } as unknown as Precision

export function handScenario(overrides: Partial<SelfHostedScenario> = {}): SelfHostedScenario {
  return {
    catalog: defaultCatalog(),
    deployment: 'cloud',
    model: {
      id: 'hand-model',
      name: 'Hand model',
      parametersB: 1,
      activeParametersB: 1,
      architecture: { layers: 2, hiddenSize: 100, intermediateSize: 300, attentionHeads: 4, kvHeads: 2, headDim: 25, vocabSize: 1000, contextLength: 10_000 },
      openWeights: true,
      estimated: false,
      api: undefined,
      contextLength: 10_000,
      entry: undefined
    },
    hardware: {
      id: null,
      name: 'hand device',
      kind: 'gpu',
      memoryGB: 10,
      usableMemoryFraction: 1,
      bandwidthGBps: 1000,
      tflops: { fp16: 100 },
      tdpW: 500,
      priceUsdPerHour: 2,
      priceAsOf: undefined,
      priceProvider: undefined,
      rentalPrices: [],
      purchasePriceUsd: 8760,
      purchasePriceAsOf: undefined,
      purchasePriceBasis: 'list',
      interconnectGBps: undefined,
      dataCentre: true,
      entry: undefined
    },
    engine: handEngine,
    precision: handPrecision,
    kvPrecision: handPrecision,
    computeDtype: 'fp16',
    peakTflops: 100,
    deviceCount: 1,
    promptTokens: 800,
    outputTokens: 200,
    batchSize: 2,
    load: null,
    pricing: 'on-demand',
    ownership: { purchasePriceUsd: 8760, purchasePriceBasis: 'list', amortizationYears: 2, pue: 1.5, maintenanceShareOfHardwarePerYear: 0.1, hoursPerDay: 24 },
    costTermsGiven: [],
    electricityUsdPerKWh: 0.2,
    electricityUsdPerKWhGiven: false,
    warnings: [],
    ...overrides
  }
}
