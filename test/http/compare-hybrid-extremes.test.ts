// POST /compare with hybridWith and a replica so slow that the day's peak needs 2^52-2^53 of them: the
// hybrid plan's search over replica counts once spun forever there (hybrid.ts), holding a server worker
// at 100% CPU. Sent in a child process with a time limit, so a search that never ends fails this test.
import { describe, expect, it } from 'vitest'
import { callsWithin } from '../helpers/bounded.js'

// A 200-layer, 100000-wide model (~24T parameters in fp16, 20 KV heads) on four devices of 100 TB,
// 9 GB/s and 1000 TFLOPS at $0.0001 an hour, 1,000,000 output tokens a request (weights and a few
// sequences' KV fit: a row that does not fit gets no plan): a replica completes ~2.2e-9 requests/s, so
// 1e7 requests/s need ~4.6e15 replicas (between 2^52 and 2^53), and at ~$51 per million output tokens
// against gpt-4's $60 every replica pays for itself: all self-hosted.
const body = {
  workload: { promptTokens: 1000, outputTokens: 1_000_000, requestsPerSecond: 1e7 },
  hybridWith: 'gpt-4',
  candidates: [
    {
      model: { name: 'huge', architecture: { layers: 200, hiddenSize: 100_000, attentionHeads: 100, kvHeads: 20 } },
      hardware: { name: 'slow', memoryGB: 100_000, bandwidthGBps: 9, tflops: { fp16: 1000 }, priceUsdPerHour: 0.0001 },
      deviceCount: 4,
      precision: 'fp16'
    }
  ]
}

interface HybridRow {
  fleet: { alwaysOnReplicas: number; alwaysOnMonthlyCostUsd: number }
  hybrid: { replicas: number; apiShare: number; monthlyCostUsd: number; allSelfHostedMonthlyCostUsd: number }
}

describe('POST /compare: a hybrid plan over ~7e15 replicas', () => {
  it('answers (all self-hosted, as the always-on fleet) instead of spinning', () => {
    const [res] = callsWithin<{ statusCode: number; body: string }>(45_000, 'test/helpers/inject-once.ts', 'injectOnce', [[{ method: 'POST', url: '/compare', payload: body }]])
    expect(res!.statusCode, res!.body).toBe(200)
    const row = (JSON.parse(res!.body) as { rows: HybridRow[] }).rows[0]!
    expect(row.fleet.alwaysOnReplicas).toBeGreaterThan(2 ** 52)
    expect(row.fleet.alwaysOnReplicas).toBeLessThan(2 ** 53)
    expect(row.hybrid.replicas).toBe(row.fleet.alwaysOnReplicas)
    expect(row.hybrid.apiShare).toBe(0)
    expect(row.hybrid.monthlyCostUsd).toBe(row.hybrid.allSelfHostedMonthlyCostUsd)
  }, 90_000)
})
