// Types of public/format.js for the TypeScript callers (the CLI and the browser tests).
import type { CompareResponse } from '../src/schemas/compare.js'
import type { EstimateResponse } from '../src/schemas/estimate-answer.js'

export function formatNumber(value: number | null | undefined, digits?: number): string
export function formatUsd(value: number | null | undefined): string
export function formatRange(range: { low: number; high: number } | null | undefined): string
export function devicesNeededText(memory: NonNullable<EstimateResponse['memory']>): string
export function fitText(answer: EstimateResponse): string
export function unfitNote(answer: EstimateResponse): string
export function sequencesText(count: number): string
export function exceedsContext(answer: EstimateResponse): boolean
export function warningsByRow(answer: CompareResponse): [string, string[]][]
export function modelReadText(answer: EstimateResponse): string
export const COMPARE_COLUMNS: string[]
export const VOLUME_COLUMNS: number[]
export function compareRowCells(row: CompareResponse['rows'][number]): string[]
export function compareColumns(withVolume: boolean): string[]
export function bestText(answer: CompareResponse): string
export function loadText(workload: EstimateResponse['workload']): string
export function capacityText(capacity: NonNullable<EstimateResponse['serving']>['capacity']): string
export function limitedByText(limitedBy: string): string
export function boundedByText(capacity: CompareResponse['rows'][number]['capacity']): string
