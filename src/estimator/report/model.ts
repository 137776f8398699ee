// The answer's model section: which model was estimated and, for one given as a config.json, what
// the service read from it (so the user can check it against the model card).
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import type { ResolvedModel } from '../scenario.js'
import { round } from '../units.js'

export function modelSection(model: ResolvedModel): EstimateResponse['model'] {
  const section: EstimateResponse['model'] = { id: model.id ?? null, name: model.name, estimated: model.estimated }
  const read = model.fromHfConfig
  if (!read) return section
  return {
    ...section,
    fromHfConfig: {
      modelType: read.modelType,
      architecture: read.architecture,
      parametersB: round(read.parametersB, 4),
      activeParametersB: round(read.activeParametersB, 4),
      nativePrecision: read.nativePrecision ?? null,
      nativePrecisionScope: read.nativePrecisionScope ?? null,
      notes: read.notes
    }
  }
}
