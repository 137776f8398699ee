// Sizing a self-hosted /compare row for a fleet volume with the serving model: the load one replica
// is planned at (latency constraints at the chosen percentile, else 90% of capacity), the replicas
// that carries the volume, and the scenario at the load each replica then really takes.
import type { CompareRequest } from '../../schemas/compare.js'
import { runPhysicsOf, type RunPhysics } from '../physics/run.js'
import type { Load, SelfHostedScenario } from '../scenario.js'
import { prepareServing, serve, servingInputOf, type PreparedServing } from '../serving/index.js'
import { planReplica, type LatencyPercentile, type ReplicaPlan } from '../serving/plan.js'
import { serviceHoursOf } from './economics.js'
import { HOURS_PER_DAY } from './traffic.js'

export const DEFAULT_LATENCY_PERCENTILE: LatencyPercentile = 'p90'

export interface PlannedRow {
  scenario: SelfHostedScenario & { load: Load }
  plan: ReplicaPlan
  replicas: number
  percentile: LatencyPercentile
  /** The replica's serving context and capacity, memory and efficiency, handed to its report so they are worked out once. */
  prepared: PreparedServing
  physics: RunPhysics
}

/** A replica of the scenario planned with the serving model (its context, capacity and the load it is planned at); null when not one sequence fits the engine's KV pool. */
function plannedReplica(scenario: SelfHostedScenario, constraints: NonNullable<CompareRequest['constraints']>) {
  const physics = runPhysicsOf(scenario)
  const input = servingInputOf(scenario, physics.efficiency, physics.memory)
  const prepared = prepareServing(input)
  if (prepared === null) return null
  const percentile = constraints.latencyPercentile ?? DEFAULT_LATENCY_PERCENTILE
  const plan = planReplica(prepared, { maxTtftMs: constraints.maxTtftMs, maxTpotMs: constraints.maxTpotMs, percentile })
  return { physics, input, prepared, percentile, plan }
}

/**
 * The plan for carrying `fleetRequestsPerSecond`; null when not one sequence fits the engine's KV pool.
 * Its `prepared` also holds the serving figures at the load each replica then takes, for the row's report.
 */
export function planRow(scenario: SelfHostedScenario, fleetRequestsPerSecond: number, constraints: NonNullable<CompareRequest['constraints']>): PlannedRow | null {
  const replica = plannedReplica(scenario, constraints)
  if (replica === null) return null
  const { physics, input, prepared, percentile, plan } = replica
  const replicas = Math.max(1, Math.ceil(fleetRequestsPerSecond / plan.requestsPerSecond))
  const load: Load = { kind: 'open', requestsPerSecond: fleetRequestsPerSecond / replicas }
  const result = serve({ ...input, load }, prepared)
  return { scenario: { ...scenario, load }, plan, replicas, percentile, prepared: result === null ? prepared : { ...prepared, atLoad: { load, result } }, physics }
}

/**
 * The load one replica is planned at (requests/s), as planRow plans it, without a fleet volume: what
 * the break-even of a /compare without a volume asks of a row. Null when not one sequence fits.
 */
export const replicaPlannedRate = (scenario: SelfHostedScenario, constraints: NonNullable<CompareRequest['constraints']>): number | null =>
  plannedReplica(scenario, constraints)?.plan.requestsPerSecond ?? null

/** What a row's plan is made of, apart from the scenario it carries. */
type RowPlan = Omit<PlannedRow, 'scenario'>

/**
 * planRow for the rows of one /compare call, worked out once per distinct candidate: every row of a call
 * shares the workload, the fleet rate and the constraints, so two candidates written the same resolve
 * to the same deployment and get the same plan. `keys` are the call's candidates as the request gave
 * them, in order (the scenario is the one resolved from each); a plan is kept only for a candidate that
 * comes again, until its last row, so a call of distinct candidates keeps none of them alive.
 */
export function rowPlanner(fleetRequestsPerSecond: number, constraints: NonNullable<CompareRequest['constraints']>, keys: readonly string[]) {
  const rowsLeft = new Map<string, number>()
  for (const key of keys) rowsLeft.set(key, (rowsLeft.get(key) ?? 0) + 1)
  const plans = new Map<string, RowPlan | null>()
  return (scenario: SelfHostedScenario, key: string): PlannedRow | null => {
    const left = (rowsLeft.get(key) ?? 1) - 1
    rowsLeft.set(key, left)
    const known = plans.get(key)
    if (left === 0) plans.delete(key)
    if (known === undefined) {
      // Owned devices that run fewer than 24 hours a day get the day's requests within those hours.
      const planned = planRow(scenario, (fleetRequestsPerSecond * HOURS_PER_DAY) / serviceHoursOf(scenario), constraints)
      if (left > 0) plans.set(key, planned === null ? null : { plan: planned.plan, replicas: planned.replicas, percentile: planned.percentile, prepared: planned.prepared, physics: planned.physics })
      return planned
    }
    return known === null ? null : { ...known, scenario: { ...scenario, load: { kind: 'open', requestsPerSecond: fleetRequestsPerSecond / known.replicas } } }
  }
}
