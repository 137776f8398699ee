// Loads every catalog version shipped under catalog/<version>/, validates each file against the
// TypeBox schemas, applies an operator's override directory, and freezes the result. A broken
// catalog throws a CatalogError whose message names the file, the entry and the field.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Compile } from 'typebox/compile'
import type { TSchema } from 'typebox'
import {
  Aliases,
  CatalogFiles,
  Engine,
  Hardware,
  Manifest,
  Model,
  Precision,
  type Aliases as AliasesT,
  type Engine as EngineT,
  type Hardware as HardwareT,
  type Model as ModelT,
  type Precision as PrecisionT
} from '../schemas/catalog.js'
import { activeParametersProblem, architectureProblems } from './rules.js'

/** The catalog folder shipped with the service (works from src/ under tsx and from dist/). */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url))

export interface Catalog {
  readonly version: string
  readonly releasedAt: string
  readonly notes: string | undefined
  /** sha256 of the catalog content after overrides, hex. */
  readonly sha256: string
  readonly models: readonly ModelT[]
  readonly hardware: readonly HardwareT[]
  readonly precisions: readonly PrecisionT[]
  readonly engines: readonly EngineT[]
  readonly aliases: AliasesT
  /** Entry ids that an operator's override directory added or replaced. */
  readonly overridden: readonly string[]
  readonly modelById: ReadonlyMap<string, ModelT>
  readonly hardwareById: ReadonlyMap<string, HardwareT>
  readonly precisionById: ReadonlyMap<string, PrecisionT>
  readonly engineById: ReadonlyMap<string, EngineT>
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

type EntryFile = 'models.json' | 'hardware.json' | 'precisions.json' | 'engines.json'
const ENTRY_SCHEMAS: Record<EntryFile, TSchema> = {
  'models.json': Model,
  'hardware.json': Hardware,
  'precisions.json': Precision,
  'engines.json': Engine
}
const compiled = new Map<TSchema, ReturnType<typeof Compile>>()
function validatorFor(schema: TSchema) {
  let v = compiled.get(schema)
  if (!v) {
    v = Compile(schema)
    compiled.set(schema, v)
  }
  return v
}

function describeErrors(schema: TSchema, value: unknown): string[] {
  const v = validatorFor(schema)
  if (v.Check(value)) return []
  const seen = new Set<string>()
  const out: string[] = []
  for (const e of v.Errors(value)) {
    // An additionalProperties failure is reported twice (the boolean sub-schema and the keyword);
    // keep the message that names the property.
    if (e.keyword === 'boolean') {
      const msg = `field ${e.instancePath}: not allowed (unknown field)`
      if (!seen.has(msg)) out.push(msg)
      seen.add(msg)
      continue
    }
    if (e.keyword === 'additionalProperties') continue
    const msg = `field ${e.instancePath || '/'}: ${e.message}`
    if (!seen.has(msg)) out.push(msg)
    seen.add(msg)
  }
  return out
}

function readJson(path: string, label: string, problems: string[]): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    problems.push(`${label}: cannot read (${(err as Error).message})`)
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    problems.push(`${label}: not valid JSON (${(err as Error).message})`)
    return undefined
  }
}

function entryLabel(value: unknown, index: number): string {
  const id = typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : undefined
  return typeof id === 'string' ? `entry "${id}" (index ${index})` : `entry at index ${index}`
}

/** Validates an array file entry by entry so each problem names the entry that has it. */
function readEntries<T>(path: string, label: string, file: EntryFile, problems: string[]): T[] {
  const data = readJson(path, label, problems)
  if (data === undefined) return []
  if (!Array.isArray(data)) {
    problems.push(`${label}: must be a JSON array of entries`)
    return []
  }
  const out: T[] = []
  const ids = new Set<string>()
  data.forEach((entry, index) => {
    const errs = describeErrors(ENTRY_SCHEMAS[file], entry)
    for (const e of errs) problems.push(`${label}: ${entryLabel(entry, index)}: ${e}`)
    if (errs.length === 0) {
      const id = (entry as { id: string }).id
      if (ids.has(id)) problems.push(`${label}: ${entryLabel(entry, index)}: field /id: duplicate id`)
      ids.add(id)
      out.push(entry as T)
    }
  })
  return out
}

function readObject<T>(path: string, label: string, schema: TSchema, problems: string[]): T | undefined {
  const data = readJson(path, label, problems)
  if (data === undefined) return undefined
  const errs = describeErrors(schema, data)
  for (const e of errs) problems.push(`${label}: ${e}`)
  return errs.length === 0 ? (data as T) : undefined
}

/** Checks that JSON Schema cannot express: relations between fields and between files. */
function crossCheck(label: string, c: Omit<Catalog, 'sha256' | 'modelById' | 'hardwareById' | 'precisionById' | 'engineById'>, problems: string[]) {
  for (const m of c.models) {
    const where = `${label}/models.json: entry "${m.id}"`
    if (m.openWeights || m.estimated) {
      for (const f of ['parametersB', 'activeParametersB', 'architecture'] as const) {
        if (m[f] === undefined) problems.push(`${where}: field /${f}: required for open-weights models and estimated architectures`)
      }
    }
    if (!m.openWeights && !m.api) problems.push(`${where}: field /api: a model without open weights needs an api offer`)
    const activeProblem = activeParametersProblem(m.parametersB, m.activeParametersB)
    if (activeProblem) problems.push(`${where}: field /${activeProblem.field}: ${activeProblem.detail}`)
    if (!m.architecture) continue
    for (const problem of architectureProblems(m.architecture)) problems.push(`${where}: field /${problem.field}: ${problem.detail}`)
    if (m.nativePrecisionScope === 'experts' && (m.architecture.experts === undefined || m.nativeNonExpertPrecision === undefined)) {
      problems.push(`${where}: field /nativePrecisionScope: "experts" needs a mixture-of-experts architecture and nativeNonExpertPrecision`)
    }
  }
  const engineIds = new Set(c.engines.map((e) => e.id))
  for (const p of c.precisions) {
    for (const e of p.engines ?? []) if (!engineIds.has(e)) problems.push(`${label}/precisions.json: entry "${p.id}": field /engines: unknown engine "${e}"`)
    if (p.usableForKvCache && p.kvBitsPerValue === undefined) problems.push(`${label}/precisions.json: entry "${p.id}": field /kvBitsPerValue: required when usableForKvCache`)
  }
  const modelIds = new Set(c.models.map((m) => m.id))
  const hwIds = new Set(c.hardware.map((h) => h.id))
  for (const [alias, target] of Object.entries(c.aliases.models)) {
    if (!modelIds.has(target)) problems.push(`${label}/aliases.json: field /models/${alias}: unknown model "${target}"`)
    if (alias !== alias.toLowerCase()) problems.push(`${label}/aliases.json: field /models/${alias}: aliases are written in lower case`)
  }
  for (const [alias, target] of Object.entries(c.aliases.hardware)) {
    if (!hwIds.has(target)) problems.push(`${label}/aliases.json: field /hardware/${alias}: unknown hardware "${target}"`)
    if (alias !== alias.toLowerCase()) problems.push(`${label}/aliases.json: field /hardware/${alias}: aliases are written in lower case`)
  }
}

function mergeById<T extends { id: string }>(base: T[], extra: T[], overridden: string[]): T[] {
  const out = new Map(base.map((e) => [e.id, e]))
  for (const e of extra) {
    out.set(e.id, e)
    overridden.push(e.id)
  }
  return [...out.values()]
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
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
  const o: Overrides = { models: [], hardware: [], precisions: [], engines: [], aliases: {} }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problems.push(`${dir}: catalog override directory does not exist`)
    return o
  }
  const known = new Set(['models.json', 'hardware.json', 'precisions.json', 'engines.json', 'aliases.json'])
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.json') && !known.has(f)) problems.push(`${join(dir, f)}: unknown override file (expected one of ${[...known].join(', ')})`)
  }
  const p = (f: string) => join(dir, f)
  if (existsSync(p('models.json'))) o.models = readEntries(p('models.json'), p('models.json'), 'models.json', problems)
  if (existsSync(p('hardware.json'))) o.hardware = readEntries(p('hardware.json'), p('hardware.json'), 'hardware.json', problems)
  if (existsSync(p('precisions.json'))) o.precisions = readEntries(p('precisions.json'), p('precisions.json'), 'precisions.json', problems)
  if (existsSync(p('engines.json'))) o.engines = readEntries(p('engines.json'), p('engines.json'), 'engines.json', problems)
  if (existsSync(p('aliases.json'))) o.aliases = readObject<AliasesT>(p('aliases.json'), p('aliases.json'), Aliases, problems) ?? {}
  return o
}

function loadVersion(dir: string, version: string, overrides: Overrides | undefined, problems: string[]): Catalog | undefined {
  const vdir = join(dir, version)
  const label = relative(process.cwd(), vdir) || vdir
  const before = problems.length
  for (const f of Object.keys(CatalogFiles)) if (!existsSync(join(vdir, f))) problems.push(`${label}/${f}: missing`)
  if (problems.length > before) return undefined
  const manifest = readObject<{ version: string; releasedAt: string; notes?: string }>(join(vdir, 'manifest.json'), `${label}/manifest.json`, Manifest, problems)
  if (manifest && manifest.version !== version) problems.push(`${label}/manifest.json: field /version: "${manifest.version}" does not match its folder "${version}"`)
  const overridden: string[] = []
  const models = mergeById(readEntries<ModelT>(join(vdir, 'models.json'), `${label}/models.json`, 'models.json', problems), overrides?.models ?? [], overridden)
  const hardware = mergeById(readEntries<HardwareT>(join(vdir, 'hardware.json'), `${label}/hardware.json`, 'hardware.json', problems), overrides?.hardware ?? [], overridden)
  const precisions = mergeById(readEntries<PrecisionT>(join(vdir, 'precisions.json'), `${label}/precisions.json`, 'precisions.json', problems), overrides?.precisions ?? [], overridden)
  const engines = mergeById(readEntries<EngineT>(join(vdir, 'engines.json'), `${label}/engines.json`, 'engines.json', problems), overrides?.engines ?? [], overridden)
  const baseAliases = readObject<AliasesT>(join(vdir, 'aliases.json'), `${label}/aliases.json`, Aliases, problems)
  if (problems.length > before || !manifest || !baseAliases) return undefined
  const aliases: AliasesT = {
    models: { ...baseAliases.models, ...(overrides?.aliases.models ?? {}) },
    hardware: { ...baseAliases.hardware, ...(overrides?.aliases.hardware ?? {}) }
  }
  const content = { version, releasedAt: manifest.releasedAt, notes: manifest.notes, models, hardware, precisions, engines, aliases, overridden }
  crossCheck(label, content, problems)
  if (problems.length > before) return undefined
  const sha256 = createHash('sha256').update(JSON.stringify({ manifest, models, hardware, precisions, engines, aliases })).digest('hex')
  return deepFreeze({
    ...content,
    sha256,
    modelById: new Map(models.map((m) => [m.id, m])),
    hardwareById: new Map(hardware.map((h) => [h.id, h])),
    precisionById: new Map(precisions.map((p) => [p.id, p])),
    engineById: new Map(engines.map((e) => [e.id, e]))
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
    .sort((a, b) => compareVersions(b, a))
  if (versions.length === 0) throw new CatalogError([`${dir}: no catalog version folder (expected e.g. 2026.11.0/)`])
  const overrides = options.overrideDir ? readOverrides(options.overrideDir, problems) : undefined
  const catalogs: Catalog[] = []
  for (const v of versions) {
    const c = loadVersion(dir, v, overrides, problems)
    if (c) catalogs.push(c)
  }
  if (problems.length > 0) throw new CatalogError(problems)
  const byVersion = new Map(catalogs.map((c) => [c.version, c]))
  const defaultVersion = catalogs[0]!.version
  return Object.freeze({
    versions: catalogs,
    defaultVersion,
    get: (version?: string) => byVersion.get(version ?? defaultVersion)
  })
}
