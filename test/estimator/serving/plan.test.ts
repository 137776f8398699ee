// planReplica: the highest load meeting the latency limits, found to 1/64 of the ceiling with the
// feasible side kept; 90% of capacity when nothing binds; unmet when a trickle already breaks a limit.
import { describe, expect, it } from 'vitest'
import { resolveScenario } from '../../../src/estimator/resolve.js'
import { efficiencyFor } from '../../../src/estimator/physics/efficiency.js'
import { memoryFor } from '../../../src/estimator/physics/memory.js'
import { moeLayerCount } from '../../../src/estimator/physics/model.js'
import type { SelfHostedScenario } from '../../../src/estimator/scenario.js'
import { prepareServing, servingFigures, servingInputOf } from '../../../src/estimator/serving/index.js'
import { openLoop } from '../../../src/estimator/serving/load.js'
import { planReplica, UNCONSTRAINED_LOAD_SHARE, type LatencyPercentile } from '../../../src/estimator/serving/plan.js'
import { defaultCatalog } from '../../helpers/app.js'

const catalog = defaultCatalog()
const scenario = resolveScenario(catalog, { model: 'llama-3.1-8b', hardware: 'h100-sxm', promptTokens: 900, outputTokens: 300 }) as SelfHostedScenario
const efficiency = efficiencyFor(scenario.engine, scenario.hardware.kind, scenario.precision, scenario.model.architecture.layers, moeLayerCount(scenario.model.architecture))
const prepared = prepareServing(servingInputOf(scenario, efficiency, memoryFor(scenario)))!
const { context, capacity } = prepared
const ceiling = capacity.requestsPerSecond * UNCONSTRAINED_LOAD_SHARE
const figuresAt = (rate: number) => servingFigures(context, openLoop(context, rate, capacity), undefined)

describe('planReplica', () => {
  it('without a binding limit plans 90% of capacity', () => {
    expect(planReplica(prepared, { percentile: 'p90' })).toEqual({ requestsPerSecond: ceiling, capacityRequestsPerSecond: capacity.requestsPerSecond, boundedBy: 'capacity' })
  })

  it('finds the highest load meeting a TTFT or TPOT limit, to 1/64 of the ceiling, on the feasible side', () => {
    const idle = figuresAt(ceiling / 64)
    const busy = figuresAt(ceiling)
    for (const percentile of ['mean', 'p90', 'p99'] as LatencyPercentile[]) {
      for (const share of [0.15, 0.5, 0.85]) {
        const maxTtftMs = idle.ttftMs[percentile] + share * (busy.ttftMs[percentile] - idle.ttftMs[percentile])
        const plan = planReplica(prepared, { maxTtftMs, percentile })
        expect(plan.boundedBy).toBe('maxTtftMs')
        expect(figuresAt(plan.requestsPerSecond).ttftMs[percentile]).toBeLessThanOrEqual(maxTtftMs)
        expect(figuresAt(Math.min(ceiling, plan.requestsPerSecond + ceiling / 32)).ttftMs[percentile]).toBeGreaterThan(maxTtftMs)
        const maxTpotMs = idle.tpotMs[percentile] + share * (busy.tpotMs[percentile] - idle.tpotMs[percentile])
        const tpotPlan = planReplica(prepared, { maxTpotMs, percentile })
        expect(tpotPlan.boundedBy).toBe('maxTpotMs')
        expect(figuresAt(tpotPlan.requestsPerSecond).tpotMs[percentile]).toBeLessThanOrEqual(maxTpotMs)
        expect(figuresAt(Math.min(ceiling, tpotPlan.requestsPerSecond + ceiling / 32)).tpotMs[percentile]).toBeGreaterThan(maxTpotMs)
      }
    }
  })

  it('a limit even a trickle breaks plans 90% of capacity and says unmet', () => {
    expect(planReplica(prepared, { maxTtftMs: 1e-3, percentile: 'p50' })).toMatchObject({ requestsPerSecond: ceiling, boundedBy: 'unmet' })
  })
})
