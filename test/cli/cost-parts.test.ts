// The cost parts the page's stacked bars and the CLI's "cost parts" row show.
import { describe, expect, it } from 'vitest'
import { costBasisText, costChartLabel, costParts, costPartsText, hybridLines, hybridSharePercents } from '../../public/cost-parts.js'
import { formatUsd } from '../../public/format.js'
import { compare, estimate } from '../../src/estimator/index.js'
import { defaultCatalog } from '../helpers/app.js'

const catalog = defaultCatalog()

describe('cost parts', () => {
  it('an owned device: hardware, upkeep, energy and cooling per million output tokens, adding up to the total', () => {
    const answer = estimate(catalog, { model: 'llama-3.1-8b', hardware: 'rtx-4090', precision: 'q4_k_m', promptTokens: 500, outputTokens: 400 })
    const parts = costParts(answer.cost, 400)
    expect(parts.map((part) => part.key)).toEqual(['hardware', 'maintenance', 'energy', 'cooling'])
    expect(parts[0]!.perMillionUsd).toBeCloseTo((answer.cost.breakdown.hardwareAmortizationUsd! / 400) * 1e6, 9)
    const sum = parts.reduce((total, part) => total + part.perMillionUsd, 0)
    expect(sum).toBeCloseTo(answer.cost.perMillionOutputTokensUsd!, 3)
    expect(costPartsText(answer.cost, 400, formatUsd)).toMatch(/^hardware \$[0-9,.]+ \+ upkeep .* per million output tokens$/)
    expect(costBasisText(answer.cost.basis)).toBe('owned: $1,599 list price over 3 years, 24 h/day, PUE 1.25, upkeep 7.5%/year')
    // A price the request gives keeps its cents.
    for (const [price, shown] of [[0.4, '$0.4'], [1599.5, '$1,599.50'], [2000, '$2,000']] as const) {
      const given = estimate(catalog, { model: 'llama-3.1-8b', hardware: 'rtx-4090', precision: 'q4_k_m', promptTokens: 500, outputTokens: 400, purchasePriceUsd: price })
      expect(costBasisText(given.cost.basis)).toMatch(new RegExp(`^owned: \\${shown} as given over 3 years`))
    }
  })

  it('owned without a purchase price: the basis says the cost shown is energy and cooling alone', () => {
    const answer = estimate(catalog, { model: 'llama-3.1-8b', hardware: 'm2-ultra', promptTokens: 500, outputTokens: 400 })
    expect(answer.cost.basis).toMatchObject({ kind: 'ownership', purchasePriceUsd: null })
    expect(answer.cost.perRequestUsd).toBeGreaterThan(0)
    expect(costParts(answer.cost, 400).map((part) => part.key)).toEqual(['energy', 'cooling'])
    expect(costBasisText(answer.cost.basis)).toBe('owned, with no purchase price known: energy and cooling only (amortisation and upkeep are left out until one is given)')

    // The compare cost chart says so beside the row's energy-only bars; a priced row reads as before.
    const rows = compare(catalog, { workload: { promptTokens: 500, outputTokens: 400 }, candidates: [{ model: 'llama-3.1-8b', hardware: 'a100-80gb', deployment: 'local' }, { model: 'llama-3.1-8b', hardware: 'h100-sxm' }] }, { estimate: true }).rows
    expect(rows.map(costChartLabel)).toEqual(['llama-3.1-8b@h100-sxmx1/fp16 (rental (on-demand))', 'llama-3.1-8b@a100-80gbx1/fp16/local (ownership: energy and cooling only, no purchase price)'])
  })

  it('an api model: token prices only; a rented device: rental only', () => {
    const api = estimate(catalog, { model: 'gpt-4', promptTokens: 1000, outputTokens: 1000 })
    const apiParts = costParts(api.cost, 1000)
    expect(apiParts.map((part) => part.label)).toEqual(['API tokens'])
    expect(apiParts[0]!.perMillionUsd).toBeCloseTo(90, 9) // ($0.03 + $0.06) / 1000 tokens × 1e6
    const rented = estimate(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 100, outputTokens: 100 })
    expect(costParts(rented.cost, 100).map((part) => part.key)).toEqual(['rental'])
    expect(costBasisText(rented.cost.basis)).toMatch(/^rented on-demand \(Lambda/)
  })

  it('a hybrid plan\'s two shares are rounded alike and add up to 100%', () => {
    const answer = compare(catalog, { workload: { promptTokens: 500, outputTokens: 500, requestsPerDay: 200_000, peakToAverage: 1.5 }, matrix: { models: ['llama-3.1-8b', 'llama-3.1-70b'], hardware: ['h100-sxm', 'l4'] }, hybridWith: 'gpt-4o' })
    const lines = hybridLines(answer)
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) {
      const [, selfHosted, api] = line.match(/carr(?:y|ies) ([\d.]+)% of requests, gpt-4o@api the other ([\d.]+)%/)!
      expect([selfHosted, api].every((percent) => /^\d+(\.\d)?$/.test(percent!)), line).toBe(true)
      expect(Math.round((Number(selfHosted) + Number(api)) * 10), line).toBe(1000)
    }
    expect(hybridSharePercents(0.0124)).toEqual(['98.8', '1.2'])
    expect(hybridSharePercents(0.00466)).toEqual(['99.5', '0.5'])
    expect(hybridSharePercents(0)).toEqual(['100', '0'])
    expect(hybridSharePercents(0.5)).toEqual(['50', '50'])
    // A share too small to show at one decimal is not written as 0.
    expect(hybridSharePercents(0.0004)).toEqual(['>99.9', '<0.1'])
    expect(hybridSharePercents(0.9996)).toEqual(['<0.1', '>99.9'])
  })
})
