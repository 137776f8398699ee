// Which hardware a model fits on, at which precision and on how many devices: the memory model
// of /estimate applied across the catalog for one sequence of a given context length.
import type { Catalog } from '../catalog/index.js'
import type { Hardware, Model, Precision } from '../schemas/catalog.js'
import { EstimateError } from './errors.js'
import { memoryFor, minDevicesFor } from './performance.js'
import { defaultEngineId, resolveRequest } from './resolve.js'
import { runSpecOf } from './index.js'
import { round, toGB } from './units.js'

export const FIT_DEVICE_LIMIT = 8

export interface FitOption {
  precision: string
  engine: string
  minDevices: number
  perDeviceGB: number
}

/** The engine that serves `precision` on this hardware: the hardware's default when it can, else the first that can. */
function engineFor(catalog: Catalog, h: Hardware, p: Precision): string | undefined {
  const preferred = defaultEngineId(h)
  const runsHere = (id: string) => catalog.engineById.get(id)?.hardwareKinds.includes(h.kind) ?? false
  if ((!p.engines || p.engines.includes(preferred)) && runsHere(preferred)) return preferred
  return (p.engines ?? [...catalog.engineById.keys()]).find(runsHere)
}

/** Every precision at which `model` fits on at most FIT_DEVICE_LIMIT devices of `hardware`, for one sequence of `contextTokens`. */
export function fitOptions(catalog: Catalog, model: Model, hardware: Hardware, contextTokens: number): FitOption[] {
  if (!model.architecture || (!model.openWeights && !model.estimated)) return []
  const out: FitOption[] = []
  for (const p of catalog.precisions) {
    const engine = engineFor(catalog, hardware, p)
    if (!engine) continue
    try {
      const r = resolveRequest(catalog, {
        model: model.id,
        hardware: hardware.id,
        precision: p.id,
        engine,
        promptTokens: Math.max(1, contextTokens - 1),
        outputTokens: 1,
        deployment: 'local'
      })
      const run = runSpecOf(r)
      const n = minDevicesFor(run, FIT_DEVICE_LIMIT)
      if (n === null) continue
      out.push({ precision: p.id, engine, minDevices: n, perDeviceGB: round(toGB(memoryFor({ ...run, deviceCount: n }).perDeviceBytes), 3) })
    } catch (err) {
      if (err instanceof EstimateError) continue // this precision cannot run here (no FP8 units, no compute figure...)
      throw err
    }
  }
  return out
}

/** Default context for fit questions: 4096 tokens, or the model's whole window when shorter. */
export const defaultFitContext = (m: Model) => Math.min(4096, m.architecture?.contextLength ?? 4096)
