// The bar charts' short labels (public/chart-labels.js): ids of one comparison that differ only in
// their precision, device count or deployment still read apart when cut to a phone's width.
import { describe, expect, it } from 'vitest'
import { shortLabels } from '../../public/chart-labels.js'

const PRECISIONS = ['llama-3.1-8b@h100-sxmx1/fp16', 'llama-3.1-8b@h100-sxmx1/fp8', 'llama-3.1-8b@h100-sxmx1/int4']
const DEVICE_COUNTS = ['llama-3.1-70b@h100-sxmx1/fp8', 'llama-3.1-70b@h100-sxmx2/fp8', 'llama-3.1-70b@h100-sxmx4/fp8']
const DEPLOYMENTS = ['llama-3.1-8b@rtx-4090x1/q4_k_m', 'llama-3.1-8b@rtx-4090x1/q4_k_m/local']
const MODELS_AND_PRECISIONS = ['llama-3.1-8b@h100-sxmx1/fp16', 'llama-3.1-70b@h100-sxmx1/fp16', 'llama-3.1-8b@h100-sxmx1/fp8', 'llama-3.1-70b@h100-sxmx1/fp8']
/** The cost chart's labels: the id and how its cost is reckoned. */
const COST_LABELS = PRECISIONS.map((id) => `${id} (rental (on-demand))`)
const WITH_API = ['llama-2-13b@a100-80gbx1/fp16 (rental (on-demand))', 'llama-2-7b@a100-80gbx1/fp16 (rental (on-demand))', 'gpt-4@api (api)']

describe('shortLabels', () => {
  it('leaves labels that fit as they are', () => {
    expect(shortLabels(PRECISIONS, 64)).toEqual(PRECISIONS)
    expect(shortLabels([1, 2], 4)).toEqual(['1', '2'])
  })

  it('keeps the precision that tells the ids apart, and shortens the part they share', () => {
    const shown = shortLabels(PRECISIONS, 20)
    expect(shown).toEqual(['llama-3.1-8b@h…/fp16', 'llama-3.1-8b@h1…/fp8', 'llama-3.1-8b@h…/int4'])
    const costShown = shortLabels(COST_LABELS, 22)
    expect(costShown.map((label) => label.match(/\/(fp16|fp8|int4)/)?.[1])).toEqual(['fp16', 'fp8', 'int4'])
  })

  it('keeps the device count and the deployment where those are what differ', () => {
    expect(shortLabels(DEVICE_COUNTS, 20).map((label) => label.match(/sxmx(\d)/)?.[1])).toEqual(['1', '2', '4'])
    const deployments = shortLabels(DEPLOYMENTS, 20)
    expect(deployments[1]).toMatch(/\/local$/)
    expect(deployments[0]).not.toMatch(/local/)
  })

  it('labels that differ in two places keep both', () => {
    const shown = shortLabels(MODELS_AND_PRECISIONS, 20)
    expect(shown.map((label) => [label.includes('70b') ? '70b' : '8b', label.split('/').at(-1)])).toEqual([['8b', 'fp16'], ['70b', 'fp16'], ['8b', 'fp8'], ['70b', 'fp8']])
  })

  it('at any width from 12 characters, every label fits and no two read the same', () => {
    for (const labels of [PRECISIONS, DEVICE_COUNTS, DEPLOYMENTS, MODELS_AND_PRECISIONS, COST_LABELS, WITH_API]) {
      for (let maxChars = 12; maxChars <= 60; maxChars++) {
        const shown = shortLabels(labels, maxChars)
        expect(shown.every((label) => label.length <= maxChars), `${maxChars}: ${shown.join(' | ')}`).toBe(true)
        expect(new Set(shown).size, `${maxChars}: ${shown.join(' | ')}`).toBe(labels.length)
      }
    }
  })
})
