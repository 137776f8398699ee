// How every chart on the page is drawn: Chart.js (served by this service) on one of the page's
// canvases, redrawn in place on each answer, without animation, filling its figure.
import { $ } from './dom.js'

const PAGE_OPTIONS = { animation: false, responsive: true, maintainAspectRatio: false }

/** Draws `config` on the canvas, replacing the chart already there (the canvas keeps its size); nothing when Chart.js did not load. */
export function drawChart(canvasId, config) {
  if (!window.Chart) return
  const canvas = $(canvasId)
  window.Chart.getChart(canvas)?.destroy()
  new window.Chart(canvas, { ...config, options: { ...PAGE_OPTIONS, ...config.options } })
}
