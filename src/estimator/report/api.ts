// The answer for an api scenario: the provider's published price and served speed.
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import type { ApiScenario } from '../scenario.js'
import { round } from '../units.js'
import { apiCostSection } from './cost-section.js'
import { apiCost } from './cost.js'
import { API_FORMULA_IDS } from './formulas.js'
import { scenarioSourceIds } from './sources.js'
import { answerVersions } from '../versions.js'
import { apiWarnings } from './warnings.js'
import { warningFields } from '../warning.js'
import { modelSection } from './model.js'

/** Latency and throughput from the provider's typical TTFT and output speed; null when either is unpublished. */
function servedSpeed(scenario: ApiScenario): Pick<EstimateResponse, 'latency' | 'throughput'> {
  const { typicalTtftMs, typicalOutputTokensPerSecond } = scenario.model.api
  if (typicalTtftMs === undefined || typicalOutputTokensPerSecond === undefined) return { latency: null, throughput: null }
  const tpotMs = 1000 / typicalOutputTokensPerSecond
  return {
    latency: { ttftMs: round(typicalTtftMs, 3), tpotMs: round(tpotMs, 4), totalMs: round(typicalTtftMs + (scenario.outputTokens - 1) * tpotMs, 3), prefillBound: 'api', decodeBound: 'api' },
    throughput: {
      decodeTokensPerSecond: round(typicalOutputTokensPerSecond, 3),
      outputTokensPerSecond: round(typicalOutputTokensPerSecond * scenario.batchSize, 3),
      prefillTokensPerSecond: round(scenario.promptTokens / (typicalTtftMs / 1000), 3)
    }
  }
}

export function apiReport(scenario: ApiScenario): EstimateResponse {
  const { promptTokens, outputTokens, batchSize, model } = scenario
  const cost = apiCost(scenario)
  const { latency, throughput } = servedSpeed(scenario)
  const { catalogVersion, estimatorVersion } = answerVersions(scenario.catalog)
  const { warnings, warningIds } = warningFields([...scenario.warnings, ...apiWarnings(scenario, latency !== null)])
  // Fields written out, not spread: see selfHostedReport (a literal that spreads, then adds fields,
  // builds a new hidden class on every call on Node 20).
  return {
    catalogVersion,
    estimatorVersion,
    model: modelSection(model),
    hardware: null,
    deployment: 'api',
    engine: null,
    precision: null,
    kvCachePrecision: null,
    deviceCount: 1,
    workload: { promptTokens, outputTokens, batchSize, concurrency: null, requestsPerSecond: null },
    memory: null,
    latency,
    throughput,
    cost: apiCostSection(cost, outputTokens, model.api.priceAsOf),
    range: null,
    serving: null,
    assumptions: {
      bytesPerWeight: null,
      kvBytesPerValue: null,
      decodeBandwidthEfficiency: null,
      prefillComputeEfficiency: null,
      decodeStepOverheadMs: null,
      computeDtype: null,
      peakTflops: null,
      multiDevice: null,
      electricityUsdPerKWh: null,
      formulaIds: [...API_FORMULA_IDS]
    },
    sourceIds: scenarioSourceIds(scenario),
    warnings,
    warningIds
  }
}
