// The steady state of a continuous-batching engine completing `throughputRps` requests per second:
// how many sequences a decoding request shares its steps with, how often a step also carries prompt
// chunks, and so the mean step time (TPOT), the time a prompt takes to get through (TTFT) and how many
// sequences are in flight. A fluid model seen from one tagged request: others arrive at the given rate.
import type { SelfHostedScenario } from '../scenario.js'
import type { SchedulerLimits } from './limits.js'
import { mdOneWait, normalUpperTail, occupancyVariance } from './queue.js'
import { decodeOnly, type StepShape, type StepTime } from './step.js'

export interface ServingFactors {
  /** Scheduling, sampling and bookkeeping per running sequence per step, microseconds. */
  perSequenceStepUs: number
  /** Multiplier on the wait for the prefill budget (1: Poisson-like arrivals; more: burstier scheduling). */
  prefillQueueFactor: number
  /** Prompt chunks ride in the same step as decode tokens (vLLM, TensorRT-LLM); false: a prefill step pauses decoding (SGLang's default). */
  mixesPrefillWithDecode: boolean
}

export interface ServingContext {
  scenario: SelfHostedScenario
  step: (shape: StepShape) => StepTime
  limits: SchedulerLimits
  factors: ServingFactors
  /** Fixed per-request cost on the way to the first token (tokenisation, scheduling, first sampling), ms. */
  prefillOverheadMs: number
  /** Where every operating point of the run starts, filled in by the first one (idleStartOf). */
  idleStart?: IdleStart | undefined
  /** Largest decode batch the engine replays from captured CUDA graphs (larger ones run eagerly); Infinity without graphs. */
  graphMaxBatch: number
}

export interface OperatingPoint {
  throughputRps: number
  /** Share of the other requests' load a tagged request sees: (N − 1)/N in a closed loop of N, 1 in an open loop. */
  othersShare: number
  /** Sequences in a decode step as a decoding request sees it (itself included). */
  decodeSequences: number
  /** Mean time between a request's output tokens: the mean step time. */
  meanStepMs: number
  decodeStepMs: number
  mixedStepMs: number
  /** Share of steps that also carry prompt chunks. */
  mixedStepShare: number
  /** Time the request's own prompt takes once its turn comes, ms. */
  prefillServiceMs: number
  /** Mean wait for the prefill budget behind other prompts, ms. */
  prefillWaitMs: number
  /** Share of the step budget other prompts use (≥ 1: the budget cannot keep up). */
  prefillUtilisation: number
  /**
   * Share of time the engine spends on other prompts: the budget share weighted by how much longer the
   * steps that carry prompts last than the mean step. An arrival finds a prompt in progress this often.
   */
  prefillBusyShare: number
  /** Mean wait for the step in progress to end, ms. */
  residualMs: number
  /** Mean time from submission to first token, without waiting for a free sequence slot, ms. */
  firstTokenMs: number
  /** Mean time from submission to the last token, without waiting for a free slot, ms. */
  cycleMs: number
  /** Mean sequences holding a slot (in prefill or decode). */
  runningSequences: number
  bound: 'compute' | 'memory'
  /** Marginal step time of one more decoding sequence, ms. */
  stepMsPerSequence: number
  /**
   * Whether the step time settled. Near a compute-bound prompt capacity the step time that carries the
   * prompts arriving during it stops existing (each longer step brings more than its length in prompt
   * work); a point that did not settle describes no steady state and counts as beyond capacity.
   */
  converged: boolean
}

const MAX_ITERATIONS = 40

/** A fixed point found, or the last iterate when the solve did not settle (then no steady state was found). */
export interface FixedPoint {
  x: number
  converged: boolean
}

/**
 * x = f(x) for an increasing, bounded f with f(x) > 0, started below the fixed point: secant steps,
 * bracketed once a step overshoots (f(x) < x), so the solve settles on the lowest fixed point — the
 * state an engine coming up from idle reaches when batching feeds on itself.
 */
export function fixedPoint(f: (x: number) => number, start: number, tolerance = 1e-3): FixedPoint {
  let below = start
  let gBelow = f(below) - below
  if (Math.abs(gBelow) <= tolerance * below) return { x: below, converged: true }
  let above = Infinity
  let gAbove = -Infinity
  let previous = below
  let gPrevious = gBelow
  let x = below + gBelow
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const g = f(x) - x
    if (Math.abs(g) <= tolerance * x) return { x, converged: true }
    if (g > 0) {
      below = x
      gBelow = g
    } else {
      above = x
      gAbove = g
    }
    const slope = (g - gPrevious) / (x - previous)
    let next = slope !== 0 && Number.isFinite(slope) ? x - g / slope : x + g
    if (Number.isFinite(above)) {
      // Keep inside the bracket; fall back to regula falsi between its ends.
      if (!(next > below && next < above)) next = (below * gAbove - above * gBelow) / (gAbove - gBelow)
    } else if (!(next > below)) next = x + g
    previous = x
    gPrevious = g
    x = next
  }
  return { x, converged: false }
}

/**
 * How the request rate is set: given outright (an open loop, or a closed loop's state by stateCarrying),
 * or by every sequence slot kept busy (rate = slots / time a request holds one).
 */
export type RateRule =
  | { kind: 'fixed'; requestsPerSecond: number }
  | { kind: 'slots'; slots: number }

/** A closed loop's clients other than the tagged one: at most that many prompts can queue ahead of it. */
export interface ClosedLoopClients {
  otherClients: number
}

/** Whether the tagged request decodes beside others (1) or not (0): with one output token its steps are prompt passes only. */
const ownDecodingOf = (decodeSteps: number) => (decodeSteps > 0 ? 1 : 0)

/** Mean tokens a decoding sequence has cached: its prompt and half its output. */
const decodeContextOf = (scenario: SelfHostedScenario) => scenario.promptTokens + scenario.outputTokens / 2

/** Where every operating point of a run starts: one sequence decoding alone, and the request's prompt through an idle engine. */
export interface IdleStart {
  decodeStep: StepTime
  prefillServiceMs: number
}

// Worked out once per context and kept on it: /compare's planner solves six operating points or so per
// candidate, and these were two to three of each one's step-time evaluations (a WeakMap beside the
// contexts cost ~1.4 us per context, most of what it saved).
export function idleStartOf(context: ServingContext): IdleStart {
  if (context.idleStart === undefined) {
    const decodeContext = decodeContextOf(context.scenario)
    context.idleStart = { decodeStep: context.step(decodeOnly(1, decodeContext)), prefillServiceMs: prefillService(context, 0, decodeContext, context.limits.maxBatchedTokens, 0) }
  }
  return context.idleStart
}

/**
 * The steady state under a rate rule; `startStepMs` warm-starts the solve. In a closed loop the prompt
 * queue is bounded by the other clients.
 */
export function operatingPoint(context: ServingContext, rule: RateRule, othersShare: number, startStepMs?: number, closed?: ClosedLoopClients): OperatingPoint {
  const othersAtMost = closed?.otherClients ?? Infinity
  const { scenario, step, limits, factors } = context
  const prompt = scenario.promptTokens
  const decodeSteps = Math.max(0, scenario.outputTokens - 1)
  const decodeContext = decodeContextOf(scenario)
  const ownDecoding = ownDecodingOf(decodeSteps)
  const seqCap = Math.max(1, limits.maxRunningSequences)
  const budget = limits.maxBatchedTokens

  // The mean step time is a fixed point: it sets the request rate (under the rule), how many others
  // decode beside the request and how many prompt tokens arrive per step, which set the step time.
  // The rest of the time to first token (own prompt, waits) follows the last evaluation.
  let throughputRps = rule.kind === 'fixed' ? rule.requestsPerSecond : 0
  let othersDecoding = 0
  let decodeSequences = ownDecoding
  let othersPrefillPerStep = 0
  let share = 0
  const start = idleStartOf(context)
  let decodeStep: StepTime = start.decodeStep
  let mixedStep: StepTime = decodeStep
  let prefillServiceMs = start.prefillServiceMs
  let prefillWaitMs = 0
  let residualMs = 0
  let prefillUtilisation = 0
  let prefillBusyShare = 0
  // Variance of the count of others decoding over the steps (0 while every slot is held).
  let occupancy = 0
  const mostSequences = mostSequencesOf(context, closed)
  const rateFor = (stepMs: number): number => {
    switch (rule.kind) {
      case 'fixed':
        return rule.requestsPerSecond
      case 'slots':
        return (rule.slots * 1000) / (prefillServiceMs + decodeSteps * stepMs)
    }
  }
  const stepAfter = (stepMs: number): number => {
    throughputRps = rateFor(stepMs)
    const ratePerMs = (throughputRps * othersShare) / 1000
    othersDecoding = Math.min(seqCap - 1, ratePerMs * decodeSteps * stepMs)
    decodeSequences = ownDecoding + othersDecoding
    othersPrefillPerStep = ratePerMs * prompt * stepMs
    occupancy = rule.kind === 'slots' ? 0 : occupancyVariance(othersDecoding, closed?.otherClients)
    const mix = stepMix(context, decodeSequences, othersPrefillPerStep, occupancy, mostSequences)
    share = mix.share
    decodeStep = mix.decodeStep
    mixedStep = mix.mixedStep
    const meanMs = mix.meanMs
    const prefillRoom = Math.max(1, budget - othersDecoding)
    prefillServiceMs = prefillService(context, othersDecoding, decodeContext, prefillRoom, othersPrefillPerStep)
    prefillUtilisation = othersPrefillPerStep / prefillRoom
    prefillBusyShare = meanMs > 0 ? Math.min(1, (prefillUtilisation * mixedStep.ms) / meanMs) : prefillUtilisation
    // The open-queue wait for the step budget (its mean scaled by the engine's fitted factor), but never
    // more than every other client's prompt ahead.
    const promptSteps = prompt / prefillRoom
    prefillWaitMs = Math.min(factors.prefillQueueFactor * mdOneWait(prefillUtilisation, promptSteps), othersAtMost * promptSteps) * mixedStep.ms
    // The step in progress at arrival, when one is: with others in flight as a Poisson count, the
    // engine is idle on arrival with probability e^(−others in flight) (a trickle of requests finds it
    // idle and starts at once, as at batch 1); a closed loop's others hold at most their share.
    const othersInFlight = ratePerMs * (prefillServiceMs + decodeSteps * stepMs)
    const busyOnArrival = Math.min(othersShare, -Math.expm1(-othersInFlight))
    residualMs = busyOnArrival * (((1 - share) * decodeStep.ms ** 2 + share * mixedStep.ms ** 2) / (2 * meanMs))
    return meanMs
  }
  const idle = othersShare === 0 || (rule.kind === 'fixed' && rule.requestsPerSecond === 0)
  const solved = idle ? { x: stepAfter(decodeStep.ms), converged: true } : fixedPoint(stepAfter, startStepMs ?? decodeStep.ms)
  const meanStepMs = solved.x
  // A settled solve last evaluated the step time it returns, so a fixed rate's state is already that
  // step time's; the other rules read the previous iterate (waits, prompt service, decoding count), so
  // their state is brought to the answer with one more evaluation, as is an unsettled solve's.
  if (!idle && !(solved.converged && rule.kind === 'fixed')) stepAfter(meanStepMs)
  const firstTokenMs = residualMs + prefillWaitMs + prefillServiceMs + context.prefillOverheadMs
  // How much a step lengthens per decoding sequence, for how TPOT varies with the count in flight.
  // Where the count cannot pass the engine's captured decode graphs (it does not vary, or no more
  // sequences can run than the graphs hold) and one more would, the difference ahead holds a jump
  // to eager launches that no step takes: TPOT p99 read 56 ms just below that edge and 33 ms just
  // above it (SGLang on an L40S). The difference behind is taken there.
  const edge = context.graphMaxBatch
  const graphEdgeAhead = (occupancy === 0 || mostSequences <= edge) && decodeSequences >= 1 && decodeSequences <= edge && decodeSequences + 1 > edge
  const oneMore = graphEdgeAhead
    ? decodeStep.ms - step(decodeShape(context, decodeSequences - 1, decodeContext, occupancy, mostSequences)).ms
    : step(decodeShape(context, decodeSequences + 1, decodeContext, occupancy, mostSequences)).ms - decodeStep.ms
  return {
    throughputRps,
    othersShare,
    decodeSequences,
    meanStepMs,
    decodeStepMs: decodeStep.ms,
    mixedStepMs: mixedStep.ms,
    mixedStepShare: share,
    prefillServiceMs,
    prefillWaitMs,
    prefillUtilisation,
    prefillBusyShare,
    residualMs,
    firstTokenMs,
    cycleMs: firstTokenMs + decodeSteps * meanStepMs,
    runningSequences: (throughputRps * (prefillServiceMs + decodeSteps * meanStepMs)) / 1000,
    bound: share >= 0.5 ? mixedStep.bound : decodeStep.bound,
    stepMsPerSequence: Math.max(0, oneMore),
    converged: solved.converged
  }
}

/** The steps of a state: how often one carries prompt chunks, the decode-only and the mixed step, and their mean. */
interface StepMix {
  share: number
  decodeStep: StepTime
  mixedStep: StepTime
  meanMs: number
}

/**
 * A decode-only step of `decodeSequences` sequences on average whose count varies with variance
 * `occupancy` (and at most `mostSequences`): where the engine replays decode batches from captured
 * CUDA graphs, the share of its occurrences past the largest one (normal approximation of the
 * count), so its mean time rises smoothly through that edge as the count's distribution crosses it,
 * instead of jumping where the mean does (SGLang on an L40S: TPOT 25.7 ms at 42.5% of capacity,
 * 30.4 ms at 42.75%).
 */
function decodeShape(context: ServingContext, decodeSequences: number, decodeContextTokens: number, occupancy: number, mostSequences: number): StepShape {
  const shape = decodeOnly(decodeSequences, decodeContextTokens)
  const edge = context.graphMaxBatch
  // No step can overflow graphs that hold every sequence there can be (the slots, or a closed loop's
  // clients), nor the graphs of an engine without them (an infinite edge).
  if (!(occupancy > 0) || mostSequences <= edge) return shape
  shape.graphOverflowShare = normalUpperTail((edge - decodeSequences) / Math.sqrt(occupancy))
  return shape
}

/** The most sequences a step can hold: the engine's slots, or fewer when a closed loop has fewer clients. */
const mostSequencesOf = (context: ServingContext, closed: ClosedLoopClients | undefined) => Math.min(Math.max(1, context.limits.maxRunningSequences), closed === undefined ? Infinity : 1 + closed.otherClients)

/** The steps of `decodeSequences` decoding sequences while other prompts bring `othersPrefillPerStep` tokens per step. */
function stepMix(context: ServingContext, decodeSequences: number, othersPrefillPerStep: number, occupancy: number, mostSequences: number): StepMix {
  const { scenario, step, limits } = context
  const prompt = scenario.promptTokens
  const decodeContext = decodeContextOf(scenario)
  const room = Math.max(1, limits.maxBatchedTokens - decodeSequences)
  const chunk = Math.min(room, Math.max(prompt, othersPrefillPerStep))
  const share = Math.min(1, othersPrefillPerStep / chunk)
  const decodeStep = step(decodeShape(context, decodeSequences, decodeContext, occupancy, mostSequences))
  const mixedStep = share > 0 ? mixedStepTime(context, decodeSequences, decodeContext, chunk, decodeStep) : decodeStep
  return { share, decodeStep, mixedStep, meanMs: (1 - share) * decodeStep.ms + share * mixedStep.ms }
}

/**
 * The steady state in which the other requests bring `othersPromptPerStep` prompt tokens into each step.
 * Each of them then decodes its output after its prompt, so othersPromptPerStep × decode steps ÷ prompt
 * tokens sequences decode beside the tagged one: the steps are known outright, and so is the request
 * rate that keeps them so (prompt tokens per step ÷ prompt tokens per request ÷ the mean step). No
 * fixed point to search: a closed loop is solved along this family (the clients it holds grow with
 * it), so it never lands on a solve's stray iterate and moves smoothly with N.
 */
export function stateCarrying(context: ServingContext, othersPromptPerStep: number, othersShare: number, closed?: ClosedLoopClients): OperatingPoint {
  const decodeSteps = Math.max(0, context.scenario.outputTokens - 1)
  const othersDecoding = (othersPromptPerStep * decodeSteps) / context.scenario.promptTokens
  const decodeSequences = ownDecodingOf(decodeSteps) + othersDecoding
  const { meanMs } = stepMix(context, decodeSequences, othersPromptPerStep, occupancyVariance(othersDecoding, closed?.otherClients), mostSequencesOf(context, closed))
  const requestsPerSecond = (othersPromptPerStep * 1000) / (othersShare * context.scenario.promptTokens * meanMs)
  return operatingPoint(context, { kind: 'fixed', requestsPerSecond }, othersShare, meanMs, closed)
}

/**
 * The most prompt tokens per step other requests can bring while the state stays steady: every
 * sequence slot busy, or prompts using the usable share of the step budget.
 */
export function mostPromptPerStep(context: ServingContext, usableBudgetShare: number): number {
  const { promptTokens, outputTokens } = context.scenario
  const decodeSteps = Math.max(0, outputTokens - 1)
  const perDecoding = decodeSteps / promptTokens
  const byBudget = (usableBudgetShare * context.limits.maxBatchedTokens) / (1 + usableBudgetShare * perDecoding)
  const bySlots = decodeSteps > 0 ? (Math.max(1, context.limits.maxRunningSequences) - 1) / perDecoding : Infinity
  return Math.min(byBudget, bySlots)
}

/** A step carrying `chunk` prompt tokens beside the decode batch (or, without mixing, a prefill step and then the decode step). */
function mixedStepTime(context: ServingContext, decodeSequences: number, decodeContext: number, chunk: number, decodeStep: StepTime): StepTime {
  const prompt = context.scenario.promptTokens
  const budget = context.limits.maxBatchedTokens
  if (context.factors.mixesPrefillWithDecode) return context.step(prefillShape(chunk, prompt, budget, decodeSequences, decodeContext))
  const alone = context.step(prefillShape(chunk, prompt, budget, 0, 0))
  return { ms: alone.ms + decodeStep.ms, computeMs: alone.computeMs, memoryMs: alone.memoryMs, commMs: alone.commMs, bound: alone.bound }
}

/**
 * A step holding `chunk` prompt tokens (whole prompts when they fit, else pieces of long ones) beside
 * `decodeSequences` decoding sequences. Built as one literal: the serving model builds it in its
 * inner loop, where spreading a partial shape into a new object costs a hidden class per call.
 */
export function prefillShape(chunk: number, prompt: number, budget: number, decodeSequences: number, decodeContextTokens: number): StepShape {
  const piece = Math.min(prompt, budget)
  const pieces = prompt / piece
  return {
    decodeSequences,
    decodeContextTokens,
    prefillTokens: chunk,
    prefillSequences: chunk / piece,
    // A long prompt's chunks see on average half of the rest of the prompt already cached.
    prefillPastTokens: pieces > 1 ? (prompt - piece) / 2 : 0,
    prefillFinishing: chunk / prompt
  }
}

/**
 * Time the tagged request's prompt takes once scheduled: its chunks of up to `room` tokens, each in a
 * step with the other sequences' decode tokens (and other prompts' tokens while the budget allows).
 */
function prefillService(context: ServingContext, othersDecoding: number, decodeContext: number, room: number, othersPrefillPerStep: number): number {
  const prompt = context.scenario.promptTokens
  const chunks = Math.ceil(prompt / room)
  const lastChunk = prompt - (chunks - 1) * room
  const full = chunks > 1 ? (chunks - 1) * ownChunkStepMs(context, othersDecoding, decodeContext, room, othersPrefillPerStep, chunks, room, ((chunks - 2) / 2) * room) : 0
  return full + ownChunkStepMs(context, othersDecoding, decodeContext, room, othersPrefillPerStep, chunks, lastChunk, (chunks - 1) * room)
}

/**
 * One step of prefillService: `own` tokens of the request's prompt after `past` of them, beside other
 * prompts' tokens while the room allows. A function of its own rather than a closure made per call (the
 * serving model's inner loop calls prefillService on every iterate).
 */
function ownChunkStepMs(context: ServingContext, othersDecoding: number, decodeContext: number, room: number, othersPrefillPerStep: number, chunks: number, own: number, past: number): number {
  const prompt = context.scenario.promptTokens
  const others = Math.min(Math.max(0, room - own), othersPrefillPerStep)
  const shape: StepShape = {
    decodeSequences: context.factors.mixesPrefillWithDecode ? othersDecoding : 0,
    decodeContextTokens: decodeContext,
    prefillTokens: own + others,
    prefillSequences: 1 + others / Math.min(prompt, room),
    prefillPastTokens: past,
    prefillFinishing: 1 / chunks + others / prompt
  }
  return context.step(shape).ms
}
