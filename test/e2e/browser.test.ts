// The calculator page in real headless Chromium (Debian's package, driven by playwright-core):
// the numbers on the page equal the API's answer for the same input, errors from the API show
// next to their field, the comparison renders, and nothing is fetched from another host.
// The suite fails (never skips) when the browser cannot start.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/free-port.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SHOTS = 'test-output/screenshots'
let server: ChildProcess
let base = ''
let browser: Browser

beforeAll(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: 'ignore' })
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
  })
  mkdirSync(SHOTS, { recursive: true })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
})

const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '—' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(digits)).toString())
const LIMITED_BY = { 'engine-sequence-limit': "the engine's running-sequence limit", 'kv-cache': 'the KV cache', compute: 'compute', bandwidth: 'memory bandwidth' }
const usd = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x >= 1 ? `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : `$${Number(x.toPrecision(3))}`)

/**
 * A page that records every request it makes and the last body it posted to a path; the load
 * panel's POST /estimate bodies (those with a concurrency) are kept apart, in order, in loadPosts.
 */
async function openPage(viewport = { width: 1280, height: 1000 }) {
  const page = await browser.newPage({ viewport })
  const requested: string[] = []
  const posted = new Map<string, unknown>()
  const loadPosts: { concurrency: number; [field: string]: unknown }[] = []
  page.on('request', (r) => {
    requested.push(r.url())
    if (r.method() !== 'POST') return
    const body = JSON.parse(r.postData() ?? 'null')
    if (body && body.concurrency !== undefined) loadPosts.push(body)
    else posted.set(new URL(r.url()).pathname, body)
  })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(`${base}/`)
  await page.waitForSelector('body[data-ready="true"][data-estimate-state="done"]')
  return { page, requested, posted, loadPosts, errors }
}

async function apiPost(path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, body: await res.json() }
}

const text = (page: Page, sel: string) => page.locator(sel).innerText()

/** The cost parts line, written here from the answer's breakdown (not with the page's module). */
function costPartsLine(cost: { breakdown: Record<string, number | null> }, outputTokens: number) {
  const parts: Array<[string, string[]]> = [['hardware', ['hardwareAmortizationUsd']], ['upkeep', ['maintenanceUsd']], ['energy', ['energyUsd']], ['cooling', ['coolingUsd']], ['rental', ['deviceHoursUsd']], ['API tokens', ['apiInputUsd', 'apiOutputUsd']]]
  const shown = parts
    .map(([label, fields]) => [label, fields.reduce((total, field) => total + (cost.breakdown[field] ?? 0), 0)] as const)
    .filter(([, usdPerRequest]) => usdPerRequest > 0)
    .map(([label, usdPerRequest]) => `${label} ${usd((usdPerRequest / outputTokens) * 1e6)}`)
  return shown.length ? `${shown.join(' + ')} per million output tokens` : 'no known cost parts'
}

async function expectEstimateMatches(page: Page, api: { memory: { perDeviceGB: number } | null; latency: { ttftMs: number; tpotMs: number; totalMs: number }; throughput: { outputTokensPerSecond: number }; workload: { outputTokens: number }; cost: { perRequestUsd: number | null; perMillionOutputTokensUsd: number | null; breakdown: Record<string, number | null> } }) {
  expect(await text(page, '[data-testid="ttft"]')).toBe(fmt(api.latency.ttftMs))
  expect(await text(page, '[data-testid="tpot"]')).toBe(fmt(api.latency.tpotMs))
  expect(await text(page, '[data-testid="total"]')).toBe(fmt(api.latency.totalMs))
  expect(await text(page, '[data-testid="output-tps"]')).toBe(fmt(api.throughput.outputTokensPerSecond))
  expect(await text(page, '[data-testid="cost-request"]')).toBe(usd(api.cost.perRequestUsd))
  expect(await text(page, '[data-testid="cost-million"]')).toBe(usd(api.cost.perMillionOutputTokensUsd))
  expect(await text(page, '[data-testid="cost-parts"]')).toBe(costPartsLine(api.cost, api.workload.outputTokens))
  if (api.memory) expect(await text(page, '[data-testid="memory-total"]')).toBe(fmt(api.memory.perDeviceGB))
}

/**
 * The category labels a horizontal bar chart shows, the widest one's width in the tick font, and the
 * room the axis has for it (Chart.js draws a wider label across the canvas's left edge): the axis
 * width less its tick marks and the padding on both sides of a label.
 */
async function barTicks(page: Page, canvasId: string) {
  return page.evaluate((id) => {
    interface Scale { width: number; left: number; ticks: Array<{ label: string }>; options: { ticks: { font: unknown; padding: number }; grid: { tickLength: number } } }
    const { Chart } = window as unknown as { Chart: { getChart: (canvas: HTMLCanvasElement) => { ctx: CanvasRenderingContext2D; scales: { y: Scale } }; helpers: { toFont: (font: unknown) => { string: string } } } }
    const chart = Chart.getChart(document.getElementById(id) as HTMLCanvasElement)
    const axis = chart.scales.y
    chart.ctx.save()
    chart.ctx.font = Chart.helpers.toFont(axis.options.ticks.font).string
    const widestPx = Math.max(...axis.ticks.map((tick) => chart.ctx.measureText(tick.label).width))
    chart.ctx.restore()
    return { labels: axis.ticks.map((tick) => tick.label), widestPx, roomPx: axis.left + axis.width - axis.options.grid.tickLength - 2 * axis.options.ticks.padding }
  }, canvasId)
}

describe('calculator page in Chromium', () => {
  it('shows the same estimate as the API, and updates without a reload', async () => {
    const { page, posted, requested, errors } = await openPage()
    expect(await text(page, '[data-testid="catalog-version"]')).toMatch(/^\d+\.\d+\.\d+$/)
    const first = await apiPost('/estimate', posted.get('/estimate'))
    expect(first.status).toBe(200)
    // Choices left at "default" are not sent: the service applies its defaults and the page shows them.
    expect(Object.keys(posted.get('/estimate') as object)).not.toContain('electricityUsdPerKWh')
    expect(Object.keys(posted.get('/estimate') as object)).not.toContain('precision')
    expect(await page.locator('#r-assumptions').textContent()).toContain(`precision (weights / KV cache): ${first.body.precision} / ${first.body.kvCachePrecision}`)
    await expectEstimateMatches(page, first.body)
    // The page asks for the sources and formulas the API names by id, and shows them.
    const full = await apiPost('/estimate?include=sources,formulas', posted.get('/estimate'))
    expect(first.body.sources).toBeUndefined()
    expect(await page.locator('#r-sources li').count()).toBe(full.body.sources.length)
    expect(await page.locator('#r-assumptions').textContent()).toContain(full.body.assumptions.formulas[0])
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42))
    const answered = page.waitForResponse((r) => {
      if (!new URL(r.url()).pathname.endsWith('/estimate')) return false
      const body = JSON.parse(r.request().postData() ?? '{}')
      return body.model === 'llama-2-70b' && body.deviceCount === 2 && body.promptTokens === 2000 && body.batchSize === 2
    })
    await page.selectOption('#e-model', 'llama-2-70b')
    await page.selectOption('#e-hardware', 'a100-80gb')
    await page.fill('#e-deviceCount', '2')
    await page.fill('#e-promptTokens', '2000')
    await page.fill('#e-batchSize', '2')
    await answered
    await page.waitForFunction(() => document.body.dataset.estimateState === 'done')
    expect(await text(page, '[data-testid="fits"]')).toMatch(/^fits on 2 × NVIDIA A100 80GB/)
    expect(await page.locator('[data-testid="estimate-unfit"]').isVisible()).toBe(false)
    const second = await apiPost('/estimate', posted.get('/estimate'))
    expect((posted.get('/estimate') as { model: string }).model).toBe('llama-2-70b')
    await expectEstimateMatches(page, second.body)
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42) // no reload
    expect(await page.locator('#memory-chart').boundingBox()).not.toBeNull()
    await page.screenshot({ path: `${SHOTS}/estimate.png`, fullPage: true })
    // One device cannot hold it: the figures stay, marked as what the run would take if it fitted.
    const unfit = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/estimate') && JSON.parse(r.request().postData() ?? '{}').deviceCount === 1)
    await page.fill('#e-deviceCount', '1')
    await unfit
    await page.waitForFunction(() => document.body.dataset.estimateState === 'done')
    expect(await page.locator('[data-testid="estimate-unfit"]').isVisible()).toBe(true)
    expect(await page.locator('#estimate-result').getAttribute('class')).toContain('unfit')
    expect(requested.every((u) => u.startsWith(base)), requested.filter((u) => !u.startsWith(base)).join(', ')).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the load panel shows the API\'s answer at each concurrency, with capacity and the operating point', async () => {
    const { page, posted, loadPosts, requested, errors } = await openPage()
    await page.waitForSelector('body[data-load-state="done"]')
    const { batchSize: _batchSize, ...configuration } = posted.get('/estimate') as Record<string, unknown>
    const concurrencies = loadPosts.map((body) => body.concurrency)
    expect(concurrencies.length).toBeLessThanOrEqual(12)
    for (const body of loadPosts) expect(body).toEqual({ ...configuration, concurrency: body.concurrency })
    const answers = await Promise.all(loadPosts.map(async (body) => (await apiPost('/estimate', body)).body))
    const { capacity } = answers[0].serving
    // 1, 2, 4, … below what the engine runs at once, that number, and the first power of two above it.
    const running = capacity.maxRunningSequences
    const doublings = Array.from({ length: Math.ceil(Math.log2(running)) }, (_, power) => 2 ** power)
    expect(concurrencies).toEqual([...doublings, running, 2 ** (Math.floor(Math.log2(running)) + 1)])
    const rows = page.locator('#l-table tbody tr')
    expect(await rows.count()).toBe(answers.length)
    for (const [index, answer] of answers.entries()) {
      const { serving } = answer
      const cells = await rows.nth(index).locator('th, td').allInnerTexts()
      expect(cells.slice(0, 9)).toEqual([
        String(concurrencies[index]),
        fmt(serving.ttftMs.mean),
        fmt(serving.ttftMs.p99),
        fmt(serving.tpotMs.mean),
        fmt(serving.tpotMs.p99),
        fmt(serving.outputTokensPerSecond / answer.deviceCount),
        fmt(serving.outputTokensPerSecondPerUser),
        fmt(serving.runningSequences),
        fmt(serving.queuedRequests)
      ])
    }
    expect(await text(page, '[data-testid="capacity-rps"]')).toBe(fmt(capacity.requestsPerSecond))
    expect(await text(page, '[data-testid="capacity-output-tps"]')).toBe(fmt(capacity.outputTokensPerSecond))
    expect(await text(page, '[data-testid="capacity-limited-by"]')).toBe(LIMITED_BY[capacity.limitedBy as keyof typeof LIMITED_BY])
    // No limits: the most output tokens/s where nobody queues, the fewest clients on a tie.
    const best = answers.reduce((bestIndex, answer, index) => (answer.serving.queuedRequests === 0 && answer.serving.outputTokensPerSecond > answers[bestIndex].serving.outputTokensPerSecond ? index : bestIndex), 0)
    expect(answers[best].serving.queuedRequests).toBe(0)
    expect(await page.locator('#l-table tr[data-operating="true"]').getAttribute('data-concurrency')).toBe(String(concurrencies[best]))
    expect(await text(page, '[data-testid="load-operating"]')).toMatch(new RegExp(`^${concurrencies[best]} concurrent clients: ${fmt(answers[best].serving.outputTokensPerSecond / answers[best].deviceCount).replace('.', '\\.')} output tokens/s per device`))
    // The last point is past what runs at once, so requests queue there and the panel says so.
    expect(answers.at(-1).serving.queuedRequests).toBeGreaterThan(0)
    expect(await text(page, '#l-warnings')).toContain('wait for a slot')
    for (const canvas of ['#load-latency-chart', '#load-interactivity-chart']) expect(await page.locator(canvas).boundingBox()).not.toBeNull()
    await page.locator('#load-panel').screenshot({ path: `${SHOTS}/load.png` })
    expect(requested.every((u) => u.startsWith(base))).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })

  it('changing a latency limit or its percentile moves the marked point, without asking the service again', async () => {
    const { page, loadPosts, errors } = await openPage()
    await page.waitForSelector('body[data-load-state="done"]')
    const answers = await Promise.all(loadPosts.map(async (body) => (await apiPost('/estimate', body)).body))
    const concurrencies = loadPosts.map((body) => body.concurrency)
    const asked = loadPosts.length
    /** The operating point the rule gives on the API's answers: the most output tokens/s within the limit (here the limit is met only where nobody queues). */
    const expected = (maxTtftMs: number, percentile: 'mean' | 'p50' | 'p90' | 'p99') => {
      let best = -1
      answers.forEach((answer, index) => {
        if (answer.serving.ttftMs[percentile] > maxTtftMs) return
        expect(answer.serving.queuedRequests).toBe(0)
        if (best < 0 || answer.serving.outputTokensPerSecond > answers[best].serving.outputTokensPerSecond) best = index
      })
      return best < 0 ? 'none' : String(concurrencies[best])
    }
    const operating = () => page.evaluate(() => document.body.dataset.loadOperating)
    // A TTFT limit halfway between the p90 at 8 and at 16 clients, then the same limit on the p99 and the mean.
    const at = (concurrency: number) => answers[concurrencies.indexOf(concurrency)].serving.ttftMs
    const limit = Math.round((at(8).p90 + at(16).p90) / 2)
    await page.fill('#l-maxTtftMs', String(limit))
    await page.waitForFunction((want) => document.body.dataset.loadOperating === want, expected(limit, 'p90'))
    expect(await operating()).toBe('8')
    expect(await page.locator('#l-table tr[data-operating="true"]').getAttribute('data-concurrency')).toBe('8')
    expect(await text(page, '[data-testid="load-operating"]')).toMatch(/^8 concurrent clients: /)
    const missed = await page.locator('#l-table tr[data-concurrency="16"] td').last().innerText()
    expect(missed).toBe(`TTFT p90 ${fmt(at(16).p90)} ms > ${fmt(limit)} ms`)
    for (const percentile of ['p99', 'mean', 'p50'] as const) {
      await page.selectOption('#l-percentile', percentile)
      await page.waitForFunction((want) => document.body.dataset.loadOperating === want, expected(limit, percentile))
    }
    // Below what even one client sees: no point is marked.
    await page.fill('#l-maxTtftMs', String(Math.floor(answers[0].serving.ttftMs.p50 / 2)))
    await page.waitForFunction(() => document.body.dataset.loadOperating === 'none')
    expect(await text(page, '[data-testid="load-operating"]')).toBe('No sampled load meets the limits.')
    expect(await page.locator('#l-table tr[data-operating="true"]').count()).toBe(0)
    expect(loadPosts.length).toBe(asked)
    // An API model has no load curve.
    await page.selectOption('#e-hardware', '')
    await page.selectOption('#e-model', 'gpt-4')
    await page.waitForSelector('body[data-load-state="none"]')
    expect(await page.locator('#load-result').isVisible()).toBe(false)
    expect(await text(page, '#l-status')).toMatch(/self-hosted/)
    // A limit changed now has no curve to redraw: the last configuration's stays hidden.
    await page.selectOption('#l-percentile', 'p99')
    await page.fill('#l-maxTtftMs', String(limit))
    await page.waitForTimeout(300)
    expect(await page.locator('#load-result').isVisible()).toBe(false)
    expect(errors).toEqual([])
    await page.close()
  })

  it('at 1400×900 the load table fits its wrapper, with and without missed limits; a phone scrolls it', async () => {
    const widths = (page: Page) => page.evaluate(() => {
      const table = document.getElementById('l-table') as HTMLTableElement
      return { tablePx: table.scrollWidth, wrapperPx: (table.parentElement as HTMLElement).clientWidth, pageOverflowPx: document.documentElement.scrollWidth - document.documentElement.clientWidth }
    })
    const { page, errors } = await openPage({ width: 1400, height: 900 })
    await page.waitForSelector('body[data-load-state="done"]')
    const plain = await widths(page)
    expect(plain.tablePx, JSON.stringify(plain)).toBeLessThanOrEqual(plain.wrapperPx)
    // Limits most loads miss: the Limits column holds its longest sentences.
    await page.fill('#l-maxTtftMs', '150')
    await page.fill('#l-maxTpotMs', '9')
    await page.waitForFunction(() => [...document.querySelectorAll('#l-table tbody td:last-child')].some((cell) => (cell.textContent ?? '').includes(';')))
    const missed = await widths(page)
    expect(missed.tablePx, JSON.stringify(missed)).toBeLessThanOrEqual(missed.wrapperPx)
    expect(await page.locator('#l-table caption').evaluate((caption) => caption.getBoundingClientRect().right <= (caption.closest('.table-wrap') as HTMLElement).getBoundingClientRect().right)).toBe(true)
    expect(errors).toEqual([])
    await page.close()
    // A phone keeps the columns readable and scrolls the table inside its wrapper, not the page.
    const phone = await openPage({ width: 390, height: 844 })
    await phone.page.waitForSelector('body[data-load-state="done"]')
    expect((await widths(phone.page)).pageOverflowPx).toBeLessThanOrEqual(0)
    await phone.page.close()
  })

  it('at 1400×900 the compare table fits its wrapper, its ids breaking only after the @', async () => {
    const widths = (page: Page) => page.evaluate(() => {
      const table = document.getElementById('c-table') as HTMLTableElement
      return { tablePx: table.scrollWidth, wrapperPx: (table.parentElement as HTMLElement).clientWidth }
    })
    const { page, errors } = await openPage({ width: 1400, height: 900 })
    await page.click('#preset-seeds')
    await page.waitForSelector('body[data-compare-state="done"]')
    const seed = await widths(page)
    expect(seed.tablePx, JSON.stringify(seed)).toBeLessThanOrEqual(seed.wrapperPx)
    // With a volume and a limit most rows miss: the volume columns and the longest constraint texts.
    await page.fill('#c-requestsPerDay', '1000000')
    await page.fill('#c-maxTtftMs', '300')
    await page.click('#compare-run')
    await page.waitForFunction(() => document.body.dataset.compareState === 'done' && (document.querySelector('#c-table tbody td:last-child')?.textContent ?? '') !== '')
    const sized = await widths(page)
    expect(sized.tablePx, JSON.stringify(sized)).toBeLessThanOrEqual(sized.wrapperPx)
    // Each id reads whole (its text is the row's id) and its two parts never break inside.
    const cells = await page.locator('#c-table tbody th').evaluateAll((headers) => headers.map((header) => ({ text: header.textContent, id: (header.parentElement as HTMLElement).dataset.id, lines: [...header.querySelectorAll('.id-part')].map((part) => part.getClientRects().length) })))
    for (const cell of cells) {
      expect(cell.text).toBe(cell.id)
      for (const lines of cell.lines) expect(lines, cell.id).toBe(1)
    }
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows the API\'s error next to the field it names', async () => {
    const { page, posted } = await openPage()
    await page.fill('#e-promptTokens', '0')
    await page.waitForSelector('body[data-estimate-state="error"]')
    const problem = await apiPost('/estimate', posted.get('/estimate'))
    expect(problem.status).toBe(400)
    const detail = problem.body.errors[0].detail
    expect(await text(page, '#e-promptTokens-error')).toContain(detail)
    expect(await page.getAttribute('#e-promptTokens', 'aria-invalid')).toBe('true')
    await page.waitForSelector('body[data-load-state="none"]')
    expect(await page.locator('#load-result').isVisible()).toBe(false)
    await page.fill('#e-promptTokens', '1000')
    await page.fill('#e-memoryFraction', '1.5')
    await page.waitForFunction(() => (document.querySelector('#e-memoryFraction-error')?.textContent ?? '').length > 0)
    const engineProblem = await apiPost('/estimate', posted.get('/estimate'))
    expect(await text(page, '#e-memoryFraction-error')).toContain(engineProblem.body.errors[0].detail)
    await page.fill('#e-memoryFraction', '')
    await page.selectOption('#e-precision', 'fp8')
    await page.selectOption('#e-hardware', 't4') // Turing: no FP8 units and no fallback kernel (an A100 runs FP8 through Marlin)
    await page.waitForFunction(() => (document.querySelector('#e-precision-error')?.textContent ?? '').length > 0)
    expect(await text(page, '#e-precision-error')).toMatch(/FP8/)
    await page.screenshot({ path: `${SHOTS}/error.png` })
    await page.close()
  })

  it('marks the figures shown out of date while the form has an error, and says when a number cannot be read', async () => {
    const { page, errors } = await openPage()
    expect(await page.locator('[data-testid="estimate-stale"]').isVisible()).toBe(false)
    await page.fill('#e-promptTokens', '0')
    await page.waitForSelector('body[data-estimate-state="error"]')
    expect(await page.locator('[data-testid="estimate-stale"]').isVisible()).toBe(true)
    expect(await page.getAttribute('#estimate-result', 'class')).toContain('stale')
    await page.fill('#e-promptTokens', '1000')
    await page.waitForSelector('body[data-estimate-state="done"]')
    expect(await page.locator('[data-testid="estimate-stale"]').isVisible()).toBe(false)
    // Chromium reads "10e" in a number field as empty: the page says so instead of sending no value.
    await page.fill('#e-outputTokens', '')
    await page.locator('#e-outputTokens').pressSequentially('10e')
    await page.waitForFunction(() => (document.querySelector('#e-outputTokens-error')?.textContent ?? '').includes('not a number'))
    expect(await page.locator('[data-testid="estimate-stale"]').isVisible()).toBe(true)
    await page.waitForSelector('body[data-load-state="none"]')
    // A latency limit that is not a number above 0 is left out, and says so.
    await page.fill('#e-outputTokens', '200')
    await page.waitForSelector('body[data-load-state="done"]')
    await page.fill('#l-maxTtftMs', '-5')
    await page.waitForFunction(() => (document.querySelector('#l-maxTtftMs-error')?.textContent ?? '').includes('above 0'))
    // With one output token a TPOT limit has nothing to bound (POST /compare refuses it): left out, and said.
    await page.fill('#l-maxTtftMs', '')
    await page.fill('#e-outputTokens', '1')
    await page.waitForSelector('body[data-load-state="done"]')
    await page.fill('#l-maxTpotMs', '0.001')
    await page.waitForFunction(() => (document.querySelector('#l-maxTpotMs-error')?.textContent ?? '').includes('one output token'))
    expect(await page.locator('#l-table tbody tr.miss').count()).toBe(0)
    expect(errors.filter((error) => !error.includes('status of 4'))).toEqual([])
    await page.close()
  })

  it('a comparison lists the warnings of its rows, and a refused one leaves the last table marked out of date', async () => {
    const { page } = await openPage()
    await page.click('#preset-seeds')
    await page.waitForSelector('body[data-compare-state="done"]')
    await page.fill('#c-promptTokens', '9000')
    await page.click('#compare-run')
    await page.waitForFunction(() => document.body.dataset.compareState === 'done' && (document.querySelector('[data-testid="compare-warnings"]')?.textContent ?? '').includes('context-overflow'))
    const warnings = await page.locator('[data-testid="compare-warnings"] > li').allInnerTexts()
    expect(warnings.find((line) => line.startsWith('context-overflow: '))).toMatch(/llama-2-7b@a100-80gb/)
    // A warning opens on each row's own words (they were only ids, with a note to ask /estimate).
    const overflow = page.locator('[data-testid="compare-warnings"] > li', { hasText: 'context-overflow: ' })
    await overflow.locator('summary').click()
    const words = await overflow.locator('ul li').allInnerTexts()
    expect(words.find((line) => line.startsWith('llama-2-7b@a100-80gbx1/fp16: '))).toMatch(/context/)
    expect(await page.locator('[data-testid="compare-stale"]').isVisible()).toBe(false)
    await page.fill('#c-peakToAverage', '3')
    await page.click('#compare-run')
    await page.waitForSelector('body[data-compare-state="error"]')
    expect(await page.locator('[data-testid="compare-stale"]').isVisible()).toBe(true)
    expect(await page.locator('#c-table tbody tr').count()).toBeGreaterThan(0)
    await page.close()
  })

  it('compares a model over several device counts, with every constraint the API takes', async () => {
    const { page, posted, errors } = await openPage()
    await page.click('#preset-seeds')
    await page.waitForSelector('body[data-compare-state="done"]')
    for (const input of await page.locator('#c-models input').all()) await input.setChecked((await input.getAttribute('value')) === 'llama-3.1-70b')
    for (const input of await page.locator('#c-hardware input').all()) await input.setChecked((await input.getAttribute('value')) === 'h100-sxm')
    for (const input of await page.locator('#c-precisions input').all()) await input.setChecked((await input.getAttribute('value')) === 'fp8')
    await page.fill('#c-deviceCounts', '2 x')
    await page.click('#compare-run')
    await page.waitForFunction(() => (document.querySelector('#c-deviceCounts-error')?.textContent ?? '').includes('whole numbers'))
    await page.fill('#c-deviceCounts', '1, 2, 4')
    await page.fill('#c-maxTpotMs', '40')
    await page.fill('#c-minOutputTokensPerSecond', '10')
    await page.fill('#c-maxCostPerMillionTokensUsd', '50')
    await page.click('#compare-run')
    await page.waitForFunction(() => document.body.dataset.compareState === 'done' && document.querySelectorAll('#c-table tbody tr').length === 3)
    const sent = posted.get('/compare') as { matrix: { deviceCounts: number[] }; constraints: Record<string, unknown> }
    expect(sent.matrix.deviceCounts).toEqual([1, 2, 4])
    expect(sent.constraints).toEqual({ maxTpotMs: 40, minOutputTokensPerSecond: 10, maxCostPerMillionTokensUsd: 50 })
    const api = await apiPost('/compare', sent)
    const ids = await page.locator('#c-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id))
    expect(ids).toEqual(api.body.rows.map((r: { id: string }) => r.id))
    expect(ids.sort()).toEqual(['llama-3.1-70b@h100-sxmx1/fp8', 'llama-3.1-70b@h100-sxmx2/fp8', 'llama-3.1-70b@h100-sxmx4/fp8'])
    // A device count the API refuses is shown beside the field, though its pointer names a list item.
    await page.fill('#c-deviceCounts', '0')
    await page.click('#compare-run')
    await page.waitForSelector('body[data-compare-state="error"]')
    expect(await text(page, '#c-deviceCounts-error')).not.toBe('')
    expect(errors.filter((error) => !error.includes('status of 4'))).toEqual([])
    await page.close()
  })

  it('estimates a pasted config.json, says what it read, and shows config problems next to the paste box', async () => {
    const { page, posted, errors } = await openPage()
    const config = readFileSync('catalog/hf-configs/qwen3-30b-a3b.json', 'utf8')
    await page.selectOption('#e-hardware', 'h200')
    await page.selectOption('#e-model', '__hfconfig__')
    await page.waitForSelector('#e-hfConfig', { state: 'visible' })
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/estimate') && (JSON.parse(r.request().postData() ?? '{}').model?.hfConfig?.model_type === 'qwen3_moe'))
    await page.fill('#e-hfConfig', config)
    await answered
    await page.waitForFunction(() => document.body.dataset.estimateState === 'done' && !(document.querySelector('#r-model-read') as HTMLElement).hidden)
    const api = await apiPost('/estimate', posted.get('/estimate'))
    expect(api.status).toBe(200)
    expect(api.body.model.fromHfConfig.modelType).toBe('qwen3_moe')
    await expectEstimateMatches(page, api.body)
    expect(await text(page, '[data-testid="model-read"]')).toMatch(/^read from config.json \(qwen3_moe\): 48 layers, hidden 2048, 32\/4 heads of 128, 128 experts \(8 per token\)/)
    await page.fill('#e-hfConfig', JSON.stringify({ ...JSON.parse(config), model_type: 'gpt2' }))
    await page.waitForSelector('body[data-estimate-state="error"]')
    expect(await text(page, '#e-hfConfig-error')).toMatch(/model_type "gpt2" cannot be read; readable model types: llama/)
    expect(await page.getAttribute('#e-hfConfig', 'aria-invalid')).toBe('true')
    await page.fill('#e-hfConfig', '{"model_type": ')
    await page.waitForFunction(() => (document.querySelector('#e-hfConfig-error')?.textContent ?? '').startsWith('not valid JSON'))
    // The browser logs the 422 it was shown; nothing else may go wrong on the page.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([])
    await page.close()
  })

  it('runs the 7B vs 13B vs GPT-4 comparison in one click, matching the API', async () => {
    const { page, posted, requested, errors } = await openPage()
    await page.click('#preset-seeds')
    await page.waitForSelector('body[data-compare-state="done"]')
    const api = await apiPost('/compare', posted.get('/compare'))
    expect(api.status).toBe(200)
    const ids = await page.locator('#c-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id))
    expect(ids).toEqual(api.body.rows.map((r: { id: string }) => r.id))
    // The README's and the CLI's answer: no static batch, so each replica is planned by the serving model.
    expect((posted.get('/compare') as { workload: Record<string, unknown> }).workload).toEqual({ promptTokens: 1000, outputTokens: 1000, requestsPerDay: 10000 })
    expect(ids).toEqual(['llama-2-13b@a100-80gbx1/fp16', 'llama-2-7b@a100-80gbx1/fp16', 'gpt-4@api'])
    expect(api.body.rows.slice(0, 2).map((r: { capacity: { replicas: number; boundedBy: string } }) => [r.capacity.replicas, r.capacity.boundedBy])).toEqual([[1, 'capacity'], [1, 'capacity']])
    const firstRow = await page.locator('#c-table tbody tr').first().locator('td, th').allInnerTexts()
    const row0 = api.body.rows[0]
    // With a daily volume the table shows what the rows are ranked by: one replica's capacity and the fleet's cost per million.
    expect(firstRow.slice(0, 9)).toEqual(['1', row0.id, 'yes', fmt(row0.latency.ttftMs), fmt(row0.latency.tpotMs), fmt(row0.latency.totalMs), fmt(row0.capacity.replicaCapacityRequestsPerSecond * 1000), usd(row0.cost.perRequestUsd), usd(row0.capacity.costPerMillionOutputTokensUsd)])
    expect(await page.locator('#c-table thead th').nth(8).innerText()).toBe('$ / M output, fleet over the month')
    expect(await text(page, '[data-testid="breakeven"]')).toContain(api.body.breakEven.note)
    expect(await page.locator('#pareto-chart').boundingBox()).not.toBeNull()
    expect(await page.locator('#monthly-chart').isVisible()).toBe(true)
    // With a volume, each self-hosted row says what bounded its replica, at the percentile asked for.
    const boundedText = (capacity: { boundedBy: string | null; latencyPercentile: string | null } | null) =>
      !capacity?.boundedBy ? '—' : capacity.boundedBy.startsWith('max') ? `${capacity.boundedBy} (${capacity.latencyPercentile})` : capacity.boundedBy
    expect(await page.locator('#c-table tbody tr').first().locator('td').nth(10).innerText()).toBe(boundedText(row0.capacity))
    await page.fill('#c-maxTtftMs', '150')
    await page.selectOption('#c-latencyPercentile', 'p99')
    const compared = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/compare') && JSON.parse(r.request().postData() ?? '{}').constraints?.latencyPercentile === 'p99')
    await page.click('#compare-run')
    await compared
    await page.waitForFunction(() => document.body.dataset.compareState === 'done')
    expect((posted.get('/compare') as { constraints: unknown }).constraints).toEqual({ maxTtftMs: 150, latencyPercentile: 'p99' })
    const bounded = await apiPost('/compare', posted.get('/compare'))
    const boundedIds = await page.locator('#c-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id))
    expect(boundedIds).toEqual(bounded.body.rows.map((r: { id: string }) => r.id))
    const boundedCells = await page.locator('#c-table tbody tr td:nth-child(12)').allInnerTexts()
    expect(boundedCells).toEqual(bounded.body.rows.map((r: { capacity: Parameters<typeof boundedText>[0] }) => boundedText(r.capacity)))
    await page.click('#preset-seeds')
    await page.waitForFunction(() => document.body.dataset.compareState === 'done')
    await page.locator('#compare-panel').screenshot({ path: `${SHOTS}/compare.png` })
    expect(requested.every((u) => u.startsWith(base))).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the 7B vs 13B vs GPT-4 button asks the seed question whatever the form held before', async () => {
    const { page, posted, errors } = await openPage()
    await page.click('#preset-seeds')
    await page.waitForSelector('body[data-compare-state="done"]')
    const seed = posted.get('/compare') as { workload: unknown; matrix: { models: string[] }; sortBy: string }
    expect(seed.workload).toEqual({ promptTokens: 1000, outputTokens: 1000, requestsPerDay: 10000 })
    expect(seed.sortBy).toBe('cost')
    expect(Object.keys(seed).sort()).toEqual(['matrix', 'sortBy', 'workload'])
    // Every field the button does not set, changed: a peak of 3 is refused by the service.
    await page.selectOption('#c-deployment', 'local')
    await page.fill('#c-peakToAverage', '3')
    await page.selectOption('#c-hybridWith', 'gpt-4')
    await page.selectOption('#c-sortBy', 'latency')
    await page.fill('#c-batchSize', '4')
    await page.fill('#c-deviceCounts', '2')
    await page.fill('#c-maxTtftMs', '150')
    await page.selectOption('#c-latencyPercentile', 'p99')
    await page.click('#compare-run')
    await page.waitForSelector('body[data-compare-state="error"]')
    // The click sets the state to loading before the request leaves; the answer sets done or error.
    await page.click('#preset-seeds')
    await page.waitForFunction(() => document.body.dataset.compareState !== 'loading')
    expect(await page.evaluate(() => document.body.dataset.compareState)).toBe('done')
    expect(posted.get('/compare')).toEqual(seed)
    expect(await page.locator('[data-testid="compare-stale"]').isVisible()).toBe(false)
    expect(await page.locator('#c-sortBy').inputValue()).toBe('cost')
    expect(await page.locator('#c-peakToAverage').inputValue()).toBe('')
    expect(errors.filter((error) => !error.includes('status of 4'))).toEqual([])
    await page.close()
  })

  it('an older comparison that answers last does not replace the newer one', async () => {
    const { page, errors } = await openPage()
    let delayed = false
    await page.route('**/compare*', async (route) => {
      // The first comparison's answer is held back until after the second's.
      if (!delayed) {
        delayed = true
        await new Promise((resolve) => setTimeout(resolve, 1500))
      }
      await route.continue()
    })
    await page.click('#preset-seeds')
    await page.uncheck('#c-models input[value="gpt-4"]')
    await page.click('#compare-run')
    await page.waitForFunction(() => document.body.dataset.compareState === 'done')
    await page.waitForTimeout(2500)
    const ids = await page.locator('#c-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id))
    expect(ids).not.toContain('gpt-4@api')
    expect(ids.length).toBeGreaterThan(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows the cost parts of each candidate and the hybrid split with an API, as the API answers them', async () => {
    const { page, posted, errors } = await openPage()
    await page.click('#preset-seeds')
    await page.waitForSelector('body[data-compare-state="done"]')
    await page.fill('#c-peakToAverage', '1.5')
    await page.selectOption('#c-hybridWith', 'gpt-4')
    await page.click('#compare-run')
    await page.waitForFunction(() => document.body.dataset.compareState === 'done' && document.querySelectorAll('#c-hybrid li').length > 0)
    const sent = posted.get('/compare') as { hybridWith?: string; workload: { peakToAverage?: number } }
    expect(sent.hybridWith).toBe('gpt-4')
    expect(sent.workload.peakToAverage).toBe(1.5)
    const api = await apiPost('/compare', sent)
    const planned = api.body.rows.filter((row: { hybrid: unknown }) => row.hybrid)
    const lines = await page.locator('#c-hybrid li').allInnerTexts()
    expect(lines).toHaveLength(planned.length)
    expect(lines[0]).toContain(`${usd(planned[0].hybrid.monthlyCostUsd)}/month (all self-hosted ${usd(planned[0].hybrid.allSelfHostedMonthlyCostUsd)}, all API ${usd(planned[0].hybrid.allApiMonthlyCostUsd)})`)
    const legend = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart: (canvas: HTMLCanvasElement) => { data: { datasets: Array<{ label: string }> } } } }).Chart.getChart(document.getElementById('cost-chart') as HTMLCanvasElement)
      return chart.data.datasets.map((dataset) => dataset.label)
    })
    expect(legend).toEqual(['rental', 'API tokens'])
    expect(errors).toEqual([])
    await page.close()
  })

  it('works at phone width and with the keyboard; every input has a label', async () => {
    const { page } = await openPage({ width: 390, height: 844 })
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')].filter((el) => (el as HTMLInputElement).labels?.length === 0).map((el) => el.id || (el as HTMLInputElement).name)
    )
    expect(unlabelled).toEqual([])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    // Keyboard only: focus the prompt field, type a new value, and the estimate follows.
    await page.focus('#e-promptTokens')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('2500')
    await page.keyboard.press('Tab')
    await page.waitForFunction(() => document.body.dataset.estimateState === 'done')
    await page.waitForTimeout(400)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('e-outputTokens')
    await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('e-promptTokens')
    await page.screenshot({ path: `${SHOTS}/phone.png`, fullPage: true })
    // The sources' long URLs wrap instead of widening the page; the cost chart's labels are cut to fit beside it.
    await page.locator('#estimate-result details summary').click()
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
    await page.click('#preset-seeds')
    await page.waitForSelector('body[data-compare-state="done"]')
    const seedTicks = await barTicks(page, 'cost-chart')
    expect(seedTicks.labels.length).toBe(3)
    expect(new Set(seedTicks.labels).size).toBe(3)
    expect(seedTicks.widestPx).toBeLessThanOrEqual(seedTicks.roomPx)
    await page.close()
  })

  it('at phone width, bar labels of ids that differ only at the end read apart and are not cut at the left edge', async () => {
    const { page, errors } = await openPage({ width: 390, height: 844 })
    for (const input of await page.locator('#c-models input').all()) await input.setChecked((await input.getAttribute('value')) === 'llama-3.1-8b')
    for (const input of await page.locator('#c-hardware input').all()) await input.setChecked((await input.getAttribute('value')) === 'h100-sxm')
    for (const input of await page.locator('#c-precisions input').all()) await input.setChecked(['fp16', 'fp8', 'int4'].includes((await input.getAttribute('value')) ?? ''))
    await page.fill('#c-requestsPerDay', '100000')
    await page.click('#compare-run')
    await page.waitForSelector('body[data-compare-state="done"]')
    for (const canvasId of ['monthly-chart', 'cost-chart']) {
      const ticks = await barTicks(page, canvasId)
      expect(ticks.labels, canvasId).toHaveLength(3)
      // Every label names its precision (the cost chart's add how the cost is reckoned after it).
      expect(ticks.labels.map((label) => label.match(/\/(fp16|fp8|int4)/)?.[1]).sort(), canvasId).toEqual(['fp16', 'fp8', 'int4'])
      expect(ticks.widestPx, `${canvasId}: ${ticks.labels.join(' | ')}`).toBeLessThanOrEqual(ticks.roomPx)
    }
    await page.locator('#compare-panel').screenshot({ path: `${SHOTS}/phone-compare.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('Swagger UI loads under the security headers', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/docs/`)
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 15_000 })
    expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('LLM inference calculator')
    expect(errors).toEqual([])
    await page.close()
  })
})
