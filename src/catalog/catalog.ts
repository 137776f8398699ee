// What a loaded catalog is: one version's entries with lookup maps, the set of shipped versions,
// and the error a broken catalog throws.
import type { Aliases, Engine, Hardware, Model, Precision } from '../schemas/catalog.js'

export interface Catalog {
  readonly version: string
  readonly releasedAt: string
  readonly notes: string | undefined
  /** sha256 of the catalog content after overrides, hex. */
  readonly sha256: string
  readonly models: readonly Model[]
  readonly hardware: readonly Hardware[]
  readonly precisions: readonly Precision[]
  readonly engines: readonly Engine[]
  readonly aliases: Aliases
  /** Entry ids that an operator's override directory added or replaced. */
  readonly overridden: readonly string[]
  readonly modelById: ReadonlyMap<string, Model>
  readonly hardwareById: ReadonlyMap<string, Hardware>
  readonly precisionById: ReadonlyMap<string, Precision>
  readonly engineById: ReadonlyMap<string, Engine>
}

export interface CatalogSet {
  /** Newest first. */
  readonly versions: readonly Catalog[]
  readonly defaultVersion: string
  /** The catalog of that version, the default one when version is undefined; undefined when unknown. */
  get(version?: string): Catalog | undefined
}

export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid catalog:\n  - ${problems.join('\n  - ')}`)
    this.name = 'CatalogError'
  }
}
