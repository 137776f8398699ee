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

/**
 * Bounds of a fitted all-reduce latency: microseconds per all-reduce of one step's activations over
 * eight devices (fewer pay a share of it, see allReduceLatencyShare). The floor is NCCL 2.27's
 * symmetric-memory all-reduce on eight H200s, about 2.3 µs (NCCL issue 1940, 2025-12); the ceiling
 * the slowest intra-node case measured, a one-channel ring over eight A100s, 33.7 µs (nccl-tests
 * issue 123, 2022-12). A fit that wants more is paying per-step costs that every step pays,
 * tensor-parallel or not: bounded here, they go to the factors that every step carries, and a second
 * device no longer slows a model that fits one.
 */
export const COLLECTIVE_LATENCY_US = { min: 2, max: 35 } as const

/** The catalog with `engine` in place of the entry of the same id (lookups included). */
export function withEngine(catalog: Catalog, engine: Engine): Catalog {
  const engines = catalog.engines.map((other) => (other.id === engine.id ? engine : other))
  return { ...catalog, engines, engineById: new Map(engines.map((other) => [other.id, other])) }
}
