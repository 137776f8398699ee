// What an answer adds when asked (include=sources,formulas): the text behind the ids it names.
import type { Catalog } from '../../catalog/index.js'
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import { formulaTexts } from './formulas.js'
import { sourcesFor } from './sources.js'

export interface Detail {
  sources?: boolean
  formulas?: boolean
}

/** The answer with the full sources and formula texts it names, as asked; the same object when nothing is asked. */
export function withDetail(catalog: Catalog, answer: EstimateResponse, detail: Detail): EstimateResponse {
  if (!detail.sources && !detail.formulas) return answer
  return {
    ...answer,
    assumptions: detail.formulas ? { ...answer.assumptions, formulas: formulaTexts(answer.assumptions.formulaIds) } : answer.assumptions,
    ...(detail.sources ? { sources: sourcesFor(catalog, answer.sourceIds) } : {})
  }
}
