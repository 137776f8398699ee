// Fit questions: on how few devices a scenario runs, how many sequences and how long a context it
// holds, and at which precisions a catalog model fits on a catalog device (for /models/:id and
// /hardware/:id), all from the memory model of /estimate.
import type { Catalog } from '../catalog/index.js'
import type { Hardware, Model } from '../schemas/catalog.js'
import type { EstimateResponse } from '../schemas/estimate-answer.js'
import { FIT_DEVICE_LIMIT } from './defaults.js'
import { hardwareFromEntry, modelFromEntry } from './entries.js'
import { EstimateError } from './errors.js'
import { memoryFor, minDevicesFor, onDevices } from './physics/memory.js'
import { selfHostedScenario } from './resolve.js'
import type { SelfHostedScenario } from './scenario.js'
import { round, toGB } from './units.js'

export interface FitOption {
  precision: string
  engine: string
  minDevices: number
  perDeviceGB: number
}

/** CPUs and Apple machines are one device each; several of them are a cluster, not a fit. */
const deviceLimitFor = (scenario: SelfHostedScenario) => (['cpu', 'apple', 'edge'].includes(scenario.hardware.kind) ? 1 : FIT_DEVICE_LIMIT)

/** The fewest devices (up to the fit limit) that hold the scenario, and the memory each then needs; null when none does. */
export function fitOf(scenario: SelfHostedScenario): Omit<FitOption, 'precision' | 'engine'> | null {
  const minDevices = minDevicesFor(scenario, deviceLimitFor(scenario))
  if (minDevices === null) return null
  return { minDevices, perDeviceGB: round(toGB(memoryFor(onDevices(scenario, minDevices)).perDeviceBytes), 3) }
}

/** Every precision at which `model` fits on at most FIT_DEVICE_LIMIT devices of `hardware`, for one sequence of `contextTokens`. */
export function fitOptions(catalog: Catalog, model: Model, hardware: Hardware, contextTokens: number): FitOption[] {
  if (!model.architecture || (!model.openWeights && !model.estimated)) return []
  const resolvedModel = modelFromEntry(model)
  const resolvedHardware = hardwareFromEntry(hardware)
  const options: FitOption[] = []
  for (const precision of catalog.precisions) {
    let scenario: SelfHostedScenario
    try {
      const parts = { model: resolvedModel, hardware: resolvedHardware, precision: precision.id, promptTokens: Math.max(1, contextTokens - 1), outputTokens: 1, deployment: 'local' as const }
      scenario = selfHostedScenario(catalog, parts, '/body', { memoryOnly: true })
    } catch (err) {
      if (err instanceof EstimateError) continue // this precision cannot run here (no FP8 units, no compute figure...)
      throw err
    }
    const fit = fitOf(scenario)
    if (fit) options.push({ precision: precision.id, engine: scenario.engine.id, ...fit })
  }
  return options
}

/** A /compare row's planning answers: fewest devices, most sequences at once, longest context of one sequence. */
export function planningFit(scenario: SelfHostedScenario, memory: NonNullable<EstimateResponse['memory']>) {
  const single = memoryFor({ ...scenario, batchSize: 1 })
  return { minDevices: memory.minDevices, maxConcurrency: memory.maxBatchSize, maxContextTokens: single.maxContextTokens }
}
