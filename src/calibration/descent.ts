// Coordinate descent over a few bounded factors, the one fitting loop of `npm run calibrate` (batch-1
// efficiencies and serving factors alike): each factor in turn is moved up and down by a relative and
// an absolute step, a move is kept when the score drops, and the step halves when no move helps.

export interface BoundedFactor<T> {
  min: number
  max: number
  get: (state: T) => number
  set: (state: T, value: number) => T
}

export interface DescentOptions {
  /** Stop when the step falls below this (default 0.002). */
  minStep?: number
  /** At most this many passes over the factors (default: until the step is small enough). */
  rounds?: number
}

export function coordinateDescent<T>(start: T, factors: readonly BoundedFactor<T>[], score: (state: T) => number, options: DescentOptions = {}): T {
  const minStep = options.minStep ?? 0.002
  const rounds = options.rounds ?? Infinity
  let best = start
  let bestScore = score(best)
  let step = 0.5
  for (let round = 0; step > minStep && round < rounds; round++) {
    let improved = false
    for (const factor of factors) {
      const current = factor.get(best)
      const span = factor.max - factor.min
      for (const value of [current * (1 + step), current / (1 + step), current + step * span * 0.1, current - step * span * 0.1]) {
        const bounded = Math.min(factor.max, Math.max(factor.min, value))
        if (bounded === current) continue
        const trial = factor.set(best, bounded)
        const trialScore = score(trial)
        if (trialScore < bestScore - 1e-12) {
          best = trial
          bestScore = trialScore
          improved = true
        }
      }
    }
    if (!improved) step /= 2
  }
  return best
}

export interface FixedPointOptions extends DescentOptions {
  /** At most this many restarts (default 30). */
  restarts?: number
}

/**
 * Coordinate descent restarted from its own rounded result until a restart changes nothing: the
 * fit a script stores is then a fixed point of the script, so rerunning it from the stored factors
 * gives them back. One descent alone stops once its step has shrunk; a restart begins again with
 * large steps and can still find a lower score further away. `round` is how the state is stored
 * (to four decimals in the catalog). Returns the state and the descents it took.
 */
export function descendToFixedPoint<T>(start: T, factors: readonly BoundedFactor<T>[], score: (state: T) => number, round: (state: T) => T, options: FixedPointOptions = {}): { state: T; descents: number } {
  const restarts = options.restarts ?? 30
  let current = round(start)
  for (let descent = 1; descent <= restarts; descent++) {
    const next = round(coordinateDescent(current, factors, score, options))
    if (factors.every((factor) => factor.get(next) === factor.get(current))) return { state: next, descents: descent }
    current = next
  }
  return { state: current, descents: restarts }
}
