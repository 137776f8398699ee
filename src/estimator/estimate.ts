// estimate(): request → resolve → scenario → physics → report. Pure and deterministic: catalog +
// request in, a plain EstimateResponse out (no Fastify, no I/O).
import type { Catalog } from '../catalog/index.js'
import type { EstimateRequest } from '../schemas/estimate.js'
import type { EstimateResponse } from '../schemas/estimate-answer.js'
import { ensureFinite } from './finite.js'
import { apiReport } from './report/api.js'
import { selfHostedReport } from './report/self-hosted.js'
import { resolveScenario } from './resolve.js'
import type { Scenario } from './scenario.js'
import type { RunPhysics } from './physics/run.js'
import type { PreparedServing } from './serving/index.js'

/**
 * The answer for an already resolved scenario (lets callers keep the scenario, as /compare does, and
 * hand over the serving context, capacity, memory and efficiency its planner already worked out).
 */
export function estimateScenario(scenario: Scenario, prepared?: PreparedServing | null, physics?: RunPhysics): EstimateResponse {
  return scenario.deployment === 'api' ? apiReport(scenario) : selfHostedReport(scenario, prepared, physics)
}

/** Estimates memory, latency, throughput and cost of one request; throws EstimateError for requests it cannot answer. */
export function estimate(catalog: Catalog, request: EstimateRequest, at = '/body'): EstimateResponse {
  return ensureFinite(estimateScenario(resolveScenario(catalog, request, at)), request, at)
}
