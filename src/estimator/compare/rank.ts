// Ranking of /compare rows: the constraints each row misses, the sort order, the best row per
// criterion and the cost-vs-latency pareto front.
import type { EstimatedRow } from './row.js'
import type { CompareRequest } from '../../schemas/compare.js'
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import type { LatencyPercentile } from '../serving/plan.js'

type Row = EstimatedRow
type Constraints = NonNullable<CompareRequest['constraints']>
export type SortBy = NonNullable<CompareRequest['sortBy']>

const shortNumber = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3))

/**
 * Each constraint the answer misses, saying by how much (or that the figure is unknown). A row that
 * serves a load is judged at the latency percentile its replicas were sized for (`percentile`), a
 * static batch by its mean; a TPOT limit does not bind requests of one output token (no token follows
 * the first).
 */
export function violationsOf(answer: EstimateResponse, constraints: Constraints, outputTokens: number, percentile: LatencyPercentile): string[] {
  const violations: string[] = []
  const ceiling = (what: string, value: number | null | undefined, limit: number | undefined, unknown: string) => {
    if (limit === undefined) return
    if (value === null || value === undefined) violations.push(unknown)
    else if (value > limit) violations.push(`${what} ${shortNumber(value)} > ${limit}`)
  }
  if ((constraints.mustFit ?? true) && answer.memory && !answer.memory.fits) violations.push(`does not fit in memory (needs ${answer.memory.minDevices ?? '>1024'} devices)`)
  const serving = answer.serving
  const at = serving ? ` ${percentile}` : ''
  ceiling(`ttftMs${at}`, serving ? serving.ttftMs[percentile] : answer.latency?.ttftMs, constraints.maxTtftMs, 'TTFT unknown')
  if (outputTokens > 1) ceiling(`tpotMs${at}`, serving ? serving.tpotMs[percentile] : answer.latency?.tpotMs, constraints.maxTpotMs, 'TPOT unknown')
  if (constraints.minOutputTokensPerSecond !== undefined) {
    if (!answer.throughput) violations.push('throughput unknown')
    else if (answer.throughput.outputTokensPerSecond < constraints.minOutputTokensPerSecond) {
      violations.push(`outputTokensPerSecond ${shortNumber(answer.throughput.outputTokensPerSecond)} < ${constraints.minOutputTokensPerSecond}`)
    }
  }
  ceiling('perMillionOutputTokensUsd', answer.cost.perMillionOutputTokensUsd, constraints.maxCostPerMillionTokensUsd, 'cost unknown')
  return violations
}

/** The figure each sort criterion ranks by, lower first; null when unknown. */
export const SORT_KEYS: Record<SortBy, (answer: EstimateResponse) => number | null> = {
  cost: (answer) => answer.cost.perMillionOutputTokensUsd,
  latency: (answer) => answer.latency?.totalMs ?? null,
  throughput: (answer) => (answer.throughput ? -answer.throughput.outputTokensPerSecond : null)
}

/** Sorts rows (rows that meet the constraints first, then by the key, unknowns last, then by id) and numbers their ranks. */
export function rankRows(rows: Row[], sortBy: SortBy): void {
  const key = SORT_KEYS[sortBy]
  rows.sort((left, right) => {
    if (left.meetsConstraints !== right.meetsConstraints) return left.meetsConstraints ? -1 : 1
    const leftKey = key(left.estimate)
    const rightKey = key(right.estimate)
    if (leftKey === null || rightKey === null) return leftKey === null ? (rightKey === null ? 0 : 1) : -1
    return leftKey - rightKey || left.id.localeCompare(right.id)
  })
  rows.forEach((row, index) => (row.rank = index + 1))
}

/** Id of the row with the lowest known key, first one on ties; null when none has it. */
export function bestBy(rows: Row[], key: (answer: EstimateResponse) => number | null): string | null {
  let best: Row | null = null
  for (const row of rows) {
    const value = key(row.estimate)
    if (value !== null && (best === null || value < key(best.estimate)!)) best = row
  }
  return best?.id ?? null
}

/** Row ids on the cost-latency pareto front, cheapest first. */
export function paretoFront(rows: { id: string; cost: number; latency: number }[]): string[] {
  const sorted = [...rows].sort((left, right) => left.cost - right.cost || left.latency - right.latency)
  const front: string[] = []
  let bestLatency = Infinity
  for (const row of sorted) {
    if (row.latency < bestLatency) {
      front.push(row.id)
      bestLatency = row.latency
    }
  }
  return front
}

/** The pareto front of the rows whose cost per million output tokens and total latency are known. */
export const costLatencyFront = (rows: Row[]) =>
  paretoFront(
    rows.flatMap((row) => {
      const cost = row.estimate.cost.perMillionOutputTokensUsd
      const latency = row.estimate.latency?.totalMs ?? null
      return cost !== null && latency !== null ? [{ id: row.id, cost, latency }] : []
    })
  )
