// The compare panel's cost view: a stacked bar of the cost parts (hardware, upkeep, energy, cooling,
// rental, API tokens) per million output tokens for each candidate, and with a hybridWith model the
// split of the day's traffic between each candidate's replicas and the API.
import { COST_PARTS, costChartLabel, costParts, hybridLines } from './cost-parts.js'
import { drawChart, shortTicks } from './chart-canvas.js'
import { $, listItems } from './dom.js'
import { formatUsd } from './format.js'

/** The rows the chart shows (at most 20, best first) and, per part, each row's USD per million output tokens. */
export function costPanelData(answer) {
  const rows = answer.rows.slice(0, 20)
  const partsByRow = rows.map((row) => costParts(row.estimate.cost, row.estimate.workload.outputTokens))
  const datasets = COST_PARTS.map((part) => ({
    label: part.label,
    data: partsByRow.map((parts) => parts.find((shown) => shown.key === part.key)?.perMillionUsd ?? 0),
    backgroundColor: part.colour,
    stack: 'cost'
  })).filter((dataset) => dataset.data.some((value) => value > 0))
  return { labels: rows.map(costChartLabel), datasets }
}

export function renderCostPanel(answer) {
  const lines = hybridLines(answer)
  $('c-hybrid').replaceChildren(...listItems(lines))
  $('c-hybrid-box').hidden = lines.length === 0
  const data = costPanelData(answer)
  const options = {
    indexAxis: 'y',
    scales: { x: { stacked: true, title: { display: true, text: 'USD per million output tokens' } }, y: { stacked: true, ticks: shortTicks() } },
    plugins: { tooltip: { callbacks: { label: (context) => `${context.dataset.label}: ${formatUsd(context.raw)}` } } }
  }
  drawChart('cost-chart', { type: 'bar', data, options })
}
