import { describe, expect, it } from 'vitest'
import { memoryFor } from '../../../src/estimator/physics/memory.js'
import * as rules from '../../../src/estimator/report/warnings.js'
import { isStale } from '../../../src/estimator/report/warnings.js'
import type { ApiScenario } from '../../../src/estimator/scenario.js'
import { handScenario } from '../../helpers/scenario.js'
import { defaultCatalog } from '../../helpers/app.js'
import { estimate } from '../../../src/estimator/index.js'
import { loadCatalogSet } from '../../../src/catalog/index.js'

// The rules return { id, text }; these read their texts.
const selfHostedWarnings = (...args: Parameters<typeof rules.selfHostedWarnings>) => rules.selfHostedWarnings(...args).map((warning) => warning.text)
const apiWarnings = (...args: Parameters<typeof rules.apiWarnings>) => rules.apiWarnings(...args).map((warning) => warning.text)
const contextOverflow = (...args: Parameters<typeof rules.contextOverflow>) => rules.contextOverflow(...args)?.text

describe('warnings', () => {
  it('a static batch above the engine\'s slots says the rest queue, and whether the limit is the default or the request\'s', () => {
    const body = { model: 'llama-3.1-8b', hardware: 'rtx-4090', precision: 'q4_k_m', engine: 'llama.cpp', promptTokens: 500, outputTokens: 100, batchSize: 8 } as const
    const text = (extra: object) => estimate(defaultCatalog(), { ...body, ...extra }).warnings.find((warning) => warning.includes('the rest queue'))
    expect(text({})).toBe('llama.cpp runs at most 4 sequences at once by default; the rest queue')
    expect(text({ maxRunningSequences: 2 })).toBe('llama.cpp runs at most 2 sequences at once as set (maxRunningSequences); the rest queue')
    expect(text({ batchSize: 4 })).toBeUndefined()
  })
  it('under load, says when the engine\'s serving factors were fitted on other hardware, and only then', () => {
    const catalog = defaultCatalog()
    const ask = (hardware: string, engine: string, load: { concurrency?: number; batchSize?: number }) =>
      estimate(catalog, { model: 'mistral-7b', hardware, engine, precision: 'bf16', promptTokens: 256, outputTokens: 100, ...load })
    const vllm = catalog.engineById.get('vllm')!
    expect(vllm.serving?.calibrationHardware).toEqual(['h100-sxm', 'h200'])
    const elsewhere = ask('rtx-4090', 'vllm', { concurrency: 4 })
    expect(elsewhere.warningIds).toContain('serving-hardware-uncalibrated')
    expect(elsewhere.warnings).toContain(
      "vLLM's serving factors were fitted to published runs on h100-sxm and h200, none on rtx-4090: they are carried over from those devices, so these figures, and their range, are less sure here"
    )
    expect(ask('h100-sxm', 'vllm', { concurrency: 4 }).warningIds).not.toContain('serving-hardware-uncalibrated')
    // An alias is the device it names; inline hardware is none of the calibrated devices.
    expect(ask('h100', 'vllm', { concurrency: 4 }).warningIds).not.toContain('serving-hardware-uncalibrated')
    const inline = estimate(catalog, { model: 'mistral-7b', hardware: { memoryGB: 80, bandwidthGBps: 3350, tflops: { fp16: 989 } }, engine: 'vllm', precision: 'bf16', promptTokens: 256, outputTokens: 100, concurrency: 4 })
    expect(inline.warnings.find((text) => text.startsWith("vLLM's serving factors"))).toMatch(/none on the inline hardware/)
    // Nothing served (the model does not fit): no figures to be less sure of.
    const unserved = estimate(catalog, { model: 'llama-3.1-70b', hardware: 'rtx-4090', engine: 'vllm', precision: 'bf16', promptTokens: 256, outputTokens: 100, concurrency: 4 })
    expect(unserved.warningIds).toEqual(['does-not-fit', 'cannot-serve'])
    // Catalog 2026.11.0 records no such list: no warning there.
    const older = loadCatalogSet().get('2026.11.0')!
    expect(estimate(older, { model: 'mistral-7b', hardware: 'rtx-4090', engine: 'vllm', precision: 'bf16', promptTokens: 256, outputTokens: 100, concurrency: 4 }).warningIds).not.toContain('serving-hardware-uncalibrated')
    // TensorRT-LLM's rows include an A100, offline throughput only: its latency figures there are carried over.
    const throughputOnly = ask('a100-80gb', 'tensorrt-llm', { concurrency: 4 })
    expect(throughputOnly.warningIds).not.toContain('serving-hardware-uncalibrated')
    expect(throughputOnly.warnings).toContain(
      "TensorRT-LLM's published serving runs (under load) on a100-80gb measured throughput only: its TTFT and TPOT here rest on latency runs under load on h100-sxm and h200, so they, and their range, are less sure than its capacity"
    )
    expect(ask('h100-sxm', 'tensorrt-llm', { concurrency: 4 }).warningIds).not.toContain('serving-latency-uncalibrated')
    expect(ask('h100-sxm', 'vllm', { concurrency: 4 }).warningIds).not.toContain('serving-latency-uncalibrated')
    // A batch estimate has no serving figures to warn about.
    expect(ask('rtx-4090', 'vllm', { batchSize: 4 }).warningIds).not.toContain('serving-hardware-uncalibrated')
  })

  it('a price older than 18 months at release is stale', () => {
    expect(isStale('2025-05', '2026-11-01')).toBe(false) // 18 months
    expect(isStale('2025-04-30', '2026-11-01')).toBe(true) // 19 months
  })

  it('context overflow, one wording for every deployment', () => {
    expect(contextOverflow({ contextLength: 4096 }, 4096)).toBeUndefined()
    expect(contextOverflow({ contextLength: undefined }, 10 ** 9)).toBeUndefined()
    expect(contextOverflow({ contextLength: 4096 }, 5000)).toBe("prompt + output (5000 tokens) exceeds the model's 4096-token context window")
  })

  it('self-hosted: an unfitted engine on inline cloud hardware warns about both efficiencies, in order', () => {
    const scenario = handScenario({ outputTokens: 9500 })
    expect(selfHostedWarnings(scenario, memoryFor(scenario), 1)).toEqual([
      "prompt + output (10300 tokens) exceeds the model's 10000-token context window",
      "Hand's decode efficiency on gpu hardware is a documented default, not fitted to measurements",
      "Hand's prompt-processing (TTFT) efficiency on gpu hardware is a documented default, not fitted to measurements"
    ])
  })

  it('self-hosted: electricity and ownership terms are ignored for cloud; a local device without power or price leaves those parts out', () => {
    const cloud = handScenario({ electricityUsdPerKWhGiven: true })
    expect(selfHostedWarnings(cloud, memoryFor(cloud), 1)).toContain('electricityUsdPerKWh is ignored for a cloud deployment (rented devices: the hourly price includes power, upkeep and the hardware)')
    const cloudTerms = handScenario({ costTermsGiven: ['pue', 'amortizationYears'] })
    expect(selfHostedWarnings(cloudTerms, memoryFor(cloudTerms), 1)).toContain('pue, amortizationYears are ignored for a cloud deployment (rented devices: the hourly price includes power, upkeep and the hardware)')
    const local = handScenario({ deployment: 'local', hardware: { ...handScenario().hardware, tdpW: undefined } })
    expect(selfHostedWarnings(local, memoryFor(local), 1)).toContain('no power figure for the inline hardware: energy and cooling are left out of the cost (give the hardware inline with tdpW)')
    const unpriced = handScenario({ deployment: 'local', costTermsGiven: ['pricing'], ownership: { ...handScenario().ownership, purchasePriceUsd: undefined } })
    const unpricedWarnings = selfHostedWarnings(unpriced, memoryFor(unpriced), 1)
    expect(unpricedWarnings).toContain('no purchase price for the inline hardware: hardware amortisation and upkeep are left out of the cost (give purchasePriceUsd)')
    expect(unpricedWarnings).toContain('pricing is ignored for a local deployment (owned devices are not rented by the hour)')
  })

  it('self-hosted: a missing tier price names the tiers published; spot warns about reclaiming; edge about battery and heat', () => {
    const spot = handScenario({ pricing: 'spot' })
    expect(selfHostedWarnings(spot, memoryFor(spot), 1)).toContain('no spot price for the inline hardware in the catalog: cloud cost is unknown (published here: on-demand)')
    const edge = handScenario({ deployment: 'edge' })
    expect(selfHostedWarnings(edge, memoryFor(edge), 1).some((warning) => warning.startsWith('edge: battery drain and thermal throttling are not modelled'))).toBe(true)
  })

  it('self-hosted: a discount tier dearer than the default on-demand price says so, with its providers', () => {
    const hand = handScenario({ pricing: 'spot' })
    const offers = [
      { tier: 'on-demand', usdPerHour: 5, provider: 'Big Cloud', asOf: '2026-10-01' },
      { tier: 'spot', usdPerHour: 3, provider: 'Big Cloud', asOf: '2026-10-01' }
    ] as const
    const dear = { ...hand, hardware: { ...hand.hardware, id: 'hand-gpu', priceProvider: 'Small Cloud', priceAsOf: '2026-10-01', rentalPrices: [...offers] } }
    expect(selfHostedWarnings(dear, memoryFor(dear), 1)).toContain(
      'the spot price used, $3.00/h (Big Cloud), is above the default on-demand price, $2.00/h (Small Cloud): the tiers are offers of different providers, not one provider\'s price list; the catalog\'s other on-demand offer, $5.00/h (Big Cloud), is above it. Pricing "on-demand" costs less here'
    )
    const cheap = { ...dear, hardware: { ...dear.hardware, priceUsdPerHour: 4 } }
    expect(selfHostedWarnings(cheap, memoryFor(cheap), 1).some((text) => text.includes('above the default on-demand price'))).toBe(false)
  })

  it('llama.cpp on a data-centre GPU: its GPU factors come from consumer cards only, and the answer says so', () => {
    const body = { model: 'llama-2-7b', precision: 'q4_0', engine: 'llama.cpp', promptTokens: 512, outputTokens: 128 } as const
    const consumerFit = (hardware: string, engine?: string) =>
      estimate(defaultCatalog(), { ...body, hardware, ...(engine ? { engine, precision: "fp16" } : {}) }).warnings.some((text) => text.startsWith("llama.cpp's gpu efficiencies are fitted on consumer cards only"))
    expect(['a100-80gb', 'h100-sxm', 'b200'].map((hardware) => consumerFit(hardware))).toEqual([true, true, true])
    expect(consumerFit('rtx-4090')).toBe(false)
    expect(consumerFit('a100-80gb', 'vllm')).toBe(false)
  })

  it('api: batch, missing latency and undated price', () => {
    const scenario = { ...handScenario(), deployment: 'api', batchSize: 3, model: { ...handScenario().model, api: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 } } } as unknown as ApiScenario
    expect(apiWarnings(scenario, false)).toEqual([
      'for an api deployment each request of the batch is billed and served separately; latency is per request',
      'no published served latency for hand-model: latency and throughput are unknown',
      "the date of hand-model's price is not established; check the provider's price list"
    ])
  })
})

describe('warning ids', () => {
  it('each warning carries a stable id beside its text', () => {
    const edge = handScenario({ deployment: 'edge' })
    const warnings = rules.selfHostedWarnings(edge, memoryFor(edge), 1)
    expect(warnings.find((warning) => warning.text.startsWith('edge: battery drain'))!.id).toBe('edge-thermal')
    expect(rules.contextOverflow({ contextLength: 10 }, 11)).toEqual({ id: 'context-overflow', text: "prompt + output (11 tokens) exceeds the model's 10-token context window" })
  })
})
