// Filters over a catalog's entries, shared by GET /models, GET /hardware and the CLI's models and
// hardware commands, so both answer the same question the same way. Every filter left undefined
// matches everything; text comparisons ignore case.
import type { Hardware, HardwareKind, Model } from '../schemas/catalog.js'

export interface ModelFilter {
  openWeights?: boolean | undefined
  family?: string | undefined
  minContext?: number | undefined
  maxParametersB?: number | undefined
  /** Text searched in id, name and family. */
  text?: string | undefined
}

export interface HardwareFilter {
  kind?: HardwareKind | undefined
  minMemoryGB?: number | undefined
  vendor?: string | undefined
  /** Text searched in id, name and vendor. */
  text?: string | undefined
}

const sameText = (wanted: string | undefined, value: string) => wanted === undefined || value.toLowerCase() === wanted.toLowerCase()
const containsText = (wanted: string | undefined, ...values: string[]) => wanted === undefined || values.join(' ').toLowerCase().includes(wanted.toLowerCase())

/** A model's context window: its architecture's, else its API's. */
export const contextWindowOf = (model: Model) => model.architecture?.contextLength ?? model.api?.contextLength

export function filterModels(models: readonly Model[], filter: ModelFilter): Model[] {
  return models.filter(
    (model) =>
      (filter.openWeights === undefined || model.openWeights === filter.openWeights) &&
      sameText(filter.family, model.family) &&
      (filter.minContext === undefined || (contextWindowOf(model) ?? 0) >= filter.minContext) &&
      (filter.maxParametersB === undefined || (model.parametersB !== undefined && model.parametersB <= filter.maxParametersB)) &&
      containsText(filter.text, model.id, model.name, model.family)
  )
}

export function filterHardware(hardware: readonly Hardware[], filter: HardwareFilter): Hardware[] {
  return hardware.filter(
    (device) =>
      (filter.kind === undefined || device.kind === filter.kind) &&
      (filter.minMemoryGB === undefined || device.memoryGB >= filter.minMemoryGB) &&
      sameText(filter.vendor, device.vendor) &&
      containsText(filter.text, device.id, device.name, device.vendor)
  )
}
