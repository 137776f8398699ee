// Ranking of /compare rows: the constraints each row misses, the sort order, the best row per
// criterion and the cost-vs-latency pareto front.
import type { EstimatedRow } from './row.js'
import type { CompareRequest } from '../../schemas/compare.js'
import { LIMITS } from '../../schemas/estimate.js'
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import type { LatencyPercentile } from '../serving/plan.js'

type Row = EstimatedRow
type Constraints = NonNullable<CompareRequest['constraints']>
export type SortBy = NonNullable<CompareRequest['sortBy']>

const shortNumber = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3))

/** A row's volume plan, where the request gave a daily volume. */
type RowCapacity = Row['capacity']

/** The warning an answer carries when owned hardware's purchase is left out of its cost (report/warnings.ts). */
const PURCHASE_PRICE_UNKNOWN = 'purchase-price-unknown'

/** False when the answer's cost leaves out owned hardware's purchase (no price known): it counts energy alone. */
export const costKnown = (answer: EstimateResponse) => !answer.warningIds.includes(PURCHASE_PRICE_UNKNOWN)

/** The figures a row is ranked and constrained by (rankedFigures). */
export interface RankedFigures {
  costPerMillionOutputTokensUsd: number | null
  outputTokensPerSecond: number | null
  /** One request's end-to-end latency as ranked, ms (the answer's: at the planned load with a volume). */
  totalLatencyMs: number | null
  /**
   * With a daily volume, the row has no capacity plan (it does not fit, kept with mustFit false): it has
   * no figure comparable with the planned rows', so it is ranked by none and judged by no figure limit.
   */
  unplanned: boolean
}

/**
 * What a row is ranked and constrained by. With a daily volume: the cost per million output tokens
 * of its fleet over the month (sized for the peak, so a peaky day costs more per token than the
 * planned replica's load suggests) and the output tokens/s one planned replica sustains (its capacity,
 * not the share of the volume it is given; a static batch's replica sustains its batch throughput, and
 * an API row has no replica: one request's stream rate times its batch); latency is the answer's, at
 * the planned load. A row without a capacity plan (it does not fit) has none of them: its answer
 * describes one request on an idle deployment that cannot run, not a load the others carry. Without a
 * volume: its answer's, at the workload's batch. Cost is null also when it leaves out owned
 * hardware's purchase (no price known): energy alone would rank it far below every rented device.
 */
export function rankedFigures(answer: EstimateResponse, capacity: RowCapacity, volumeGiven: boolean): RankedFigures {
  if (volumeGiven && capacity === null) return { costPerMillionOutputTokensUsd: null, outputTokensPerSecond: null, totalLatencyMs: null, unplanned: true }
  const replicaCapacity = capacity?.replicaCapacityRequestsPerSecond
  return {
    costPerMillionOutputTokensUsd: !costKnown(answer) ? null : capacity ? capacity.costPerMillionOutputTokensUsd : answer.cost.perMillionOutputTokensUsd,
    outputTokensPerSecond: typeof replicaCapacity === 'number' ? replicaCapacity * answer.workload.outputTokens : answer.throughput ? answer.throughput.outputTokensPerSecond : null,
    totalLatencyMs: answer.latency?.totalMs ?? null,
    unplanned: false
  }
}

/** The constraints on figures (not on fitting). */
const FIGURE_LIMITS = ['maxTtftMs', 'maxTpotMs', 'minOutputTokensPerSecond', 'maxCostPerMillionTokensUsd'] as const

/**
 * Each constraint the answer misses, saying by how much (or that the figure is unknown). A row that
 * serves a load is judged at the latency percentile its replicas were sized for (`percentile`), a
 * static batch by its mean (a TPOT limit on one-token requests was refused with the request). Cost and
 * throughput are the ranked ones (rankedFigures).
 */
export function violationsOf(answer: EstimateResponse, ranked: RankedFigures, constraints: Constraints, percentile: LatencyPercentile): string[] {
  const violations: string[] = []
  const ceiling = (what: string, value: number | null | undefined, limit: number | undefined, unknown: string) => {
    if (limit === undefined) return
    if (value === null || value === undefined) violations.push(unknown)
    else if (value > limit) violations.push(`${what} ${shortNumber(value)} > ${limit}`)
  }
  if ((constraints.mustFit ?? true) && answer.memory && !answer.memory.fits) violations.push(`does not fit in memory (needs ${answer.memory.minDevices ?? `>${LIMITS.maxDeviceCount}`} devices)`)
  if (ranked.unplanned) {
    // Kept though it does not fit (mustFit false; otherwise the violation above says it): nothing to
    // hold its figures against the volume's limits with.
    if (violations.length === 0 && FIGURE_LIMITS.some((limit) => constraints[limit] !== undefined)) violations.push('no capacity plan (does not fit in memory): its latency, throughput and cost under the volume are not estimated')
    return violations
  }
  const serving = answer.serving
  const at = serving ? ` ${percentile}` : ''
  ceiling(`ttftMs${at}`, serving ? serving.ttftMs[percentile] : answer.latency?.ttftMs, constraints.maxTtftMs, 'TTFT unknown')
  ceiling(`tpotMs${at}`, serving ? serving.tpotMs[percentile] : answer.latency?.tpotMs, constraints.maxTpotMs, 'TPOT unknown')
  if (constraints.minOutputTokensPerSecond !== undefined) {
    const throughput = ranked.outputTokensPerSecond
    if (throughput === null) violations.push('throughput unknown')
    else if (throughput < constraints.minOutputTokensPerSecond) violations.push(`outputTokensPerSecond ${shortNumber(throughput)} < ${constraints.minOutputTokensPerSecond}`)
  }
  const unknownCost = answer.warningIds.includes(PURCHASE_PRICE_UNKNOWN) ? 'cost unknown (no purchase price for the owned hardware)' : 'cost unknown'
  ceiling('perMillionOutputTokensUsd', ranked.costPerMillionOutputTokensUsd, constraints.maxCostPerMillionTokensUsd, unknownCost)
  return violations
}

/** The figure each sort criterion ranks by, lower first; null when unknown. */
export const SORT_KEYS: Record<SortBy, (row: Pick<Row, 'ranked'>) => number | null> = {
  cost: (row) => row.ranked.costPerMillionOutputTokensUsd,
  latency: (row) => row.ranked.totalLatencyMs,
  throughput: (row) => {
    const throughput = row.ranked.outputTokensPerSecond
    return throughput === null ? null : -throughput
  }
}

/** Sorts rows (rows that meet the constraints first, then by the key, unknowns last, then by id) and numbers their ranks. */
export function rankRows(rows: Row[], sortBy: SortBy): void {
  const key = SORT_KEYS[sortBy]
  rows.sort((left, right) => {
    if (left.meetsConstraints !== right.meetsConstraints) return left.meetsConstraints ? -1 : 1
    const leftKey = key(left)
    const rightKey = key(right)
    if (leftKey === null || rightKey === null) return leftKey === null ? (rightKey === null ? 0 : 1) : -1
    return leftKey - rightKey || left.id.localeCompare(right.id)
  })
  rows.forEach((row, index) => (row.rank = index + 1))
}

/** Id of the row with the lowest known key, first one on ties; null when none has it. */
export function bestBy(rows: Row[], key: (row: Row) => number | null): string | null {
  let best: Row | null = null
  for (const row of rows) {
    const value = key(row)
    if (value !== null && (best === null || value < key(best)!)) best = row
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

/** The pareto front of the rows whose ranked cost per million output tokens and total latency are known. */
export const costLatencyFront = (rows: Row[]) =>
  paretoFront(
    rows.flatMap((row) => {
      const cost = SORT_KEYS.cost(row)
      const latency = SORT_KEYS.latency(row)
      return cost !== null && latency !== null ? [{ id: row.id, cost, latency }] : []
    })
  )
