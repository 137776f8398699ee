// How every chart on the page is drawn: Chart.js (served by this service) on one of the page's
// canvases, redrawn in place on each answer, without animation, filling its figure.
import { shortLabels } from './chart-labels.js'
import { $ } from './dom.js'

const PAGE_OPTIONS = { animation: false, responsive: true, maintainAspectRatio: false }

/**
 * Room a side axis takes besides its labels: Chart.js gives it at most half the chart's width, of
 * which the tick marks take 8 px and the padding on both sides of a label 3 px each; 2 px to spare.
 */
const AXIS_EXTRA_PX = 16

/** Characters a label keeps however narrow the chart: below this the tooltip is the only use of it. */
const MIN_LABEL_CHARS = 8

/**
 * Category ticks of a horizontal bar chart cut to fit beside it: Chart.js draws a label wider than
 * the axis across the canvas's left edge. The labels are fitted to the chart's width each time it
 * is laid out (a phone turned sideways gets longer ones), shortened where they all agree so that
 * ids differing in their precision, device count or deployment still read apart (chart-labels.js);
 * the tooltip keeps the whole label.
 */
export function shortTicks() {
  let fittedWidthPx
  let shown = []
  return {
    callback(value) {
      const chart = this.chart
      if (fittedWidthPx !== chart.width) {
        fittedWidthPx = chart.width
        shown = fittedLabels(chart, this.options.ticks.font, chart.width / 2 - AXIS_EXTRA_PX)
      }
      return shown[value] ?? String(this.getLabelForValue(value))
    }
  }
}

/** The chart's labels, shortened by as few characters as lets the widest fit in `widthPx` (in the tick font). */
function fittedLabels(chart, font, widthPx) {
  const labels = (chart.data.labels ?? []).map(String)
  const context = chart.ctx
  context.save()
  context.font = window.Chart.helpers.toFont(font).string
  const widestPx = (texts) => Math.max(0, ...texts.map((text) => context.measureText(text).width))
  let maxChars = Math.max(0, ...labels.map((label) => label.length))
  let shown = labels
  while (maxChars > MIN_LABEL_CHARS && widestPx(shown) > widthPx) shown = shortLabels(labels, --maxChars)
  context.restore()
  return shown
}

/** Draws `config` on the canvas, replacing the chart already there (the canvas keeps its size); nothing when Chart.js did not load. */
export function drawChart(canvasId, config) {
  if (!window.Chart) return
  const canvas = $(canvasId)
  window.Chart.getChart(canvas)?.destroy()
  new window.Chart(canvas, { ...config, options: { ...PAGE_OPTIONS, ...config.options } })
}
