import { describe, expect, it } from 'vitest'
import { memoryFor } from '../../../src/estimator/physics/memory.js'
import { apiWarnings, contextOverflow, isStale, selfHostedWarnings } from '../../../src/estimator/report/warnings.js'
import type { ApiScenario } from '../../../src/estimator/scenario.js'
import { handScenario } from '../../helpers/scenario.js'

describe('warnings', () => {
  it('a price older than 18 months at release is stale', () => {
    expect(isStale('2025-05', '2026-11-01')).toBe(false) // 18 months
    expect(isStale('2025-04-30', '2026-11-01')).toBe(true) // 19 months
  })

  it('context overflow, one wording for every deployment', () => {
    expect(contextOverflow({ contextLength: 4096 }, 4096)).toBeUndefined()
    expect(contextOverflow({ contextLength: undefined }, 10 ** 9)).toBeUndefined()
    expect(contextOverflow({ contextLength: 4096 }, 5000)).toBe("prompt + output (5000 tokens) exceeds the model's 4096-token context window")
  })

  it('self-hosted: an unfitted engine on inline cloud hardware warns about both efficiencies, in order', () => {
    const scenario = handScenario({ outputTokens: 9500 })
    expect(selfHostedWarnings(scenario, memoryFor(scenario), 1)).toEqual([
      "prompt + output (10300 tokens) exceeds the model's 10000-token context window",
      "Hand's decode efficiency on gpu hardware is a documented default, not fitted to measurements",
      "Hand's prompt-processing (TTFT) efficiency on gpu hardware is a documented default, not fitted to measurements"
    ])
  })

  it('self-hosted: electricity is ignored for cloud; a local device without power has no energy cost', () => {
    const cloud = handScenario({ electricityUsdPerKWhGiven: true })
    expect(selfHostedWarnings(cloud, memoryFor(cloud), 1)).toContain('electricityUsdPerKWh is ignored for a cloud deployment (the hourly price includes power)')
    const local = handScenario({ deployment: 'local', hardware: { ...handScenario().hardware, tdpW: undefined } })
    expect(selfHostedWarnings(local, memoryFor(local), 1)).toContain('no power figure for the inline hardware: energy cost is unknown (give the hardware inline with tdpW)')
  })

  it('api: batch, missing latency and undated price', () => {
    const scenario = { ...handScenario(), deployment: 'api', batchSize: 3, model: { ...handScenario().model, api: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 } } } as unknown as ApiScenario
    expect(apiWarnings(scenario, false)).toEqual([
      'for an api deployment each request of the batch is billed and served separately; latency is per request',
      'no published served latency for hand-model: latency and throughput are unknown',
      "the date of hand-model's price is not established; check the provider's price list"
    ])
  })
})
