// What both fits (batch-1 and serving) share: a fitted factor named by its path in an engine entry,
// with its bounds, and a catalog with one engine swapped for a trial version of it.
import type { Catalog } from '../catalog/index.js'
import type { Engine } from '../schemas/catalog.js'

/** One fitted factor: its path in the engine entry and the physical bounds it stays within. */
export interface Param {
  path: string
  min: number
  max: number
}

/** The catalog with `engine` in place of the entry of the same id (lookups included). */
export function withEngine(catalog: Catalog, engine: Engine): Catalog {
  const engines = catalog.engines.map((other) => (other.id === engine.id ? engine : other))
  return { ...catalog, engines, engineById: new Map(engines.map((other) => [other.id, other])) }
}
