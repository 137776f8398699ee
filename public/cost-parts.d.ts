// Types of public/cost-parts.js for the TypeScript callers (the CLI and the tests).
import type { CompareResponse } from '../src/schemas/compare.js'
import type { EstimateResponse } from '../src/schemas/estimate-answer.js'

type Cost = EstimateResponse['cost']
export interface CostPart {
  key: string
  label: string
  colour: string
  perMillionUsd: number
}
export const COST_PARTS: Array<{ key: string; label: string; fields: string[]; colour: string }>
export function costParts(cost: Cost, outputTokens: number): CostPart[]
export function costPartsText(cost: Cost, outputTokens: number, formatUsd: (value: number | null | undefined) => string): string
export function costBasisText(basis: Cost['basis']): string
export function costChartLabel(row: CompareResponse['rows'][number]): string
export function hybridSharePercents(apiShare: number): [string, string]
export function hybridLines(answer: CompareResponse): string[]
export function fleetLines(answer: CompareResponse): string[]
