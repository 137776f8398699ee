// stateCarrying: the closed loop's family of steady states. Each member is a true steady state (its
// steps average to its own mean step time, its decoding count is what its rate produces), and the
// clients a member holds grow along the family, so a root search on it lands on one state per N.
import { describe, expect, it } from 'vitest'
import { runPhysicsOf } from '../../../src/estimator/physics/run.js'
import { resolveScenario } from '../../../src/estimator/resolve.js'
import type { SelfHostedScenario } from '../../../src/estimator/scenario.js'
import { prepareServing, servingInputOf } from '../../../src/estimator/serving/index.js'
import { mostPromptPerStep, stateCarrying } from '../../../src/estimator/serving/operating-point.js'
import { USABLE_PREFILL_BUDGET } from '../../../src/estimator/serving/load.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()
function contextFor(request: { model: string; hardware: string; engine: string; promptTokens: number; outputTokens: number }) {
  const scenario = resolveScenario(catalog, request) as SelfHostedScenario
  const physics = runPhysicsOf(scenario)
  return prepareServing(servingInputOf(scenario, physics.efficiency, physics.memory))!.context
}

describe('stateCarrying', () => {
  // gpt-oss-120b on a B200 at 8,000/300 tokens is where the step-time solve once stopped on a step time
  // of 29 ms whose own steps averaged 49 ms; SGLang does not mix prompts into decode steps.
  const cases = [
    { model: 'gpt-oss-120b', hardware: 'b200', engine: 'vllm', promptTokens: 8000, outputTokens: 300 },
    { model: 'llama-3.1-8b', hardware: 'h100-sxm', engine: 'sglang', promptTokens: 1000, outputTokens: 200 },
    { model: 'llama-3.1-8b', hardware: 'h100-sxm', engine: 'tensorrt-llm', promptTokens: 128, outputTokens: 1000 }
  ]
  for (const request of cases) {
    it(`every member is a steady state of its own steps, and holds more clients the more it carries (${request.engine}, ${request.promptTokens}/${request.outputTokens})`, () => {
      const context = contextFor(request)
      const clients = 64
      const othersShare = (clients - 1) / clients
      const most = mostPromptPerStep(context, USABLE_PREFILL_BUDGET)
      let heldBefore = 0
      for (const share of [0.01, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1]) {
        const othersPromptPerStep = share * most
        const state = stateCarrying(context, othersPromptPerStep, othersShare, { otherClients: clients - 1 })
        expect(state.converged).toBe(true)
        // Its steps average to its mean step time.
        const averaged = (1 - state.mixedStepShare) * state.decodeStepMs + state.mixedStepShare * state.mixedStepMs
        expect(averaged / state.meanStepMs).toBeCloseTo(1, 9)
        // The others decoding beside a request are what its rate produces over their decode steps.
        const othersDecoding = ((state.throughputRps * othersShare) / 1000) * (request.outputTokens - 1) * state.meanStepMs
        expect(state.decodeSequences - 1).toBeCloseTo(othersDecoding, 6)
        // And the prompt tokens others bring into a step are the ones asked for.
        expect(((state.throughputRps * othersShare) / 1000) * request.promptTokens * state.meanStepMs).toBeCloseTo(othersPromptPerStep, 6)
        const held = (state.throughputRps * state.cycleMs) / 1000
        expect(held).toBeGreaterThan(heldBefore)
        heldBefore = held
      }
    })
  }
  it('stops at the usable share of the step budget, or at every decoding slot taken', () => {
    const context = contextFor({ model: 'llama-3.1-8b', hardware: 'h100-sxm', engine: 'vllm', promptTokens: 1000, outputTokens: 201 })
    const most = mostPromptPerStep(context, USABLE_PREFILL_BUDGET)
    const { maxBatchedTokens, maxRunningSequences } = context.limits
    // Prompts at 95% of what the budget leaves beside the decoding sequences they turn into (200 decode
    // steps per 1,000-token prompt: 0.2 sequences per prompt token), or every slot but the request's own.
    const byBudget = (0.95 * maxBatchedTokens) / (1 + 0.95 * 0.2)
    const bySlots = (maxRunningSequences - 1) / 0.2
    expect(most).toBeCloseTo(Math.min(byBudget, bySlots), 9)
  })
})
