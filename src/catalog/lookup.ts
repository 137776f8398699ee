// Id and alias resolution, and "did you mean" suggestions for unknown ids.
import { distance } from 'fastest-levenshtein'
import type { Catalog } from './catalog.js'
import type { Engine, Hardware, Model, Precision } from '../schemas/catalog.js'

const norm = (s: string) => s.trim().toLowerCase()

export function findModel(catalog: Catalog, ref: string): Model | undefined {
  const key = norm(ref)
  return catalog.modelById.get(key) ?? catalog.modelById.get(catalog.aliases.models[key] ?? '')
}

export function findHardware(catalog: Catalog, ref: string): Hardware | undefined {
  const key = norm(ref)
  return catalog.hardwareById.get(key) ?? catalog.hardwareById.get(catalog.aliases.hardware[key] ?? '')
}

export function findPrecision(catalog: Catalog, ref: string): Precision | undefined {
  return catalog.precisionById.get(norm(ref))
}

export function findEngine(catalog: Catalog, ref: string): Engine | undefined {
  return catalog.engineById.get(norm(ref))
}

/** Up to `limit` candidates close to `ref`: prefix/substring matches first, then by edit distance. */
export function suggest(ref: string, candidates: Iterable<string>, limit = 3): string[] {
  const key = norm(ref)
  if (key.length === 0) return []
  const scored: { c: string; score: number }[] = []
  for (const c of candidates) {
    const d = distance(key, c)
    const contains = c.includes(key) || key.includes(c)
    const budget = Math.max(2, Math.floor(c.length / 3))
    if (contains || d <= budget) scored.push({ c, score: contains ? d / 100 : d })
  }
  scored.sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
  return [...new Set(scored.map((s) => s.c))].slice(0, limit)
}

export const modelKeys = (c: Catalog) => [...c.modelById.keys(), ...Object.keys(c.aliases.models)]
export const hardwareKeys = (c: Catalog) => [...c.hardwareById.keys(), ...Object.keys(c.aliases.hardware)]
