// The public sources behind an answer: every catalog entry it used, each source with its entry.
import type { Source } from '../../schemas/catalog.js'
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import type { Scenario } from '../scenario.js'

type SourceRow = EstimateResponse['sources'][number]

function sourcesOf(kind: string, id: string | null | undefined, sources: readonly Source[] | undefined): SourceRow[] {
  if (!id || !sources) return []
  return sources.map((source) => ({
    entry: `${kind}:${id}`,
    url: source.url,
    ...(source.fields ? { fields: [...source.fields] } : {}),
    ...(source.note ? { note: source.note } : {})
  }))
}

/** Sources of the model, then (self-hosted) the hardware, precision, KV-cache precision when different, and engine. */
export function scenarioSources(scenario: Scenario): SourceRow[] {
  const model = sourcesOf('model', scenario.model.id, scenario.model.entry?.sources)
  if (scenario.deployment === 'api') return model
  const { hardware, precision, kvPrecision, engine } = scenario
  return [
    ...model,
    ...sourcesOf('hardware', hardware.id, hardware.entry?.sources),
    ...sourcesOf('precision', precision.id, precision.sources),
    ...(kvPrecision.id !== precision.id ? sourcesOf('precision', kvPrecision.id, kvPrecision.sources) : []),
    ...sourcesOf('engine', engine.id, engine.sources)
  ]
}
