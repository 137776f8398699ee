// compare(): many candidates for one workload, each through the same resolve → report path as
// /estimate; then constraints, ranking, pareto front, capacity and break-even.
import type { Catalog } from '../../catalog/index.js'
import type { CompareRequest, CompareResponse } from '../../schemas/compare.js'
import { DEFAULT_BATCH_SIZE } from '../defaults.js'
import { EstimateError, unprocessable } from '../errors.js'
import { computeKnown } from '../physics/timing.js'
import type { SelfHostedScenario } from '../scenario.js'
import { estimateScenario } from '../estimate.js'
import { ensureFinite } from '../finite.js'
import { planningFit } from '../fits.js'
import { resolveScenario } from '../resolve.js'
import type { Scenario } from '../scenario.js'
import { answerVersions } from '../versions.js'
import { DAYS_PER_MONTH, significant } from '../units.js'
import { costBasisLabel, dailyTraffic, DEFAULT_PEAK_TO_AVERAGE, fleetPlanOf, hybridPlanOf, overflowApiOf, trafficShapeText } from './cost-plans.js'
import { breakEvenOf, capacityOf, SECONDS_PER_DAY, serviceHoursOf, staticBatchRate } from './economics.js'
import { peakRequestsPerSecond, withinHours } from './traffic.js'
import { DEFAULT_LATENCY_PERCENTILE, replicaPlannedRate, rowPlanner, type PlannedRow } from './plan.js'
import { expandCandidates, relocate, rowLabel } from './expand.js'
import { summarizeRow, type EstimatedRow } from './row.js'
import { formulaTexts } from '../report/formulas.js'
import { sourcesFor } from '../report/sources.js'
import { bestBy, costLatencyFront, rankedFigures, rankRows, SORT_KEYS, violationsOf } from './rank.js'

type Row = EstimatedRow

/** What a /compare answer adds to its lean default (include=estimate,sources,formulas). */
export interface CompareDetail {
  estimate?: boolean
  sources?: boolean
  formulas?: boolean
}

/** Daily volume of the workload: given per day, or per second × 86,400; null when neither is given. */
function requestsPerDayOf(workload: CompareRequest['workload']): number | null {
  if (workload.requestsPerDay !== undefined && workload.requestsPerSecond !== undefined) {
    throw unprocessable('/body/workload/requestsPerSecond', 'give one of requestsPerDay or requestsPerSecond, not both')
  }
  return workload.requestsPerDay ?? (workload.requestsPerSecond !== undefined ? workload.requestsPerSecond * SECONDS_PER_DAY : null)
}

/**
 * A TPOT limit on one-token requests is refused rather than ignored: no token follows the first, so
 * there is no time per output token to hold it against (the TPOT such a row reports is the next
 * token's step, a figure no request of the workload waits for).
 */
function checkConstraints(request: CompareRequest): void {
  if (request.constraints?.maxTpotMs !== undefined && request.workload.outputTokens <= 1) {
    throw unprocessable('/body/constraints/maxTpotMs', `with workload.outputTokens ${request.workload.outputTokens} no token follows the first, so there is no time per output token to bound: drop maxTpotMs (maxTtftMs bounds this workload)`)
  }
}

/** Row ids made unique by a #2, #3... suffix when two candidates get the same label. */
function uniqueIds() {
  const seen = new Set<string>()
  return (base: string) => {
    let id = base
    for (let copy = 2; seen.has(id); copy++) id = `${base}#${copy}`
    seen.add(id)
    return id
  }
}

/** Why a self-hosted candidate without a compute figure cannot be ranked. */
function uncomparableDetail(scenario: SelfHostedScenario): string {
  const what = scenario.hardware.id ? `hardware "${scenario.hardware.id}"` : 'the inline hardware'
  return `${what} has no published ${scenario.computeDtype} TFLOPS figure, so prompt processing, latency and cost cannot be estimated for ranking; give the hardware inline with tflops.${scenario.computeDtype}`
}

/**
 * The requests/s one replica of a row carries, for the break-even: its capacity plan's when the call had
 * a volume; without one, a replica planned by the serving model (no static batch asked) or its static
 * batch back to back.
 */
function replicaRateOf(row: Row, scenario: Scenario, serving: boolean, constraints: NonNullable<CompareRequest['constraints']>): number {
  const planned = row.capacity?.replicaRequestsPerSecond
  if (typeof planned === 'number') return planned
  const served = serving && scenario.deployment !== 'api' ? replicaPlannedRate(scenario, constraints) : null
  return served ?? staticBatchRate(row)
}

export function compare(catalog: Catalog, request: CompareRequest, detail: CompareDetail = {}): CompareResponse {
  checkConstraints(request)
  const candidates = expandCandidates(catalog, request)
  const workload = request.workload
  const requestsPerDay = requestsPerDayOf(workload)
  const traffic = requestsPerDay === null ? null : dailyTraffic(requestsPerDay, workload.peakToAverage)
  const overflowApi = overflowApiOf(catalog, request)
  const batchSize = workload.batchSize ?? DEFAULT_BATCH_SIZE
  const sortBy = request.sortBy ?? 'cost'
  const unique = uniqueIds()
  const rows: Row[] = []
  const scenarios = new Map<string, Scenario>()
  // A candidate as the request wrote it: the planner's key (a repeated candidate is planned once).
  const plannerKeys = traffic === null ? null : candidates.map(({ candidate }) => JSON.stringify(candidate))
  const planFor = traffic === null ? null : rowPlanner(peakRequestsPerSecond(traffic), request.constraints ?? {}, plannerKeys!)
  const rejected: CompareResponse['rejected'] = []
  for (const [index, { candidate, pointers }] of candidates.entries()) {
    let scenario: Scenario
    let answer: Row['estimate']
    let planned: PlannedRow | null = null
    try {
      scenario = resolveScenario(catalog, { ...candidate, promptTokens: workload.promptTokens, outputTokens: workload.outputTokens, batchSize, cachedPromptShare: workload.cachedPromptShare })
      // Ranking needs latency and cost, which a device without a compute figure cannot give.
      if (scenario.deployment !== 'api' && !computeKnown(scenario)) throw unprocessable('/body/hardware', uncomparableDetail(scenario))
      // With a volume and no static batch, the serving model sizes the replicas for the day's peak and the row describes one at its planned load.
      if (planFor !== null && workload.batchSize === undefined && scenario.deployment !== 'api') {
        planned = planFor(scenario, plannerKeys![index]!)
        if (planned) scenario = planned.scenario
      }
      answer = estimateScenario(scenario, planned?.prepared, planned?.physics)
    } catch (err) {
      if (!(err instanceof EstimateError)) throw err
      rejected.push({ id: unique(rowLabel(catalog, candidate)), status: err.status, detail: err.message, errors: relocate(err.errors, pointers).map((problem) => ({ ...problem })) })
      continue
    }
    const id = unique(rowLabel(catalog, candidate, answer))
    scenarios.set(id, scenario)
    // A row that does not fit has no replicas to plan or money to spend.
    const fits = !(answer.memory && !answer.memory.fits)
    const capacity = requestsPerDay === null || !fits ? null : capacityOf(answer, scenario, requestsPerDay, planned ?? undefined, traffic?.peakToAverage)
    const ranked = rankedFigures(answer, capacity, requestsPerDay !== null)
    const violations = violationsOf(answer, ranked, request.constraints ?? {}, request.constraints?.latencyPercentile ?? DEFAULT_LATENCY_PERCENTILE)
    rows.push({
      id,
      rank: 0,
      candidate: {
        model: answer.model.id ?? answer.model.name,
        hardware: answer.hardware?.id ?? answer.hardware?.name ?? null,
        precision: answer.precision,
        engine: answer.engine,
        deviceCount: answer.deviceCount,
        deployment: answer.deployment
      },
      meetsConstraints: violations.length === 0,
      violations,
      fit: scenario.deployment !== 'api' && answer.memory ? planningFit(scenario, answer.memory) : null,
      capacity,
      ranked,
      costBasis: costBasisLabel(answer),
      fleet: null,
      hybrid: null,
      estimate: answer
    })
    const row = rows.at(-1)!
    const rowTraffic = traffic && withinHours(traffic, serviceHoursOf(scenario))
    if (rowTraffic && capacity) row.fleet = fleetPlanOf(row, scenario, rowTraffic)
    if (rowTraffic && capacity && overflowApi) row.hybrid = hybridPlanOf(row, scenario, rowTraffic, overflowApi)
  }
  rankRows(rows, sortBy)
  const valid = rows.filter((row) => row.meetsConstraints)
  const sourceIds = [...new Set(rows.flatMap((row) => row.estimate.sourceIds))]
  const formulaIds = [...new Set(rows.flatMap((row) => row.estimate.assumptions.formulaIds))]
  return ensureFinite({
    ...answerVersions(catalog),
    workload: { promptTokens: workload.promptTokens, outputTokens: workload.outputTokens, batchSize, requestsPerDay, monthlyOutputTokens: requestsPerDay === null ? null : significant(requestsPerDay * DAYS_PER_MONTH * workload.outputTokens), peakToAverage: traffic?.peakToAverage ?? workload.peakToAverage ?? 1, trafficShape: traffic ? trafficShapeText(traffic) : null },
    sortBy,
    count: rows.length,
    rows: rows.map((row) => summarizeRow(row, detail.estimate ?? false)),
    rejected,
    best: { cost: bestBy(valid, SORT_KEYS.cost), latency: bestBy(valid, SORT_KEYS.latency), throughput: bestBy(valid, SORT_KEYS.throughput) },
    pareto: costLatencyFront(valid),
    breakEven: breakEvenOf(valid, scenarios, traffic?.peakToAverage ?? workload.peakToAverage ?? DEFAULT_PEAK_TO_AVERAGE, (row) => replicaRateOf(row, scenarios.get(row.id)!, workload.batchSize === undefined, request.constraints ?? {})),
    sourceIds,
    ...(detail.sources ? { sources: sourcesFor(catalog, sourceIds) } : {}),
    formulaIds,
    ...(detail.formulas ? { formulas: formulaTexts(formulaIds) } : {})
  }, request)
}
