// Reads catalog JSON files and validates them against the TypeBox schemas, entry by entry, so each
// problem names the file, the entry and the field.
import { readFileSync } from 'node:fs'
import { Compile } from 'typebox/compile'
import type { TSchema } from 'typebox'
import { Engine, Hardware, Model, Precision } from '../schemas/catalog.js'

export type EntryFile = 'models.json' | 'hardware.json' | 'precisions.json' | 'engines.json'
const ENTRY_SCHEMAS: Record<EntryFile, TSchema> = {
  'models.json': Model,
  'hardware.json': Hardware,
  'precisions.json': Precision,
  'engines.json': Engine
}
const compiled = new Map<TSchema, ReturnType<typeof Compile>>()
function validatorFor(schema: TSchema) {
  let validator = compiled.get(schema)
  if (!validator) {
    validator = Compile(schema)
    compiled.set(schema, validator)
  }
  return validator
}

/** One line per schema error, each once, naming the field. */
function describeErrors(schema: TSchema, value: unknown): string[] {
  const validator = validatorFor(schema)
  if (validator.Check(value)) return []
  const lines = new Set<string>()
  for (const error of validator.Errors(value)) {
    // An additionalProperties failure is reported twice (the boolean sub-schema and the keyword);
    // keep the message that names the property.
    if (error.keyword === 'boolean') lines.add(`field ${error.instancePath}: not allowed (unknown field)`)
    else if (error.keyword !== 'additionalProperties') lines.add(`field ${error.instancePath || '/'}: ${error.message}`)
  }
  return [...lines]
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
export function readEntries<T>(path: string, label: string, file: EntryFile, problems: string[]): T[] {
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
    for (const line of errs) problems.push(`${label}: ${entryLabel(entry, index)}: ${line}`)
    if (errs.length === 0) {
      const id = (entry as { id: string }).id
      if (ids.has(id)) problems.push(`${label}: ${entryLabel(entry, index)}: field /id: duplicate id`)
      ids.add(id)
      out.push(entry as T)
    }
  })
  return out
}

export function readObject<T>(path: string, label: string, schema: TSchema, problems: string[]): T | undefined {
  const data = readJson(path, label, problems)
  if (data === undefined) return undefined
  const errs = describeErrors(schema, data)
  for (const line of errs) problems.push(`${label}: ${line}`)
  return errs.length === 0 ? (data as T) : undefined
}
