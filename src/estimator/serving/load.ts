// Where a deployment settles under a given load: a closed loop of N clients (each sends its next
// request when the last one answers), an open loop of requests arriving at rate λ (Poisson), and the
// capacity it sustains when requests never stop coming.
import { belowCapacityQueueMs, mdcWait } from './queue.js'
import { mostPromptPerStep, operatingPoint, stateCarrying, type ClosedLoopClients, type OperatingPoint, type ServingContext } from './operating-point.js'

/** Horizon over which an overloaded open loop is described: the first 10 minutes of arrivals. */
export const SATURATION_HORIZON_S = 600


export interface AdmissionWait {
  /** Mean wait for a free sequence slot, ms. */
  meanMs: number
  /**
   * How the wait is spread: an exponential tail with this probability of waiting at all; evenly, for
   * the backlog of an overloaded open loop growing over the horizon; or the same for everyone in a
   * closed loop.
   */
  shape: { kind: 'exponential'; probabilityOfWaiting: number } | { kind: 'uniform' } | { kind: 'fixed' }
}

export interface Capacity {
  requestsPerSecond: number
  runningSequences: number
  limitedBy: 'engine-sequence-limit' | 'kv-cache' | 'compute' | 'bandwidth'
  point: OperatingPoint
}

export interface LoadResult {
  point: OperatingPoint
  admission: AdmissionWait
  /** Requests waiting for a slot (mean). */
  queuedRequests: number
  saturated: boolean
  /**
   * Open loops: the most an arrival waits in the queues (for a slot, behind other prompts) beyond an
   * overloaded loop's backlog, ms: what the arrivals' random walk builds up over the horizon. Near
   * capacity the steady-state queues would take far longer than the horizon to settle.
   */
  horizonWaitMs?: number
  /**
   * Open loops below capacity: the wait of a queue at the resource that sets the capacity (its slots
   * served at the capacity rate, M/D/c at utilisation rate ÷ capacity), a floor under the slot and
   * prompt waits where neither of those fills up as the rate reaches capacity (capacity set by the KV
   * cache, compute or bandwidth): it grows without bound there, so the figures meet the overloaded ones.
   */
  bottleneckWait?: { meanMs: number; probabilityOfWaiting: number }
  capacity: Capacity
}

/** Share of the step budget prompts can use before their queue runs away (chunk packing is never perfect). */
export const USABLE_PREFILL_BUDGET = 0.95

/**
 * Regula falsi (Illinois variant) on a bracket [low, high] of an increasing f with f(low) < 0 ≤
 * f(high), to a relative tolerance or `iterations` steps; returns the final bracket. An infinite f(x)
 * (past a wall) counts as ≥ 0 and leaves the last finite f(high) for the next secant (bisecting while
 * there is none).
 */
function illinois(f: (x: number) => number, low: number, fLow: number, high: number, fHigh: number, tolerance: number, iterations: number): { low: number; high: number } {
  let side = 0
  for (let iteration = 0; iteration < iterations && high - low > tolerance * high; iteration++) {
    const secant = Number.isFinite(fHigh) ? (low * fHigh - high * fLow) / (fHigh - fLow) : (low + high) / 2
    const x = secant > low && secant < high ? secant : (low + high) / 2
    const value = f(x)
    if (value >= 0) {
      high = x
      if (Number.isFinite(value) || !Number.isFinite(fHigh)) fHigh = value
      if (side === -1) fLow /= 2
      side = -1
    } else {
      low = x
      fLow = value
      if (side === 1) fHigh /= 2
      side = 1
    }
  }
  return { low, high }
}

/**
 * Smallest x in [low, high] with f(x) ≥ 0 for an increasing f (the bracket doubled upwards until it
 * holds one), to a relative tolerance; f may return Infinity past a wall.
 */
function increasingRoot(f: (x: number) => number, low: number, high: number, tolerance = 5e-3): number {
  let fLow = f(low)
  if (fLow >= 0) return low
  let fHigh = f(high)
  for (let grow = 0; fHigh < 0 && grow < 60; grow++) {
    low = high
    fLow = fHigh
    high *= 2
    fHigh = f(high)
  }
  return illinois(f, low, fLow, high, fHigh, tolerance, 60).low
}

/**
 * A solve with every slot busy is kept only when it is consistent: settled, finite, and the sequences
 * its rate keeps running fill the slots to within 1%.
 */
function fillsSlots(point: OperatingPoint, slots: number): boolean {
  if (!point.converged || !Number.isFinite(point.meanStepMs) || !Number.isFinite(point.firstTokenMs) || !(point.throughputRps > 0)) return false
  return Math.abs(point.runningSequences - slots) <= 0.01 * slots
}

/**
 * Requests per second the deployment sustains with requests always waiting (an offline max-throughput
 * run). With one slot (llama-server with -np 1 -kvu, or a KV cache that holds one sequence) requests run one at a
 * time, each as a lone client's: the rate of one client sending requests back to back. (The
 * steady-state search read a few per cent below it there: it counts other requests' prompts in
 * steps that one slot never shares.)
 */
export function capacityOf(context: ServingContext): Capacity {
  if (context.limits.maxRunningSequences > 1) return steadyCapacity(context)
  const single = singleClient(context)
  return { requestsPerSecond: single.throughputRps, runningSequences: single.runningSequences, limitedBy: context.limits.limitedBy, point: single }
}

/** One client, each request sent as the previous one answers: the operating point at concurrency 1. */
function singleClient(context: ServingContext): OperatingPoint {
  const single = operatingPoint(context, { kind: 'fixed', requestsPerSecond: 0 }, 0)
  return aloneAt(single, 1000 / single.cycleMs)
}

/** Requests that each run alone (`single`'s cycle), arriving at `requestsPerSecond`. */
function aloneAt(single: OperatingPoint, requestsPerSecond: number): OperatingPoint {
  const runningSequences = (requestsPerSecond * (single.cycleMs - single.firstTokenMs + single.prefillServiceMs)) / 1000
  return { ...single, throughputRps: requestsPerSecond, runningSequences }
}

/** The highest rate with a steady step time at which every slot is busy or prompts use the step budget. */
function steadyCapacity(context: ServingContext): Capacity {
  const slots = Math.max(1, context.limits.maxRunningSequences)
  let warm: number | undefined
  // The points the search evaluated, so the answer is the very point found feasible (warm starts matter).
  const evaluated = new Map<number, OperatingPoint>()
  const pressure = (rate: number) => {
    let point = operatingPoint(context, { kind: 'fixed', requestsPerSecond: rate }, 1, warm)
    // A warm start from a state far up (a rate past capacity can leave a step time of days) can fail
    // to settle where a climb from idle does: one from idle decides.
    if (!point.converged && warm !== undefined) point = operatingPoint(context, { kind: 'fixed', requestsPerSecond: rate }, 1)
    warm = point.meanStepMs
    evaluated.set(rate, point)
    // No steady step time at this rate: beyond what the deployment sustains.
    if (!point.converged) return 1
    return Math.max(point.runningSequences / slots, point.prefillUtilisation / USABLE_PREFILL_BUDGET) - 1
  }
  const idle = operatingPoint(context, { kind: 'fixed', requestsPerSecond: 0 }, 1)
  // Fast path: every slot busy (a fixed point in the step time alone); kept when it converged and the
  // prompts still fit the step budget.
  const slotBound = operatingPoint(context, { kind: 'slots', slots }, 1, idle.meanStepMs)
  if (fillsSlots(slotBound, slots) && slotBound.prefillUtilisation <= USABLE_PREFILL_BUDGET) {
    return { requestsPerSecond: slotBound.throughputRps, runningSequences: slots, limitedBy: context.limits.limitedBy, point: slotBound }
  }
  const firstGuess = (slots * 1000) / (idle.prefillServiceMs + Math.max(0, context.scenario.outputTokens - 1) * idle.meanStepMs)
  const rate = increasingRoot(pressure, 0, firstGuess)
  const point = evaluated.get(rate) ?? idle
  const slotsBind = point.runningSequences / slots >= point.prefillUtilisation / USABLE_PREFILL_BUDGET
  return {
    requestsPerSecond: rate,
    runningSequences: Math.min(slots, point.runningSequences),
    limitedBy: slotsBind ? context.limits.limitedBy : point.bound === 'compute' ? 'compute' : 'bandwidth',
    point
  }
}

/**
 * Closed loop: N clients with no pause between requests; N = throughput × (time in system). The
 * steady states of the clients in the engine form one family (closedFamily), along which the clients a
 * state holds grow; N clients settle where it holds N, found by a bracketed root search, so every N
 * lands on a true steady state and TTFT and TPOT move smoothly with N. When N clients are more than the
 * family's top holds (every slot busy, or prompts at the usable step budget), the engine runs that top
 * and the other clients wait for a slot: the time in system is then N / rate (the response-time law),
 * so every figure keeps growing with N. No state completes more than the capacity rate (slowedTo).
 */
export function closedLoop(context: ServingContext, concurrency: number, capacity: Capacity): LoadResult {
  const slots = Math.max(1, context.limits.maxRunningSequences)
  const unqueued = (point: OperatingPoint): LoadResult => ({ point, admission: { meanMs: 0, shape: { kind: 'fixed' } }, queuedRequests: 0, saturated: false, capacity })
  if (concurrency === 1) return unqueued(singleClient(context))
  // One slot (the KV cache holds one sequence, or the engine runs one): requests run one at a time,
  // each as a lone client's, and the others wait their turn (time in system N / rate).
  // (capacityOf made the capacity state that lone client's.)
  if (slots === 1) return waitingForSlots(capacity.point, concurrency, capacity)
  const family = closedFamily(context, Math.min(concurrency, slots))
  const decodeSteps = Math.max(0, context.scenario.outputTokens - 1)
  if (holds(family.top) > concurrency) {
    const evaluated = new Map<number, OperatingPoint>([[family.mostPrompt, family.top]])
    const excess = (othersPromptPerStep: number) => {
      const point = family.stateAt(othersPromptPerStep)
      evaluated.set(othersPromptPerStep, point)
      return holds(point) - concurrency
    }
    const { high } = illinois(excess, 0, -concurrency, family.mostPrompt, holds(family.top) - concurrency, CLOSED_LOOP_TOLERANCE, 60)
    return unqueued(slowedTo(evaluated.get(high)!, capacity.requestsPerSecond, decodeSteps))
  }
  // More clients than the top holds: the engine runs its top as the clients it holds see it, and the
  // rest wait for a slot. Past the slots that is every slot's holder; with prompts at the step budget
  // first, the count whose own top holds exactly it (a root search: a top seen by more clients holds
  // fewer than them). Either way the same state whatever N.
  let top = family.top
  if (holds(top) < family.clients) {
    const beyond = (clients: number) => clients - holds(closedFamily(context, clients).top)
    const fewest = beyond(2)
    const clients = fewest >= 0 ? 2 : illinois(beyond, 2, fewest, family.clients, family.clients - holds(top), CLOSED_LOOP_TOLERANCE, 60).high
    top = closedFamily(context, clients).top
  }
  return waitingForSlots(slowedTo(top, capacity.requestsPerSecond, decodeSteps), concurrency, capacity)
}

/** Clients a state holds: rate × time in system. */
const holds = (point: OperatingPoint) => (point.throughputRps * point.cycleMs) / 1000

interface ClosedFamily {
  /** Clients in the engine the family describes. */
  clients: number
  stateAt: (othersPromptPerStep: number) => OperatingPoint
  /** The most prompt tokens per step the family carries, and its state there. */
  mostPrompt: number
  top: OperatingPoint
}

/**
 * The steady states `clients` closed-loop clients in the engine can be in, one family by the prompt
 * tokens the others bring into each step (stateCarrying): the clients a state holds grow along it, up
 * to its top — prompts at the usable step budget or every decoding slot taken, and, since a sequence
 * holds its slot through its prefill too, no more in flight than the slots.
 */
function closedFamily(context: ServingContext, clients: number): ClosedFamily {
  const slots = Math.max(1, context.limits.maxRunningSequences)
  const othersShare = (clients - 1) / clients
  const others: ClosedLoopClients = { otherClients: clients - 1 }
  const stateAt = (othersPromptPerStep: number) => stateCarrying(context, othersPromptPerStep, othersShare, others)
  let mostPrompt = mostPromptPerStep(context, USABLE_PREFILL_BUDGET)
  let top = stateAt(mostPrompt)
  if (top.runningSequences > slots) {
    const overSlots = (othersPromptPerStep: number) => stateAt(othersPromptPerStep).runningSequences - slots
    mostPrompt = illinois(overSlots, 0, -slots, mostPrompt, top.runningSequences - slots, CLOSED_LOOP_TOLERANCE, 60).low
    top = stateAt(mostPrompt)
  }
  return { clients, stateAt, mostPrompt, top }
}

/**
 * A closed-loop state completing at most `ceiling` requests per second. Seen from one request, the
 * others' prompts reach its steps at the others' rate, (N − 1)/N of the whole, so with few clients
 * and long prompts the family can read above what the deployment sustains (the capacity search sees
 * every prompt). Such a state runs at the ceiling and holds the same clients (rate × time in system):
 * the engine time that view left out is other prompts' chunks, so more of the steps a request decodes
 * in carry one, up to all of them; the rest waits before the first token, as all of it does for a
 * request with no decode step.
 */
function slowedTo(point: OperatingPoint, ceiling: number, decodeSteps: number): OperatingPoint {
  if (!(point.throughputRps > ceiling)) return point
  const cycleMs = (point.cycleMs * point.throughputRps) / ceiling
  const extraMs = cycleMs - point.cycleMs
  const chunkMs = Math.max(0, point.mixedStepMs - point.decodeStepMs)
  const riseMs = decodeSteps > 0 ? Math.min(extraMs / decodeSteps, (1 - point.mixedStepShare) * chunkMs) : 0
  const meanStepMs = point.meanStepMs + riseMs
  const waitMs = extraMs - decodeSteps * riseMs
  return {
    ...point,
    throughputRps: ceiling,
    meanStepMs,
    mixedStepShare: chunkMs > 0 ? Math.min(1, point.mixedStepShare + riseMs / chunkMs) : point.mixedStepShare,
    prefillWaitMs: point.prefillWaitMs + waitMs,
    firstTokenMs: point.firstTokenMs + waitMs,
    cycleMs,
    runningSequences: (ceiling * (point.prefillServiceMs + decodeSteps * meanStepMs)) / 1000
  }
}

/** Relative tolerance on the prompt tokens per step that hold a closed loop's N clients. */
const CLOSED_LOOP_TOLERANCE = 1e-4

/**
 * N clients of a closed loop running in `point`'s state, those it does not hold waiting for a slot:
 * the time in system is N / rate (the response-time law), so each waits N / rate − one cycle.
 */
function waitingForSlots(point: OperatingPoint, concurrency: number, capacity: Capacity): LoadResult {
  const meanMs = Math.max(0, (concurrency * 1000) / point.throughputRps - point.cycleMs)
  return {
    point: { ...point, runningSequences: Math.min(point.runningSequences, concurrency) },
    admission: { meanMs, shape: { kind: 'fixed' } },
    queuedRequests: (point.throughputRps * meanMs) / 1000,
    saturated: false,
    capacity
  }
}

/** The engine spending `busyShare` of its time in `busy` and the rest in `light` (same rate): every figure weighted so. */
function blend(light: OperatingPoint, busy: OperatingPoint, busyShare: number): OperatingPoint {
  const share = Math.min(1, Math.max(0, busyShare))
  const mix = (a: number, b: number) => a + (b - a) * share
  return {
    throughputRps: mix(light.throughputRps, busy.throughputRps),
    othersShare: busy.othersShare,
    decodeSequences: mix(light.decodeSequences, busy.decodeSequences),
    meanStepMs: mix(light.meanStepMs, busy.meanStepMs),
    decodeStepMs: mix(light.decodeStepMs, busy.decodeStepMs),
    mixedStepMs: mix(light.mixedStepMs, busy.mixedStepMs),
    mixedStepShare: mix(light.mixedStepShare, busy.mixedStepShare),
    prefillServiceMs: mix(light.prefillServiceMs, busy.prefillServiceMs),
    prefillWaitMs: mix(light.prefillWaitMs, busy.prefillWaitMs),
    prefillUtilisation: mix(light.prefillUtilisation, busy.prefillUtilisation),
    prefillBusyShare: mix(light.prefillBusyShare, busy.prefillBusyShare),
    residualMs: mix(light.residualMs, busy.residualMs),
    firstTokenMs: mix(light.firstTokenMs, busy.firstTokenMs),
    cycleMs: mix(light.cycleMs, busy.cycleMs),
    runningSequences: mix(light.runningSequences, busy.runningSequences),
    bound: share >= 0.5 ? busy.bound : light.bound,
    stepMsPerSequence: mix(light.stepMsPerSequence, busy.stepMsPerSequence),
    converged: light.converged && busy.converged
  }
}

/** Times an open loop's solve below capacity resumes its climb from where it stopped. */
const CLIMB_ATTEMPTS = 4

/** Open loop: Poisson arrivals at λ; beyond capacity the queue grows for the whole horizon. */
export function openLoop(context: ServingContext, requestsPerSecond: number, capacity: Capacity): LoadResult {
  const slots = Math.max(1, context.limits.maxRunningSequences)
  if (requestsPerSecond < capacity.requestsPerSecond) {
    // Below capacity there is a steady state, and a solve that does not find it must not call the load
    // saturated (that answered the capacity rate, more than was offered, at 70% of capacity).
    // A solve climbing from idle can run out of iterations where the step time feeds itself almost one
    // for one (prompt-heavy work on an engine that does not mix prompts into decode steps): it goes on
    // climbing from where it stopped, so it settles on the first steady state above idle, as a load
    // growing from nothing would; failing that, the one reached from the capacity state's step time.
    // One slot: each request runs alone, as a lone client's, and the others queue for the slot.
    let point = slots === 1 ? aloneAt(capacity.point, requestsPerSecond) : operatingPoint(context, { kind: 'fixed', requestsPerSecond }, 1)
    for (let attempt = 0; attempt < CLIMB_ATTEMPTS && !point.converged && Number.isFinite(point.meanStepMs); attempt++) {
      point = operatingPoint(context, { kind: 'fixed', requestsPerSecond }, 1, point.meanStepMs)
    }
    if (!point.converged) point = operatingPoint(context, { kind: 'fixed', requestsPerSecond }, 1, capacity.point.meanStepMs)
    // Neither settles (a hair below capacity, where the step time feeds itself almost one for one):
    // the state is the capacity state's, carrying the rate offered.
    // So too where the state found has the prompts outrun the step budget, which the capacity state
    // (prompts held to the usable budget) does not.
    if ((!point.converged || !Number.isFinite(point.prefillWaitMs)) && capacity.point.converged) point = { ...capacity.point, throughputRps: requestsPerSecond }
    // One slot: a request holds it for a lone client's whole cycle (what capacity is the inverse of).
    const holdMs = slots === 1 ? point.cycleMs : point.prefillServiceMs + Math.max(0, context.scenario.outputTokens - 1) * point.meanStepMs
    const wait = mdcWait(slots, (requestsPerSecond * holdMs) / 1000, holdMs)
    if (point.converged && !Number.isNaN(wait.mean) && Number.isFinite(point.prefillWaitMs)) {
      const horizonWaitMs = horizonQueue(requestsPerSecond).waitMs(capacity.requestsPerSecond)
      const bottleneckHoldMs = (slots * 1000) / capacity.requestsPerSecond
      const bottleneck = mdcWait(slots, (requestsPerSecond * bottleneckHoldMs) / 1000, bottleneckHoldMs)
      // Poisson arrivals keep the engine at capacity, every slot busy, as often as an arrival finds them
      // so (Erlang C at the bottleneck): the steady state spends that share of its time in the capacity
      // state, the rest in the one reached from idle, so it meets the capacity state as the rate does.
      const busyShare = bottleneck.probabilityOfWaiting
      // (One slot has a single state, each request alone: nothing to blend.)
      const steady = slots > 1 && busyShare > 0 && capacity.point.converged ? { ...blend(point, capacity.point, busyShare), throughputRps: requestsPerSecond } : point
      // Waiting without a slot (Little's law: arrivals × that wait): the queue waits TTFT counts, less
      // the wait behind other prompts, which a request spends admitted.
      const queuedMs = Math.max(0, belowCapacityQueueMs(wait.mean + steady.prefillWaitMs, bottleneck.mean, horizonWaitMs) - steady.prefillWaitMs)
      return {
        point: steady,
        admission: { meanMs: wait.mean, shape: { kind: 'exponential', probabilityOfWaiting: wait.probabilityOfWaiting } },
        queuedRequests: (requestsPerSecond * queuedMs) / 1000,
        saturated: false,
        horizonWaitMs,
        bottleneckWait: { meanMs: bottleneck.mean, probabilityOfWaiting: bottleneck.probabilityOfWaiting },
        capacity
      }
    }
  }
  // Overloaded: the engine serves at capacity; an arrival at time t waits (λ − μ)·t / μ behind the
  // backlog, plus what the arrivals' randomness adds (all there is just above capacity, so the
  // figures meet those just below it).
  const served = capacity.requestsPerSecond
  const excess = Math.max(0, requestsPerSecond - served)
  const backlogMs = served > 0 ? ((excess * SATURATION_HORIZON_S) / (2 * served)) * 1000 : SATURATION_HORIZON_S * 1000
  const random = horizonQueue(requestsPerSecond)
  return {
    point: capacity.point,
    admission: { meanMs: backlogMs, shape: { kind: 'uniform' } },
    queuedRequests: (excess * SATURATION_HORIZON_S) / 2 + random.requests,
    saturated: true,
    horizonWaitMs: random.waitMs(served),
    capacity
  }
}

/**
 * The queue Poisson arrivals at λ build up over the horizon on a server that drains them as fast as
 * they come (the boundary between a steady state and overload): a reflected random walk with variance
 * λ per second, whose mean at time t is √(2λt/π); averaged over arrivals in the horizon, 2/3 of its
 * value at the end. Its wait is that queue over the drain rate.
 */
function horizonQueue(requestsPerSecond: number): { requests: number; waitMs: (drainPerSecond: number) => number } {
  const requests = (2 / 3) * Math.sqrt((2 * requestsPerSecond * SATURATION_HORIZON_S) / Math.PI)
  return { requests, waitMs: (drainPerSecond) => (drainPerSecond > 0 ? (requests / drainPerSecond) * 1000 : SATURATION_HORIZON_S * 1000) }
}
