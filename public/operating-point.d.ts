// Types of public/operating-point.js for the TypeScript callers (the CLI and the tests).
import type { EstimateResponse } from '../src/schemas/estimate-answer.js'

export type Percentile = 'mean' | 'p50' | 'p90' | 'p99'
export interface LatencyLimits {
  maxTtftMs?: number | null
  maxTpotMs?: number | null
  percentile?: Percentile
}
type ServingAnswer = Pick<EstimateResponse, 'deviceCount' | 'serving'>
type LoadedAnswer = { deviceCount: number; serving: NonNullable<EstimateResponse['serving']> }

export const PERCENTILES: Percentile[]
export const DEFAULT_PERCENTILE: Percentile
export const MAX_LOAD_POINTS: number
export const MAX_CONCURRENCY: number
export function concurrencyLevels(maxRunningSequences: number, maxPoints?: number): number[]
export function figureAt(spread: Record<Percentile, number>, percentile?: Percentile): number
export function outputTokensPerSecondPerDevice(answer: LoadedAnswer): number
export function figureMisses(figures: { ttftMs: number | null; tpotMs: number | null }, limits: LatencyLimits, label: string): string[]
export function limitMisses(answer: LoadedAnswer, limits: LatencyLimits): string[]
export function operatingPointIndex(answers: ServingAnswer[], limits: LatencyLimits): number
