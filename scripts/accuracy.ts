// npm run accuracy: how far the estimator is from the published measurements in
// calibration/measurements.json, per metric and engine (median and worst absolute % error),
// pooled per metric family, and against the targets.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadCatalogSet } from '../src/catalog/index.js'
import { evaluate, median, shareWithin2x, summarize, worstFactor, type Comparison, type Measurement } from '../src/calibration/evaluate.js'
import { printHeldOutReport, printServingReport } from './serving-accuracy.js'
import { bandFor } from '../src/estimator/report/bands.js'
import type { Catalog } from '../src/catalog/index.js'

export const TARGETS = { decodeMedian: 0.15, prefillMedian: 0.25, worstFactor: 2 }

export function accuracyReport(file = fileURLToPath(new URL('../calibration/measurements.json', import.meta.url))) {
  const measurements: Measurement[] = JSON.parse(readFileSync(file, 'utf8')).measurements
  const { rows, skipped } = evaluate(loadCatalogSet().get()!, measurements)
  const decode = rows.filter((r) => r.band === 'decodeTokensPerSecond')
  const prefill = rows.filter((r) => r.band === 'prefillTokensPerSecond')
  return { measurements, rows, skipped, decode, prefill, summary: summarize(rows) }
}

/** Share of rows whose measured/estimated ratio lies inside the band the answer states, and the bands' median high/low. */
function bandCoverage(catalog: Catalog, rows: readonly Comparison[]): { inside: number; medianWidth: number } {
  const bands = rows.map((row) => bandFor(catalog, catalog.engineById.get(row.engine) ?? { id: row.engine }, row.band))
  const inside = rows.filter((row, index) => row.ratio >= bands[index]!.low - 1e-9 && row.ratio <= bands[index]!.high + 1e-9).length
  return { inside: rows.length ? inside / rows.length : 0, medianWidth: median(bands.map((band) => band.high / band.low)) }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7)

function printReport() {
  const { rows, skipped, decode, prefill, summary } = accuracyReport()
  console.log('metric                   engine         rows  median   worst  (worst row)')
  for (const s of summary) {
    console.log(`${s.metric.padEnd(24)} ${s.engine.padEnd(13)} ${String(s.rows).padStart(5)} ${pct(s.medianAbsPctError)} ${pct(s.worstAbsPctError)}  ${s.worstId}`)
  }
  const speed = (xs: Comparison[]) => xs.map((r) => Math.abs(1 / r.ratio - 1))
  console.log('')
  console.log(`decode-speed rows (decode tok/s, output tok/s, TPOT): ${decode.length}, median ${pct(median(speed(decode)))}  target <= ${pct(TARGETS.decodeMedian)}`)
  console.log(`prefill-speed rows (prefill tok/s, TTFT):            ${prefill.length}, median ${pct(median(speed(prefill)))}  target <= ${pct(TARGETS.prefillMedian)}`)
  const speedRows = [...decode, ...prefill]
  const worst = worstFactor(speedRows)
  const offenders = speedRows.filter((r) => Math.max(r.ratio, 1 / r.ratio) > TARGETS.worstFactor)
  console.log(`worst speed/latency row off by ${worst.toFixed(2)}x (target <= ${TARGETS.worstFactor}x); rows beyond 2x: ${offenders.length ? offenders.map((r) => `${r.id} (${r.engine})`).join(', ') : 'none'}`)
  const catalog = loadCatalogSet().get()!
  for (const [name, family] of [['decode', decode], ['prefill', prefill]] as const) {
    const coverage = bandCoverage(catalog, family)
    console.log(`${name} band coverage (the answer's band around the fitted estimate; bands from leave-one-run-out ratios where an engine has 3+ runs and 10+ such ratios for the family, else its in-sample ratios): ${pct(coverage.inside)} of ${family.length} rows inside, median width ${coverage.medianWidth.toFixed(2)} (target >= 75% out of sample, width <= 1.8)`)
  }
  const mem = rows.filter((r) => r.band === 'memory')
  if (mem.length) console.log(`memory rows: ${mem.length}, median ${pct(median(mem.map((r) => r.absPctError)))}, worst ${worstFactor(mem).toFixed(2)}x`)
  if (skipped.length) console.log(`skipped: ${skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}`)
}

/** Batch-1 measurements that no fit reads (scripts/calibrate*.ts never open this file). */
export const BATCH_HELD_OUT_FILE = fileURLToPath(new URL('../calibration/measurements-holdout.json', import.meta.url))

/** The batch-1 scoring on the held-out file: each row, the median error, rows within 2x, and band coverage. */
function printBatchHeldOutReport() {
  const { measurements, rows, skipped } = accuracyReport(BATCH_HELD_OUT_FILE)
  console.log(`\nheld out (not fitted), calibration/measurements-holdout.json: ${rows.length} of ${measurements.length} rows answered${skipped.length ? `; not answered: ${skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}` : ''}`)
  if (rows.length === 0) return
  console.log('row   engine  device                        model                 metric                  measured  estimated  speed measured/estimated')
  for (const row of rows) {
    const m = measurements.find((x) => x.id === row.id)!
    console.log(`${row.id}  ${row.engine.padEnd(7)} ${(m.hardware.name ?? '').padEnd(29)} ${`${m.deviceCount} x ${m.model.name ?? ''}`.padEnd(21)} ${row.metric.padEnd(22)} ${String(row.measured).padStart(9)} ${row.estimated.toFixed(2).padStart(10)}  ${row.ratio.toFixed(2)}`)
  }
  const coverage = bandCoverage(loadCatalogSet().get()!, rows)
  console.log(`all held-out batch-1 rows: median error ${pct(median(rows.map((row) => Math.abs(1 / row.ratio - 1))))}; within 2x ${pct(shareWithin2x(rows))}; inside their band ${pct(coverage.inside)}, median band width ${coverage.medianWidth.toFixed(2)}`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  printReport()
  printServingReport()
  printHeldOutReport()
  printBatchHeldOutReport()
}
