// The load panel's two charts (Chart.js, served by this service): TTFT and TPOT against concurrent
// clients, and output tokens/s per device against tokens/s per user; both mark the operating point.
import { drawChart } from './chart-canvas.js'
import { formatNumber } from './format.js'
import { figureAt, outputTokensPerSecondPerDevice } from './operating-point.js'

const TTFT_COLOR = '#0b5fff'
const TPOT_COLOR = '#12b76a'
const MARK_COLOR = '#b42318'

const line = (label, data, color, yAxisID, dashed) => ({ type: 'line', label, data, borderColor: color, backgroundColor: color, yAxisID, borderDash: dashed ? [6, 4] : [], pointRadius: 3 })
const mark = (label, data, yAxisID) => ({ type: 'scatter', label, data, yAxisID, borderColor: MARK_COLOR, backgroundColor: MARK_COLOR, pointRadius: 8, pointStyle: 'rectRot' })

/** A horizontal limit line across the sampled clients, on one axis. */
function limitLine(label, limit, points, yAxisID, color) {
  const span = [points[0].concurrency, points.at(-1).concurrency]
  return { type: 'line', label, data: span.map((x) => ({ x, y: limit })), borderColor: color, borderWidth: 1, borderDash: [2, 3], pointRadius: 0, yAxisID }
}

function latencyChart(points, operating, limits) {
  const series = (key, percentile) => points.map((point) => ({ x: point.concurrency, y: point.answer.serving[key][percentile] }))
  const datasets = [
    line('TTFT mean', series('ttftMs', 'mean'), TTFT_COLOR, 'ttft', false),
    line('TTFT p99', series('ttftMs', 'p99'), TTFT_COLOR, 'ttft', true),
    line('TPOT mean', series('tpotMs', 'mean'), TPOT_COLOR, 'tpot', false),
    line('TPOT p99', series('tpotMs', 'p99'), TPOT_COLOR, 'tpot', true)
  ]
  if (limits.maxTtftMs !== undefined) datasets.push(limitLine(`max TTFT (${limits.percentile})`, limits.maxTtftMs, points, 'ttft', TTFT_COLOR))
  if (limits.maxTpotMs !== undefined) datasets.push(limitLine(`max TPOT (${limits.percentile})`, limits.maxTpotMs, points, 'tpot', TPOT_COLOR))
  if (operating >= 0) {
    const { concurrency, answer } = points[operating]
    datasets.push(mark(`operating point, TTFT ${limits.percentile}`, [{ x: concurrency, y: figureAt(answer.serving.ttftMs, limits.percentile) }], 'ttft'))
    datasets.push(mark(`operating point, TPOT ${limits.percentile}`, [{ x: concurrency, y: figureAt(answer.serving.tpotMs, limits.percentile) }], 'tpot'))
  }
  const options = {
    parsing: false,
    scales: {
      x: { type: 'logarithmic', title: { display: true, text: 'concurrent clients' } },
      ttft: { type: 'logarithmic', position: 'left', title: { display: true, text: 'TTFT, ms' } },
      tpot: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'TPOT, ms' } }
    },
    plugins: { tooltip: { callbacks: { label: (context) => `${context.dataset.label}: ${formatNumber(context.raw.y)} ms at ${context.raw.x} clients` } } }
  }
  drawChart('load-latency-chart', { type: 'line', data: { datasets }, options })
}

function interactivityChart(points, operating) {
  const curve = points.map((point) => ({ x: point.answer.serving.outputTokensPerSecondPerUser, y: outputTokensPerSecondPerDevice(point.answer), concurrency: point.concurrency }))
  const datasets = [{ ...line('sampled loads', curve, TTFT_COLOR, 'y', false), type: 'scatter', showLine: true }]
  if (operating >= 0) datasets.push(mark('operating point', [curve[operating]], 'y'))
  const options = {
    parsing: false,
    scales: {
      x: { type: 'logarithmic', title: { display: true, text: 'output tokens/s per user' } },
      y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'output tokens/s per device' } }
    },
    plugins: { tooltip: { callbacks: { label: (context) => `${context.raw.concurrency} clients: ${formatNumber(context.raw.y)} tokens/s per device, ${formatNumber(context.raw.x)} per user` } } }
  }
  drawChart('load-interactivity-chart', { type: 'scatter', data: { datasets }, options })
}

export function renderLoadCharts(points, operating, limits) {
  latencyChart(points, operating, limits)
  interactivityChart(points, operating)
}
