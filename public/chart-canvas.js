// How every chart on the page is drawn: Chart.js (served by this service) on one of the page's
// canvases, redrawn in place on each answer, without animation, filling its figure.
import { $ } from './dom.js'

const PAGE_OPTIONS = { animation: false, responsive: true, maintainAspectRatio: false }

/**
 * Category ticks cut to fit a narrow screen (a phone keeps about 24 characters of a candidate id,
 * from its start, where ids differ); the tooltip keeps the whole label.
 */
export function shortTicks() {
  const max = window.innerWidth < 600 ? 24 : 64
  return {
    callback(value) {
      const label = String(this.getLabelForValue(value))
      return label.length > max ? `${label.slice(0, max - 1)}…` : label
    }
  }
}

/** Draws `config` on the canvas, replacing the chart already there (the canvas keeps its size); nothing when Chart.js did not load. */
export function drawChart(canvasId, config) {
  if (!window.Chart) return
  const canvas = $(canvasId)
  window.Chart.getChart(canvas)?.destroy()
  new window.Chart(canvas, { ...config, options: { ...PAGE_OPTIONS, ...config.options } })
}
