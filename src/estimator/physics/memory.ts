// Memory of a self-hosted scenario under its engine's allocation rule, and the smallest device
// count that holds it. Pure: a scenario in, bytes and counts out.
import { BYTES_PER_GB } from '../units.js'
import { engineForRun } from '../defaults.js'
import { splitProblem } from '../rules.js'
import type { SelfHostedScenario } from '../scenario.js'
import { kvBitsPerValue, kvBytesPerToken, sequenceKvBytes, tokensForKvBytes, weightBytes } from './model.js'

export interface MemoryResult {
  weightsBytes: number
  kvBytes: number
  activationBytesPerDevice: number
  overheadBytesPerDevice: number
  perDeviceBytes: number
  usablePerDeviceBytes: number
  reservedPerDeviceBytes: number
  fits: boolean
  maxBatchSize: number
  maxContextTokens: number
  kvBytesPerToken: number
  /** Bytes of one device's memory the engine's rule leaves for KV blocks. */
  kvPoolPerDeviceBytes: number
}

/** Share of the KV cache one device holds: heads are split under tensor parallelism (replicated when devices outnumber KV heads), layers under a layer split. */
export function kvShare(scenario: Pick<SelfHostedScenario, 'engine' | 'deviceCount' | 'model'>): number {
  const devices = scenario.deviceCount
  if (scenario.engine.multiDevice === 'layer') return 1 / devices
  const kvHeads = scenario.model.architecture.kvLoraRank ? 1 : scenario.model.architecture.kvHeads
  return Math.max(1 / devices, 1 / kvHeads)
}

/** Peak prompt tokens processed in one pass: the engine's chunk size, or the whole batch's prompts. */
const tokensInFlight = (scenario: SelfHostedScenario) => Math.min(scenario.promptTokens * scenario.batchSize, scenario.engine.memory.maxTokensInFlight)

export function memoryFor(scenario: SelfHostedScenario): MemoryResult {
  const arch = scenario.model.architecture
  const devices = scenario.deviceCount
  const rule = scenario.engine.memory
  const kvBits = kvBitsPerValue(scenario.kvPrecision)
  const weightsBytes = weightBytes(scenario.model, scenario.precision)
  const sequenceTokens = scenario.promptTokens + scenario.outputTokens
  const kvPerSequence = sequenceKvBytes(arch, kvBits, sequenceTokens)
  const kvBytes = kvPerSequence * scenario.batchSize
  const share = kvShare(scenario)
  const activationBytesPerDevice = tokensInFlight(scenario) * arch.hiddenSize * rule.activationBytesPerTokenPerHidden
  const overheadBytesPerDevice = rule.runtimeOverheadGB * BYTES_PER_GB
  const weightsPerDevice = weightsBytes / devices
  const kvPerDevice = kvBytes * share
  const perDeviceBytes = weightsPerDevice + kvPerDevice + activationBytesPerDevice + overheadBytesPerDevice
  const usablePerDeviceBytes = scenario.hardware.memoryGB * scenario.hardware.usableMemoryFraction * BYTES_PER_GB
  const fixedPerDevice = weightsPerDevice + activationBytesPerDevice + overheadBytesPerDevice
  let kvPool: number
  let reserved: number
  switch (rule.rule) {
    case 'fraction-of-total':
      // The engine claims memoryFraction of the device up front; KV blocks fill what the rest leaves.
      reserved = usablePerDeviceBytes * rule.memoryFraction
      kvPool = reserved - fixedPerDevice
      break
    case 'static-fraction': {
      // memoryFraction holds weights and the KV pool; activations and runtime use the rest.
      const staticShare = usablePerDeviceBytes * rule.memoryFraction
      kvPool = Math.min(staticShare, usablePerDeviceBytes - activationBytesPerDevice - overheadBytesPerDevice) - weightsPerDevice
      reserved = staticShare + activationBytesPerDevice + overheadBytesPerDevice
      break
    }
    case 'fraction-of-free':
      // KV gets memoryFraction of what is free after weights, activations and runtime.
      kvPool = (usablePerDeviceBytes - fixedPerDevice) * rule.memoryFraction
      reserved = fixedPerDevice + Math.max(0, kvPool)
      break
    case 'on-demand':
      kvPool = usablePerDeviceBytes - fixedPerDevice
      reserved = perDeviceBytes
      break
  }
  const kvPerSequencePerDevice = kvPerSequence * share
  const fits = fixedPerDevice <= usablePerDeviceBytes && kvPool >= kvPerDevice
  const byMemory = kvPool > 0 && kvPerSequencePerDevice > 0 ? Math.floor(kvPool / kvPerSequencePerDevice) : 0
  const maxBatchSize = Math.min(byMemory, rule.maxSequences ?? Infinity)
  const contextCap = Math.max(1, arch.contextLength)
  const maxContextTokens = kvPool > 0 ? Math.min(contextCap, tokensForKvBytes(arch, kvBits, kvPool / share / scenario.batchSize)) : 0
  return {
    weightsBytes,
    kvBytes,
    activationBytesPerDevice,
    overheadBytesPerDevice,
    perDeviceBytes,
    usablePerDeviceBytes,
    reservedPerDeviceBytes: Math.max(reserved, 0),
    fits,
    maxBatchSize,
    maxContextTokens: Math.max(0, maxContextTokens),
    kvBytesPerToken: kvBytesPerToken(arch, kvBits),
    kvPoolPerDeviceBytes: Math.max(0, kvPool)
  }
}

/** The scenario on `deviceCount` devices, with the engine's defaults for that count (SGLang's change from tensor parallel 4). */
export function onDevices(scenario: SelfHostedScenario, deviceCount: number): SelfHostedScenario {
  const source = scenario.engineSource
  if (deviceCount === scenario.deviceCount) return scenario
  return { ...scenario, deviceCount, ...(source ? { engine: engineForRun(source.catalogEngine, scenario.hardware, deviceCount, source.settings) } : {}) }
}

/** Smallest device count (≤ limit) that fits, honouring the engine's split constraints; null when none does. */
export function minDevicesFor(scenario: SelfHostedScenario, limit = 1024): number | null {
  const upTo = Math.min(limit, scenario.engine.multiDevice === 'layer' ? scenario.model.architecture.layers : limit)
  for (let devices = 1; devices <= upTo; devices++) {
    if (splitProblem(scenario.engine, scenario.model.architecture, devices)) continue
    if (memoryFor(onDevices(scenario, devices)).fits) return devices
  }
  return null
}

/**
 * Fewest devices that hold the scenario as asked: no more than its own count when it fits; null when
 * no count up to 1024 does. `memory` is the scenario's own, so when it fits only smaller counts are
 * tried (one device that fits is the answer without another look).
 */
export function fewestDevicesFor(scenario: SelfHostedScenario, memory: MemoryResult): number | null {
  const devices = scenario.deviceCount
  if (!memory.fits) return minDevicesFor(scenario)
  return devices === 1 ? 1 : (minDevicesFor(scenario, devices - 1) ?? devices)
}
