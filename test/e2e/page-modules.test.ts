// The page's shared modules in headless Chromium, without the service: they are served from
// public/ (and Chart.js from node_modules) to a blank page.
// - fields.js builds the three forms from their tables: each control gets its label, its id
//   (prefix-name) and its error line; custom fields start hidden; fixed choices and starting values
//   are the table's.
// - chart-canvas.js draws every chart the same way: one chart per canvas, replaced in place.
// Fails (never skips) when the browser cannot start.
import { readFileSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ORIGIN = 'http://fields.test'
let browser: Browser
let page: Page

const PAGE = `<!doctype html><html><head><script src="/chart.umd.min.js"></script></head><body>
<div id="estimate-fields"></div><div id="load-fields"></div><div id="compare-fields"></div><p id="e-general-error"></p>
<div style="width: 400px; height: 200px"><canvas id="test-chart"></canvas></div>
<script type="module">
import { drawChart } from './chart-canvas.js'
import { renderFields } from './fields.js'
import { COMPARE_FIELDS, ESTIMATE_FIELDS, LOAD_FIELDS } from './form-fields.js'
import { showProblem } from './problems.js'
renderFields('estimate-fields', 'e', ESTIMATE_FIELDS)
renderFields('load-fields', 'l', LOAD_FIELDS)
renderFields('compare-fields', 'c', COMPARE_FIELDS)
window.drawChart = drawChart
window.showProblem = showProblem
document.body.dataset.ready = 'true'
</script></body></html>`

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'] })
  page = await browser.newPage()
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: PAGE })
    if (path === '/chart.umd.min.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync('node_modules/chart.js/dist/chart.umd.min.js', 'utf8') })
    if (!/^\/[a-z-]+\.js$/.test(path)) return route.fulfill({ status: 404, body: '' })
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(`public${path}`, 'utf8') })
  })
  await page.goto(`${ORIGIN}/`)
  await page.waitForSelector('body[data-ready="true"]')
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

describe('fields.js builds the forms from their tables', () => {
  it('every control has a label that points at it', async () => {
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')].filter((element) => (element as HTMLInputElement).labels?.length !== 1).map((element) => element.id))
    expect(unlabelled).toEqual([])
    expect(await page.locator('label[for="e-deviceCount"]').innerText()).toBe('Devices')
  })

  it('ids are prefix-name, with an error line beside the fields the API or the page can find wrong', async () => {
    expect(await page.locator('#e-deviceCount').getAttribute('name')).toBe('deviceCount')
    expect(await page.locator('#e-deviceCount-error').getAttribute('role')).toBe('alert')
    expect(await page.locator('#c-hybridWith-error').count()).toBe(1)
    // The load panel's limits are checked by the page (a number above 0).
    expect(await page.locator('#l-maxTtftMs-error').count()).toBe(1)
    expect(await page.locator('#l-percentile-error').count()).toBe(0)
    expect(await page.locator('#c-sortBy-error').count()).toBe(0)
  })

  it('problems inside a JSON text field name their key, and two of them are both shown', async () => {
    await page.evaluate(() =>
      (window as unknown as { showProblem: (prefix: string, problem: unknown) => void }).showProblem('e', {
        title: 'Invalid request',
        detail: 'two problems',
        errors: [
          { pointer: '/body/hardware/tflops', detail: 'must have required property tflops' },
          { pointer: '/body/hardware/memoryGB', detail: 'must be >= 0.1' }
        ]
      })
    )
    expect(await page.locator('#e-hardwareCustom-error').innerText()).toBe('tflops: must have required property tflops; memoryGB: must be >= 0.1')
    expect(await page.locator('#e-hardwareCustom').getAttribute('aria-invalid')).toBe('true')
  })

  it('numbers carry the table\'s type, bounds and starting value', async () => {
    const deviceCount = await page.locator('#e-deviceCount').evaluate((input: HTMLInputElement) => [input.type, input.min, input.max, input.value, input.inputMode])
    expect(deviceCount).toEqual(['number', '1', '1024', '1', 'numeric'])
    expect(await page.locator('#e-pue').getAttribute('placeholder')).toBe('service default')
  })

  it('custom fields start hidden in their own box; the paste box is a full row', async () => {
    expect(await page.locator('#e-modelCustom-field').isHidden()).toBe(true)
    expect(await page.locator('#e-hfConfig-field').getAttribute('class')).toBe('field custom wide')
    expect(await page.locator('#e-modelCustom').inputValue()).toContain('"layers": 32')
  })

  it('fixed choices and the default one are the table\'s; checkbox groups are fieldsets with a legend', async () => {
    expect(await page.locator('#e-deployment option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(['', 'cloud', 'local', 'edge', 'api'])
    expect(await page.locator('#l-percentile').inputValue()).toBe('p90')
    expect(await page.locator('fieldset:has(#c-models) legend').innerText()).toBe('Models')
  })
})

describe('chart-canvas.js draws every chart the same way', () => {
  it('one chart per canvas, replaced on each draw, without animation and filling its box', async () => {
    const drawn = await page.evaluate(() => {
      const { drawChart } = window as unknown as { drawChart: (canvasId: string, config: unknown) => void }
      const chart = () => (window as unknown as { Chart: { getChart: (canvas: HTMLCanvasElement) => { data: { datasets: Array<{ label: string }> }; options: Record<string, unknown> } | undefined } }).Chart.getChart(document.getElementById('test-chart') as HTMLCanvasElement)
      drawChart('test-chart', { type: 'bar', data: { labels: ['a'], datasets: [{ label: 'first', data: [1] }] }, options: { indexAxis: 'y' } })
      const first = chart()!
      drawChart('test-chart', { type: 'bar', data: { labels: ['a'], datasets: [{ label: 'second', data: [2] }] }, options: {} })
      const second = chart()!
      return { replaced: first !== second, label: second.data.datasets[0]!.label, animation: second.options.animation, maintainAspectRatio: second.options.maintainAspectRatio, indexAxis: first.options.indexAxis }
    })
    expect(drawn).toEqual({ replaced: true, label: 'second', animation: false, maintainAspectRatio: false, indexAxis: 'y' })
  })
})
