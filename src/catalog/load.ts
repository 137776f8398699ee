// Loads every catalog version shipped under catalog/<version>/, validates each file, applies an
// operator's override directory, checks the relations between entries, and freezes the result. A
// broken catalog throws a CatalogError whose message names the file, the entry and the field.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Aliases, CatalogFiles, Manifest, type Aliases as AliasesT, type Engine as EngineT, type Hardware as HardwareT, type Model as ModelT, type Precision as PrecisionT } from '../schemas/catalog.js'
import { CatalogError, type Catalog, type CatalogSet } from './catalog.js'
import { readEntries, readObject, type EntryFile } from './read.js'
import { relationProblems } from './rules.js'

/** The catalog folder shipped with the service (works from src/ under tsx and from dist/). */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url))

function mergeById<T extends { id: string }>(base: T[], extra: T[], overridden: string[]): T[] {
  const out = new Map(base.map((entry) => [entry.id, entry]))
  for (const entry of extra) {
    out.set(entry.id, entry)
    overridden.push(entry.id)
  }
  return [...out.values()]
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/** Orders YYYY.MM.PATCH versions numerically. */
function compareVersions(left: string, right: string): number {
  const leftParts = left.split('.').map(Number)
  const rightParts = right.split('.').map(Number)
  for (let index = 0; index < 3; index++) {
    const difference = (leftParts[index] ?? 0) - (rightParts[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

interface Overrides {
  models: ModelT[]
  hardware: HardwareT[]
  precisions: PrecisionT[]
  engines: EngineT[]
  aliases: Partial<AliasesT>
}

function readOverrides(dir: string, problems: string[]): Overrides {
  const overrides: Overrides = { models: [], hardware: [], precisions: [], engines: [], aliases: {} }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problems.push(`${dir}: catalog override directory does not exist`)
    return overrides
  }
  const known = new Set(['models.json', 'hardware.json', 'precisions.json', 'engines.json', 'aliases.json'])
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.json') && !known.has(file)) problems.push(`${join(dir, file)}: unknown override file (expected one of ${[...known].join(', ')})`)
  }
  const at = (file: string) => join(dir, file)
  const entries = <T>(file: EntryFile): T[] => (existsSync(at(file)) ? readEntries<T>(at(file), at(file), file, problems) : [])
  overrides.models = entries('models.json')
  overrides.hardware = entries('hardware.json')
  overrides.precisions = entries('precisions.json')
  overrides.engines = entries('engines.json')
  if (existsSync(at('aliases.json'))) overrides.aliases = readObject<AliasesT>(at('aliases.json'), at('aliases.json'), Aliases, problems) ?? {}
  return overrides
}

const byId = <T extends { id: string }>(entries: T[]) => new Map(entries.map((entry) => [entry.id, entry]))

function loadVersion(dir: string, version: string, overrides: Overrides | undefined, problems: string[]): Catalog | undefined {
  const versionDir = join(dir, version)
  const label = relative(process.cwd(), versionDir) || versionDir
  const before = problems.length
  for (const file of Object.keys(CatalogFiles)) if (!existsSync(join(versionDir, file))) problems.push(`${label}/${file}: missing`)
  if (problems.length > before) return undefined
  const manifest = readObject<{ version: string; releasedAt: string; notes?: string }>(join(versionDir, 'manifest.json'), `${label}/manifest.json`, Manifest, problems)
  if (manifest && manifest.version !== version) problems.push(`${label}/manifest.json: field /version: "${manifest.version}" does not match its folder "${version}"`)
  const overridden: string[] = []
  const merged = <T extends { id: string }>(file: EntryFile, extra: T[] | undefined) =>
    mergeById(readEntries<T>(join(versionDir, file), `${label}/${file}`, file, problems), extra ?? [], overridden)
  const models = merged<ModelT>('models.json', overrides?.models)
  const hardware = merged<HardwareT>('hardware.json', overrides?.hardware)
  const precisions = merged<PrecisionT>('precisions.json', overrides?.precisions)
  const engines = merged<EngineT>('engines.json', overrides?.engines)
  const baseAliases = readObject<AliasesT>(join(versionDir, 'aliases.json'), `${label}/aliases.json`, Aliases, problems)
  if (problems.length > before || !manifest || !baseAliases) return undefined
  const aliases: AliasesT = {
    models: { ...baseAliases.models, ...(overrides?.aliases.models ?? {}) },
    hardware: { ...baseAliases.hardware, ...(overrides?.aliases.hardware ?? {}) }
  }
  const content = { version, releasedAt: manifest.releasedAt, notes: manifest.notes, models, hardware, precisions, engines, aliases, overridden }
  relationProblems(label, content, problems)
  if (problems.length > before) return undefined
  const sha256 = createHash('sha256').update(JSON.stringify({ manifest, models, hardware, precisions, engines, aliases })).digest('hex')
  return deepFreeze({
    ...content,
    sha256,
    modelById: byId(models),
    hardwareById: byId(hardware),
    precisionById: byId(precisions),
    engineById: byId(engines)
  })
}

export interface LoadOptions {
  /** Folder holding one sub-folder per version; defaults to the shipped catalog. */
  dir?: string
  /** Folder whose models/hardware/precisions/engines/aliases JSON files add or replace entries in every version. */
  overrideDir?: string
}

/** Loads and validates every version; throws CatalogError listing every problem found. */
export function loadCatalogSet(options: LoadOptions = {}): CatalogSet {
  const dir = options.dir ?? DEFAULT_CATALOG_DIR
  const problems: string[] = []
  if (!existsSync(dir)) throw new CatalogError([`${dir}: catalog directory does not exist`])
  const versions = readdirSync(dir)
    .filter((name) => /^\d+\.\d+\.\d+$/.test(name) && statSync(join(dir, name)).isDirectory())
    .sort((left, right) => compareVersions(right, left))
  if (versions.length === 0) throw new CatalogError([`${dir}: no catalog version folder (expected e.g. 2026.11.0/)`])
  const overrides = options.overrideDir ? readOverrides(options.overrideDir, problems) : undefined
  const catalogs: Catalog[] = []
  for (const version of versions) {
    const catalog = loadVersion(dir, version, overrides, problems)
    if (catalog) catalogs.push(catalog)
  }
  if (problems.length > 0) throw new CatalogError(problems)
  const byVersion = new Map(catalogs.map((catalog) => [catalog.version, catalog]))
  const defaultVersion = catalogs[0]!.version
  return Object.freeze({
    versions: catalogs,
    defaultVersion,
    get: (version?: string) => byVersion.get(version ?? defaultVersion)
  })
}
