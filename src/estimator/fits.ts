// Which hardware a model fits on, at which precision and on how many devices: the memory model
// of /estimate applied across the catalog for one sequence of a given context length.
import type { Catalog } from '../catalog/index.js'
import type { Hardware, Model } from '../schemas/catalog.js'
import { EstimateError } from './errors.js'
import { memoryFor, minDevicesFor } from './performance.js'
import { resolveRequest } from './resolve.js'
import { runSpecOf } from './index.js'
import { round, toGB } from './units.js'

export const FIT_DEVICE_LIMIT = 8

export interface FitOption {
  precision: string
  engine: string
  minDevices: number
  perDeviceGB: number
}

/** Every precision at which `model` fits on at most FIT_DEVICE_LIMIT devices of `hardware`, for one sequence of `contextTokens`. */
export function fitOptions(catalog: Catalog, model: Model, hardware: Hardware, contextTokens: number): FitOption[] {
  if (!model.architecture || (!model.openWeights && !model.estimated)) return []
  const out: FitOption[] = []
  for (const p of catalog.precisions) {
    try {
      const r = resolveRequest(catalog, {
        model: model.id,
        hardware: hardware.id,
        precision: p.id,
        promptTokens: Math.max(1, contextTokens - 1),
        outputTokens: 1,
        deployment: 'local'
      }, '/body', { memoryOnly: true })
      const run = runSpecOf(r)
      // CPUs and Apple machines are one device each; several of them are a cluster, not a fit.
      const n = minDevicesFor(run, hardware.kind === 'cpu' || hardware.kind === 'apple' ? 1 : FIT_DEVICE_LIMIT)
      if (n === null) continue
      out.push({ precision: p.id, engine: r.selfHosted!.engine.id, minDevices: n, perDeviceGB: round(toGB(memoryFor({ ...run, deviceCount: n }).perDeviceBytes), 3) })
    } catch (err) {
      if (err instanceof EstimateError) continue // this precision cannot run here (no FP8 units, no compute figure...)
      throw err
    }
  }
  return out
}

/** Default context for fit questions: 4096 tokens, or the model's whole window when shorter. */
export const defaultFitContext = (m: Model) => Math.min(4096, m.architecture?.contextLength ?? 4096)
