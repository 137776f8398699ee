// The public sources behind an answer. An answer names the catalog entries it used (`sourceIds`,
// "kind:id"); their sources, with the notes on how each figure was read, come from the catalog by
// those ids: GET /catalog/sources, or the answer itself when asked with include=sources.
import type { Catalog } from '../../catalog/index.js'
import type { Source } from '../../schemas/catalog.js'
import type { EstimateResponse } from '../../schemas/estimate-answer.js'

type SourceRef = NonNullable<EstimateResponse['sources']>[number]
import type { Scenario } from '../scenario.js'
import { unknownId } from '../errors.js'

export const SOURCE_KINDS = ['model', 'hardware', 'precision', 'engine'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

/** Adds "kind:id" to `ids` when the entry has sources (one array per answer, no array per entry). */
function addEntryId(ids: string[], kind: SourceKind, id: string | null | undefined, sources: readonly Source[] | undefined): void {
  if (id && sources && sources.length > 0) ids.push(`${kind}:${id}`)
}

/** The catalog entries with sources an answer used: the model, then (self-hosted) the hardware, precision, KV-cache precision when different, and engine. */
export function scenarioSourceIds(scenario: Scenario): string[] {
  const ids: string[] = []
  addEntryId(ids, 'model', scenario.model.id, scenario.model.entry?.sources)
  if (scenario.deployment === 'api') return ids
  const { hardware, precision, kvPrecision, engine } = scenario
  addEntryId(ids, 'hardware', hardware.id, hardware.entry?.sources)
  addEntryId(ids, 'precision', precision.id, precision.sources)
  if (kvPrecision.id !== precision.id) addEntryId(ids, 'precision', kvPrecision.id, kvPrecision.sources)
  addEntryId(ids, 'engine', engine.id, engine.sources)
  return ids
}

function entrySources(catalog: Catalog, kind: SourceKind, id: string): readonly Source[] | undefined {
  switch (kind) {
    case 'model':
      return catalog.modelById.get(id)?.sources
    case 'hardware':
      return catalog.hardwareById.get(id)?.sources
    case 'precision':
      return catalog.precisionById.get(id)?.sources
    case 'engine':
      return catalog.engineById.get(id)?.sources
  }
}

/** Splits "kind:id"; null when the kind is not one with sources. */
export function parseSourceId(sourceId: string): { kind: SourceKind; id: string } | null {
  const colon = sourceId.indexOf(':')
  const kind = sourceId.slice(0, colon) as SourceKind
  return colon > 0 && SOURCE_KINDS.includes(kind) ? { kind, id: sourceId.slice(colon + 1) } : null
}

/** The sources of each entry id, in the order given (each entry once); unknown ids give none. */
export function sourcesFor(catalog: Catalog, sourceIds: Iterable<string>): SourceRef[] {
  const rows: SourceRef[] = []
  for (const sourceId of new Set(sourceIds)) {
    const parsed = parseSourceId(sourceId)
    const sources = parsed ? entrySources(catalog, parsed.kind, parsed.id) : undefined
    for (const source of sources ?? []) {
      rows.push({ entry: sourceId, url: source.url, ...(source.fields ? { fields: [...source.fields] } : {}), ...(source.note ? { note: source.note } : {}) })
    }
  }
  return rows
}

/** Every entry id of the catalog that has sources, by kind in SOURCE_KINDS order. */
export function catalogSourceIds(catalog: Catalog): string[] {
  return SOURCE_KINDS.flatMap((kind) => entryIdsOf(catalog, kind))
}

function entryIdsOf(catalog: Catalog, kind: SourceKind): string[] {
  const entries = kind === 'model' ? catalog.models : kind === 'hardware' ? catalog.hardware : kind === 'precision' ? catalog.precisions : catalog.engines
  return entries.map((entry) => `${kind}:${entry.id}`)
}

/** GET /catalog/sources: the sources of the entries named (every entry when none is); 404 naming an entry the catalog lacks. */
export function catalogSources(catalog: Catalog, ids: readonly string[] | undefined, pointer = '/query/ids'): SourceRef[] {
  if (ids === undefined) return sourcesFor(catalog, catalogSourceIds(catalog))
  for (const sourceId of ids) {
    const parsed = parseSourceId(sourceId)
    if (!parsed || entrySources(catalog, parsed.kind, parsed.id) === undefined) {
      throw unknownId('catalog entry', sourceId, parsed ? entryIdsOf(catalog, parsed.kind) : catalogSourceIds(catalog), pointer, catalog.version, 404)
    }
  }
  return sourcesFor(catalog, ids)
}
