// The time of one engine step under continuous batching: every running sequence in decode adds one
// token, and sequences still in prefill add a chunk of their prompt. A step is the roofline of what it
// does (the terms of physics/timing.ts: weights read once, KV read per sequence, FLOPs of every token
// in it, collectives) plus the engine's fixed and per-sequence step costs.
import { stepOverheadMsFor, type Efficiency } from '../physics/efficiency.js'
import { passCost, promptPassFloorMs, roofline, type PhaseTime, type StepShape } from '../physics/timing.js'
import type { SelfHostedScenario } from '../scenario.js'

export { decodeOnly, type StepShape } from '../physics/timing.js'

export type StepTime = PhaseTime

/** Per-sequence scheduling, sampling and bookkeeping cost of a step beyond the first sequence, microseconds. */
export interface StepCostFactors {
  perSequenceStepUs: number
}

/**
 * A step-time function for one run, with the run's constants computed once (the serving model
 * evaluates it many times per estimate). A step with no decoding sequence is a prompt pass: its fixed
 * cost is counted once per request (prefillOverheadMs), not per step.
 */
export function stepTimer(scenario: SelfHostedScenario, efficiency: Efficiency, factors: StepCostFactors): (shape: StepShape) => StepTime {
  const { terms } = passCost(scenario, efficiency)
  // A step carrying prompt tokens reads about the weights, KV and FLOPs of its decode-only step or more;
  // what can fall short by much is its fixed costs (engines that launch every layer of a decode step
  // one by one, as llama.cpp does). Where they do not, the floor is not worked out (the serving model
  // times thousands of steps per estimate): it then binds only where mean shapes run below one token
  // or sequence, by at most 1.7% of a step and 0.6% of an answer (a review's 7.8 million steps on
  // vLLM, TensorRT-LLM, SGLang and AutoAWQ).
  const floorMayBind = efficiency.stepOverheadMs + efficiency.eagerDecodeStepOverheadMs > efficiency.promptStepOverheadMs + efficiency.eagerStepOverheadMs
  const timer = (shape: StepShape): StepTime => {
    const pass = terms(shape)
    const overheadMs = stepOverheadMsFor(efficiency, shape.decodeSequences, shape.prefillTokens > 0, shape.graphOverflowShare) + pass.expertOverheadMs + (Math.max(0, shape.decodeSequences - 1) * factors.perSequenceStepUs) / 1000
    const time = roofline(pass.computeMs, pass.weightMs + pass.kvMs, pass.commMs, overheadMs)
    if (shape.prefillTokens <= 0 || !floorMayBind) return time
    // Work added to a step never shortens it: a step carrying prompt tokens lasts at least the
    // decode-only step of its sequences (physics/timing.ts, the batch-1 prompt pass's floor too).
    const floorMs = promptPassFloorMs(shape, efficiency, (decodeShape) => timer(decodeShape).ms)
    return floorMs > time.ms ? { ...time, ms: floorMs } : time
  }
  return timer
}
