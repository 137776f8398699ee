// The serving model against published serving measurements (calibration/serving.json): median and
// worst absolute % error per metric family and engine, the share of rows within 2x, and how many
// measurements fall inside the band the answer states (bands: leave-one-group-out quantiles).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadCatalogSet } from '../src/catalog/index.js'
import { median, shareWithin2x } from '../src/calibration/evaluate.js'
import { evaluateServing, type ServingComparison, type ServingFamily, type ServingMeasurement } from '../src/calibration/serving.js'

export const SERVING_TARGETS = { ttft: 0.25, tpot: 0.15, throughput: 0.15, p99: 0.35, within2x: 0.9, insideBand: 0.75, bandWidth: 3 }

export function servingAccuracyReport(file = fileURLToPath(new URL('../calibration/serving.json', import.meta.url))) {
  const measurements: ServingMeasurement[] = JSON.parse(readFileSync(file, 'utf8')).measurements
  const scored = measurements.filter((m) => m.request && m.scoredAs)
  const { rows, skipped } = evaluateServing(loadCatalogSet().get()!, scored)
  return { rows, skipped, scored: scored.length }
}

const FAMILIES: ServingFamily[] = ['ttft', 'ttftP99', 'tpot', 'tpotP99', 'throughput', 'e2e']
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7)
const banded = (rows: readonly ServingComparison[]) => rows.filter((row) => row.insideBand !== undefined)

/** Median and worst error, within 2x and band coverage per metric family (all engines, then each). */
function printFamilyTable(rows: readonly ServingComparison[]) {
  console.log('family       engine          rows  median   worst  within 2x  inside band  band width (median high/low)')
  const engines = ['all', ...new Set(rows.map((row) => row.engine))]
  for (const family of FAMILIES) {
    for (const engine of engines) {
      const group = rows.filter((row) => row.family === family && (engine === 'all' || row.engine === engine))
      if (group.length === 0) continue
      const worst = Math.max(...group.map((row) => row.absPctError))
      const inBand = banded(group)
      const coverage = inBand.length ? pct(inBand.filter((row) => row.insideBand).length / inBand.length) : '      -'
      const width = inBand.length ? median(inBand.map((row) => row.bandWidth!)).toFixed(2) : '-'
      console.log(`${family.padEnd(12)} ${engine.padEnd(14)} ${String(group.length).padStart(5)} ${pct(median(group.map((row) => row.absPctError)))} ${pct(worst)}   ${pct(shareWithin2x(group))}      ${coverage}  ${width}`)
    }
  }
}

/** Within 2x, inside the band and its median width over all rows. */
function overall(rows: readonly ServingComparison[]) {
  const inBand = banded(rows)
  return {
    within2x: shareWithin2x(rows),
    insideBand: inBand.length ? inBand.filter((row) => row.insideBand).length / inBand.length : undefined,
    bandWidth: inBand.length ? median(inBand.map((row) => row.bandWidth!)) : undefined
  }
}

export function printServingReport() {
  const { rows, skipped, scored } = servingAccuracyReport()
  console.log(`\nserving rows (calibration/serving.json): ${rows.length} of ${scored} scored rows answered${skipped.length ? `; not answered: ${skipped.length}` : ''}`)
  printFamilyTable(rows)
  const all = overall(rows)
  console.log(`all rows: within 2x ${pct(all.within2x)} (target >= ${pct(SERVING_TARGETS.within2x)}); inside their band ${pct(all.insideBand ?? 0)} (target >= ${pct(SERVING_TARGETS.insideBand)}), median band width ${(all.bandWidth ?? 0).toFixed(2)} (target <= ${SERVING_TARGETS.bandWidth})`)
}

/** Published serving measurements that no fit reads (scripts/calibrate*.ts never open this file). */
export const HELD_OUT_FILE = fileURLToPath(new URL('../calibration/serving-holdout.json', import.meta.url))

/** The same scoring on the held-out file. */
export function printHeldOutReport(file = HELD_OUT_FILE) {
  const { rows, skipped, scored } = servingAccuracyReport(file)
  console.log(`\nheld out (not fitted), calibration/serving-holdout.json: ${rows.length} of ${scored} scored rows answered${skipped.length ? `; not answered: ${skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}` : ''}`)
  if (rows.length === 0) return
  printFamilyTable(rows)
  const all = overall(rows)
  console.log(`all held-out rows: within 2x ${pct(all.within2x)}; inside their band ${all.insideBand === undefined ? '-' : pct(all.insideBand)}${all.bandWidth === undefined ? '' : `, median band width ${all.bandWidth.toFixed(2)}`}`)
}
