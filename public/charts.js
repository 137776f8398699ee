// The page's three charts (Chart.js, served by this service): memory against the device, cost
// against latency with the pareto front, and monthly cost per candidate.
import { drawChart, shortTicks } from './chart-canvas.js'
import { formatNumber, formatUsd } from './format.js'

export function renderMemoryChart(answer) {
  const memory = answer.memory
  const devices = answer.deviceCount || 1
  const perDevice = (gb) => (memory ? gb / devices : 0)
  const bar = (label, gb, color) => ({ type: 'bar', label, data: [null, perDevice(gb ?? 0), null], backgroundColor: color, stack: 'mem' })
  const deviceGB = memory?.deviceMemoryGB ?? 0
  const data = {
    labels: ['', 'per device', ''],
    datasets: [
      bar('weights', memory?.weightsGB, '#0b5fff'),
      bar('KV cache', memory?.kvCacheGB, '#12b76a'),
      bar('activations', memory?.activationsGB, '#f79009'),
      bar('overhead', memory?.overheadGB, '#98a2b3'),
      { type: 'line', label: 'device memory', data: [deviceGB, deviceGB, deviceGB], borderColor: '#b42318', borderWidth: 2, pointRadius: 0, fill: false }
    ]
  }
  const options = { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'GB' } } } }
  drawChart('memory-chart', { type: 'bar', data, options })
}

export function renderParetoChart(answer) {
  const points = answer.rows
    // The cost the front is found on (rank.ts): the fleet's with a daily volume.
    .filter((row) => typeof row.latency?.totalMs === 'number' && typeof row.ranked.costPerMillionOutputTokensUsd === 'number')
    .map((row) => ({ x: row.latency.totalMs / 1000, y: row.ranked.costPerMillionOutputTokensUsd, id: row.id }))
  const front = answer.pareto.map((id) => points.find((point) => point.id === id)).filter(Boolean)
  const data = {
    datasets: [
      { type: 'scatter', label: 'candidates', data: points.filter((point) => !answer.pareto.includes(point.id)), backgroundColor: '#98a2b3' },
      { type: 'line', label: 'pareto front', data: front, borderColor: '#0b5fff', backgroundColor: '#0b5fff', pointRadius: 6, showLine: true }
    ]
  }
  const options = {
    parsing: false,
    scales: { x: { type: 'linear', title: { display: true, text: 'total latency, s' } }, y: { type: 'logarithmic', title: { display: true, text: 'USD per million output tokens' } } },
    plugins: { tooltip: { callbacks: { label: (context) => `${context.raw.id}: ${formatNumber(context.raw.x)} s, ${formatUsd(context.raw.y)}` } } }
  }
  drawChart('pareto-chart', { type: 'scatter', data, options })
}

export function renderMonthlyChart(answer) {
  const rows = answer.rows.filter((row) => row.capacity?.monthlyCostUsd !== null && row.capacity?.monthlyCostUsd !== undefined).slice(0, 20)
  const data = {
    labels: rows.map((row) => row.id),
    datasets: [{ label: 'USD per month', data: rows.map((row) => row.capacity.monthlyCostUsd), backgroundColor: rows.map((row) => (row.candidate.deployment === 'api' ? '#f79009' : '#0b5fff')) }]
  }
  const options = { indexAxis: 'y', scales: { x: { type: 'logarithmic', title: { display: true, text: 'USD per month' } }, y: { ticks: shortTicks() } } }
  drawChart('monthly-chart', { type: 'bar', data, options })
}
