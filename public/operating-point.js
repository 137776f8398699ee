// Latency limits on a deployment under load, shared by the page's load panel (public/load.js) and
// the command-line calculator (src/cli/format.ts): which concurrencies to ask the service about,
// which figure a limit applies to, whether an answer meets the limits, and which of several answers
// is the operating point. Plain ES module, no DOM; every figure it reads comes from POST /estimate.
import { formatNumber } from './format.js'

/** The figures a latency limit can apply to, as the answer's `serving.*Ms` objects name them. */
export const PERCENTILES = ['mean', 'p50', 'p90', 'p99']
export const DEFAULT_PERCENTILE = 'p90'

/** At most this many POST /estimate calls draw one load curve. */
export const MAX_LOAD_POINTS = 12

/** The highest concurrency the service accepts (SERVING_LIMITS.maxConcurrency in src/schemas/serving.ts). */
export const MAX_CONCURRENCY = 100_000

/**
 * Concurrencies to sample: 1, 2, 4, … below the sequences the engine runs at once, that number
 * itself (where throughput stops growing), and the next power of two above it (where requests
 * queue), at most `maxPoints` of them; when the doubling takes more, geometrically spaced whole
 * numbers from 1 to the running limit instead, then the same last point.
 */
export function concurrencyLevels(maxRunningSequences, maxPoints = MAX_LOAD_POINTS) {
  const running = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(maxRunningSequences)))
  const above = Math.min(MAX_CONCURRENCY, 2 ** (Math.floor(Math.log2(running)) + 1))
  const doublings = []
  for (let level = 1; level < running; level *= 2) doublings.push(level)
  if (doublings.length + 2 <= maxPoints) return [...new Set([...doublings, running, above])]
  const spread = Array.from({ length: maxPoints - 1 }, (_, index) => Math.round(running ** (index / (maxPoints - 2))))
  return [...new Set([...spread, running, above])]
}

/** The figure of a `{ mean, p50, p90, p99 }` spread a limit applies to. */
export const figureAt = (spread, percentile = DEFAULT_PERCENTILE) => spread[percentile]

/** Output tokens per second of each device of the deployment (the whole deployment's over its devices). */
export const outputTokensPerSecondPerDevice = (answer) => answer.serving.outputTokensPerSecond / (answer.deviceCount || 1)

/**
 * The limits figures miss, one sentence each (empty when they meet them): `TTFT p90 590 ms > 100 ms`,
 * `label` the figures' percentile ('' for a single request's). figures: { ttftMs, tpotMs }; an absent
 * limit, or a figure that is not known (null), is not checked.
 */
export function figureMisses(figures, limits, label) {
  const misses = []
  for (const [name, limit, figure] of [
    ['TTFT', limits.maxTtftMs, figures.ttftMs],
    ['TPOT', limits.maxTpotMs, figures.tpotMs]
  ]) {
    if (limit === undefined || limit === null || figure === null) continue
    if (figure > limit) misses.push(`${label ? `${name} ${label}` : name} ${formatNumber(figure)} ms > ${formatNumber(limit)} ms`)
  }
  return misses
}

/**
 * The limits an answer with a `serving` section misses at the limits' percentile, one sentence each.
 * limits: { maxTtftMs?, maxTpotMs?, percentile? }.
 */
export function limitMisses(answer, limits) {
  const percentile = limits.percentile ?? DEFAULT_PERCENTILE
  return figureMisses({ ttftMs: figureAt(answer.serving.ttftMs, percentile), tpotMs: figureAt(answer.serving.tpotMs, percentile) }, limits, percentile)
}

/**
 * The operating point among answers for the same configuration at several loads (in increasing
 * load): of those that meet the limits, the one with the most output tokens per second, the fewest
 * concurrent users on a tie. A load where requests queue only counts when no load without a queue
 * meets the limits: the queue adds waiting but no throughput (only running sequences produce
 * tokens). Returns the index into `answers`, -1 when none meets the limits.
 */
export function operatingPointIndex(answers, limits) {
  const meeting = answers.map((answer, index) => ({ answer, index })).filter(({ answer }) => answer.serving && limitMisses(answer, limits).length === 0)
  const unqueued = meeting.filter(({ answer }) => !(answer.serving.queuedRequests > 0))
  let best = -1
  for (const { answer, index } of unqueued.length ? unqueued : meeting) {
    if (best < 0 || answer.serving.outputTokensPerSecond > answers[best].serving.outputTokensPerSecond) best = index
  }
  return best
}
