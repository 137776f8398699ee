// Memory of the hand scenario, computed by hand (see test/helpers/scenario.ts).
import { describe, expect, it } from 'vitest'
import { fewestDevicesFor, kvShare, memoryFor, minDevicesFor } from '../../../src/estimator/physics/memory.js'
import { handScenario } from '../../helpers/scenario.js'

describe('memoryFor', () => {
  it('adds weights, KV, activations and runtime per device', () => {
    const memory = memoryFor(handScenario())
    expect(memory.weightsBytes).toBe(2e9) // 1e9 parameters × 2 bytes
    expect(memory.kvBytesPerToken).toBe(400) // 2 layers × 2 × 2 KV heads × 25 × 2 bytes
    expect(memory.kvBytes).toBe(800_000) // 400 B × 1000 tokens × batch 2
    expect(memory.activationBytesPerDevice).toBe(512_000) // min(1600, 512) tokens × 100 × 10 B
    expect(memory.perDeviceBytes).toBe(2e9 + 800_000 + 512_000 + 1e9)
    expect(memory.fits).toBe(true)
    // KV pool = 10e9 − (2e9 + 512,000 + 1e9); 400,000 B per sequence.
    expect(memory.maxBatchSize).toBe(Math.floor(6_999_488_000 / 400_000))
    expect(memory.maxContextTokens).toBe(10_000) // capped by the context window
  })

  it('does not fit when the weights alone exceed the device', () => {
    const memory = memoryFor(handScenario({ hardware: { ...handScenario().hardware, memoryGB: 2.5 } }))
    expect(memory.fits).toBe(false)
  })
})

describe('device counts', () => {
  it('splits KV heads under tensor parallelism, replicating past the KV head count', () => {
    expect(kvShare(handScenario({ deviceCount: 2 }))).toBe(0.5)
    expect(kvShare(handScenario({ deviceCount: 4 }))).toBe(0.5)
  })

  it('finds the fewest devices that hold the model', () => {
    const small = handScenario({ hardware: { ...handScenario().hardware, memoryGB: 2.5 } })
    // Per device: 2e9 / n weights + 1e9 runtime + activations and KV: 2 devices hold 2.0013 GB of 2.5.
    expect(minDevicesFor(small)).toBe(2)
    expect(fewestDevicesFor(small, memoryFor(small))).toBe(2)
    const roomy = handScenario({ deviceCount: 4 })
    expect(fewestDevicesFor(roomy, memoryFor(roomy))).toBe(1)
  })
})
