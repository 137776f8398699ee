// API cost with a cached share of the prompt and long-prompt tiers, by hand from the catalog prices.
import { describe, expect, it } from 'vitest'
import { loadCatalogSet } from '../../src/catalog/index.js'
import { compare } from '../../src/estimator/compare/compare.js'
import { EstimateError } from '../../src/estimator/errors.js'
import { estimate } from '../../src/estimator/index.js'

const catalogs = loadCatalogSet()
const catalog = catalogs.get('2026.12.0')!

describe('cached prompt share', () => {
  it('bills the cached share of the prompt at the cached-input price', () => {
    // GPT-4.1: $2 input, $0.50 cached input, $8 output per million tokens.
    const e = estimate(catalog, { model: 'gpt-4.1', promptTokens: 10_000, outputTokens: 500, cachedPromptShare: 0.8 })
    const expectedInput = (2000 * 2 + 8000 * 0.5) / 1e6
    expect(e.cost.breakdown.apiInputUsd).toBeCloseTo(expectedInput, 10)
    expect(e.cost.perRequestUsd).toBeCloseTo(expectedInput + (500 * 8) / 1e6, 10)
    const uncached = estimate(catalog, { model: 'gpt-4.1', promptTokens: 10_000, outputTokens: 500 })
    expect(uncached.cost.breakdown.apiInputUsd).toBeCloseTo((10_000 * 2) / 1e6, 10)
  })
  it('without a published cached price, cached tokens cost the input price and a warning says so', () => {
    const e = estimate(catalog, { model: 'mistral-large', promptTokens: 1000, outputTokens: 100, cachedPromptShare: 0.5 })
    expect(e.cost.breakdown.apiInputUsd).toBeCloseTo((1000 * 2) / 1e6, 10)
    expect(e.warnings.join(' ')).toMatch(/no published cached-input price for mistral-large/)
  })
  it('a catalog version without cached prices answers a 422 naming catalogVersion', () => {
    let error: unknown
    try {
      estimate(catalogs.get('2026.11.0')!, { model: 'gpt-4o', promptTokens: 1000, outputTokens: 100, cachedPromptShare: 0.5 })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(EstimateError)
    expect((error as EstimateError).status).toBe(422)
    expect((error as EstimateError).errors[0]!.pointer).toBe('/body/catalogVersion')
    expect(estimate(catalogs.get('2026.11.0')!, { model: 'gpt-4o', promptTokens: 1000, outputTokens: 100, cachedPromptShare: 0 }).cost.perRequestUsd).toBeCloseTo((1000 * 2.5 + 100 * 10) / 1e6, 10)
  })
  it('is ignored, with a warning, for self-hosted deployments', () => {
    const e = estimate(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 1000, outputTokens: 100, cachedPromptShare: 0.5 })
    expect(e.warnings.join(' ')).toMatch(/cachedPromptShare only changes API prices/)
  })
  it('reaches /compare rows through the workload', () => {
    const body = compare(catalog, { workload: { promptTokens: 10_000, outputTokens: 100, cachedPromptShare: 1 }, candidates: [{ model: 'claude-haiku-4.5' }] }, { estimate: true })
    // Claude Haiku 4.5: $0.10 per million cached input tokens, $5 output.
    expect(body.rows[0]!.estimate!.cost.perRequestUsd).toBeCloseTo((10_000 * 0.1 + 100 * 5) / 1e6, 10)
  })
})

describe('long-prompt tier', () => {
  it('Gemini 2.5 Pro bills every token of a prompt over 200K at the higher tier', () => {
    const short = estimate(catalog, { model: 'gemini-2.5-pro', promptTokens: 200_000, outputTokens: 1000 })
    expect(short.cost.perRequestUsd).toBeCloseTo((200_000 * 1.25 + 1000 * 10) / 1e6, 10)
    const long = estimate(catalog, { model: 'gemini-2.5-pro', promptTokens: 200_001, outputTokens: 1000 })
    expect(long.cost.perRequestUsd).toBeCloseTo((200_001 * 2.5 + 1000 * 15) / 1e6, 10)
  })
})

describe('command line', () => {
  it('--cached-prompt-share reaches the estimate', async () => {
    const { runEstimate } = await import('../../src/cli/commands.js')
    const lines: string[] = []
    runEstimate({ model: 'gpt-4.1', promptTokens: 10_000, outputTokens: 500, cachedPromptShare: 0.8, json: true }, (line: string) => lines.push(line))
    expect(JSON.parse(lines.join('\n')).cost.breakdown.apiInputUsd).toBeCloseTo((2000 * 2 + 8000 * 0.5) / 1e6, 10)
  })
})
