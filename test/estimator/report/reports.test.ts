// The two report builders against figures computed by hand for the hand scenario.
import { describe, expect, it } from 'vitest'
import { apiReport } from '../../../src/estimator/report/api.js'
import { selfHostedReport } from '../../../src/estimator/report/self-hosted.js'
import type { ApiScenario } from '../../../src/estimator/scenario.js'
import { handScenario } from '../../helpers/scenario.js'

describe('selfHostedReport', () => {
  const report = selfHostedReport(handScenario())
  it('rounds the physics for presentation', () => {
    expect(report.memory).toMatchObject({ weightsGB: 2, kvCacheGB: 0.0008, totalGB: 3.0013, fits: true, minDevices: 1, kvCacheBytesPerToken: 400 })
    expect(report.latency).toMatchObject({ ttftMs: 65.9975, tpotMs: 5.001, prefillBound: 'compute', decodeBound: 'memory' })
    expect(report.throughput!.decodeTokensPerSecond).toBeCloseTo(1000 / 5.00104, 4)
    expect(report.assumptions).toMatchObject({ bytesPerWeight: 2, kvBytesPerValue: 2, decodeBandwidthEfficiency: 0.5, electricityUsdPerKWh: null })
  })

  it('reports the compute efficiency the run used: its own FP4 share where the matrix multiplies run in FP4', () => {
    const scenario = handScenario()
    const fp4Engine = { ...scenario.engine, efficiency: { ...scenario.engine.efficiency, fp4ComputeEfficiency: 0.25 } }
    const dense = report.assumptions.prefillComputeEfficiency!
    expect(selfHostedReport({ ...scenario, engine: fp4Engine, computeDtype: 'fp4' }).assumptions.prefillComputeEfficiency).toBe(0.25)
    expect(selfHostedReport({ ...scenario, engine: fp4Engine }).assumptions.prefillComputeEfficiency).toBe(dense)
  })

  it('prices the request as device hours on the cloud', () => {
    const totalMs = 65.9974608 + 199 * 5.00104
    expect(report.cost.deviceHoursPerRequest).toBeCloseTo(totalMs / 3_600_000 / 2, 10)
    expect(report.cost.perRequestUsd).toBeCloseTo((totalMs / 3_600_000 / 2) * 2, 10)
  })
})

describe('apiReport', () => {
  it('uses the served TTFT and output speed', () => {
    const scenario = {
      ...handScenario(),
      deployment: 'api',
      batchSize: 1,
      model: { ...handScenario().model, api: { inputUsdPerMTok: 1, outputUsdPerMTok: 2, typicalTtftMs: 500, typicalOutputTokensPerSecond: 50, priceAsOf: '2026-10' } }
    } as unknown as ApiScenario
    const report = apiReport(scenario)
    expect(report.latency).toEqual({ ttftMs: 500, tpotMs: 20, totalMs: 500 + 199 * 20, prefillBound: 'api', decodeBound: 'api' })
    expect(report.throughput).toEqual({ decodeTokensPerSecond: 50, outputTokensPerSecond: 50, prefillTokensPerSecond: 1600 })
    expect(report.cost.perRequestUsd).toBeCloseTo((800 * 1 + 200 * 2) / 1e6, 12)
    expect(report.memory).toBeNull()
  })
})
