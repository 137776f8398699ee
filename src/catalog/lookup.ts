// Id and alias resolution, and "did you mean" suggestions for unknown ids.
import { distance } from 'fastest-levenshtein'
import type { Catalog } from './catalog.js'
import type { Engine, Hardware, Model, Precision } from '../schemas/catalog.js'

const normalise = (ref: string) => ref.trim().toLowerCase()

export function findModel(catalog: Catalog, ref: string): Model | undefined {
  const key = normalise(ref)
  return catalog.modelById.get(key) ?? catalog.modelById.get(catalog.aliases.models[key] ?? '')
}

export function findHardware(catalog: Catalog, ref: string): Hardware | undefined {
  const key = normalise(ref)
  return catalog.hardwareById.get(key) ?? catalog.hardwareById.get(catalog.aliases.hardware[key] ?? '')
}

export function findPrecision(catalog: Catalog, ref: string): Precision | undefined {
  return catalog.precisionById.get(normalise(ref))
}

export function findEngine(catalog: Catalog, ref: string): Engine | undefined {
  return catalog.engineById.get(normalise(ref))
}

/** Up to `limit` candidates close to `ref`: prefix/substring matches first, then by edit distance. */
export function suggest(ref: string, candidates: Iterable<string>, limit = 3): string[] {
  const key = normalise(ref)
  if (key.length === 0) return []
  const scored: { candidate: string; score: number }[] = []
  for (const candidate of candidates) {
    const editDistance = distance(key, candidate)
    const contains = candidate.includes(key) || key.includes(candidate)
    const budget = Math.max(2, Math.floor(candidate.length / 3))
    if (contains || editDistance <= budget) scored.push({ candidate, score: contains ? editDistance / 100 : editDistance })
  }
  scored.sort((left, right) => left.score - right.score || left.candidate.localeCompare(right.candidate))
  return [...new Set(scored.map((entry) => entry.candidate))].slice(0, limit)
}

export const modelKeys = (catalog: Catalog) => [...catalog.modelById.keys(), ...Object.keys(catalog.aliases.models)]
export const hardwareKeys = (catalog: Catalog) => [...catalog.hardwareById.keys(), ...Object.keys(catalog.aliases.hardware)]
