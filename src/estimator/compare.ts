// compare(): many configurations for one workload, through the same estimate() as /estimate.
// Ranking, constraints, pareto set, capacity for a daily volume and the self-host/API break-even.
import type { Catalog } from '../catalog/index.js'
import { findHardware, findModel } from '../catalog/lookup.js'
import type { Candidate, CompareRequest, CompareResponse } from '../schemas/compare.js'
import { MAX_CANDIDATES } from '../schemas/compare.js'
import type { EstimateResponse } from '../schemas/estimate.js'
import { EstimateError, unprocessable, type FieldProblem } from './errors.js'
import { ensureFinite } from './finite.js'
import { estimateResolved, runSpecOf } from './index.js'
import { memoryFor } from './performance.js'
import { resolveRequest, type ResolvedRequest } from './resolve.js'

export const HOURS_PER_MONTH = 730
export const DAYS_PER_MONTH = 365 / 12

type Row = CompareResponse['rows'][number]

/** Row label: catalog ids where the candidate names resolve (aliases become ids), else what was given. */
const label = (catalog: Catalog, c: Candidate, e?: EstimateResponse) => {
  const model = e?.model.id ?? (typeof c.model === 'string' ? (findModel(catalog, c.model)?.id ?? c.model) : (c.model.name ?? 'inline-model'))
  if ((e?.deployment ?? c.deployment) === 'api') return `${model}@api`
  const hw = e?.hardware?.id ?? (typeof c.hardware === 'string' ? (findHardware(catalog, c.hardware)?.id ?? c.hardware) : (c.hardware?.name ?? 'inline-hardware'))
  return `${model}@${hw}×${e?.deviceCount ?? c.deviceCount ?? 1}/${e?.precision ?? c.precision ?? 'default'}`
}

/** A candidate and where in the request each of its fields came from (for problems that name a field). */
interface Expanded {
  candidate: Candidate
  pointers: Record<string, string>
}

/**
 * The candidates of a request: its list, or the matrix expanded (API-only models once, without
 * hardware). Matrix rows of open models are priced as cloud rentals where the hardware has a
 * price and as local electricity otherwise, unless the matrix names a deployment, so that one
 * comparison does not rank rental against electricity costs by default.
 */
export function expandCandidates(catalog: Catalog, req: CompareRequest): Expanded[] {
  if ((req.candidates === undefined) === (req.matrix === undefined)) {
    throw unprocessable('/body', 'give exactly one of candidates or matrix')
  }
  if (req.candidates) {
    return req.candidates.map((candidate, i) => {
      const at = `/body/candidates/${i}`
      return { candidate, pointers: Object.fromEntries(['model', 'hardware', 'precision', 'kvCachePrecision', 'engine', 'deviceCount', 'deployment'].map((f) => [f, `${at}/${f}`])) }
    })
  }
  const m = req.matrix!
  const hardware = m.hardware === 'all' || m.hardware === undefined ? catalog.hardware.map((h) => h.id) : m.hardware
  const precisions = m.precisions ?? [undefined]
  const deviceCounts = m.deviceCounts ?? [1]
  // One api candidate per model served by its provider; a candidate per combination otherwise.
  const viaApi = (id: string) => {
    const model = findModel(catalog, id)
    return m.deployment === 'api' || (model !== undefined && !model.openWeights && m.deployment !== 'cloud' && m.deployment !== 'local')
  }
  const apiModels = m.models.filter(viaApi).length
  const selfHostedModels = m.models.length - apiModels
  const total = apiModels + selfHostedModels * hardware.length * precisions.length * deviceCounts.length
  if (total > MAX_CANDIDATES) {
    throw new EstimateError(422, 'Too many candidates', `the matrix expands to ${total} candidates; at most ${MAX_CANDIDATES} per call`, [
      { pointer: '/body/matrix', detail: `expands to ${total} candidates (models × hardware × precisions × deviceCounts); the limit is ${MAX_CANDIDATES}` }
    ])
  }
  const out: Expanded[] = []
  m.models.forEach((id, mi) => {
    const modelAt = `/body/matrix/models/${mi}`
    if (viaApi(id)) {
      out.push({ candidate: { model: id, deployment: 'api' }, pointers: { model: modelAt, deployment: m.deployment ? '/body/matrix/deployment' : modelAt } })
      return
    }
    hardware.forEach((h, hi) => {
      const hw = findHardware(catalog, h)
      const deployment = m.deployment ?? (hw ? (hw.priceUsdPerHour !== undefined ? 'cloud' : 'local') : undefined)
      precisions.forEach((p, pi) => {
        deviceCounts.forEach((n, di) => {
          out.push({
            candidate: { model: id, hardware: h, deviceCount: n, ...(p ? { precision: p } : {}), ...(deployment ? { deployment } : {}) },
            pointers: {
              model: modelAt,
              hardware: m.hardware === 'all' || m.hardware === undefined ? '/body/matrix/hardware' : `/body/matrix/hardware/${hi}`,
              precision: p ? `/body/matrix/precisions/${pi}` : '/body/matrix/precisions',
              kvCachePrecision: '/body/matrix',
              engine: '/body/matrix',
              deviceCount: m.deviceCounts ? `/body/matrix/deviceCounts/${di}` : '/body/matrix/deviceCounts',
              deployment: m.deployment ? '/body/matrix/deployment' : modelAt
            }
          })
        })
      })
    })
  })
  return out
}

/** Points an estimator problem (which names /body/<field>/...) at the request field the candidate came from. */
function relocate(errors: FieldProblem[], pointers: Record<string, string>): FieldProblem[] {
  return errors.map((e) => {
    const m = e.pointer.match(/^\/body\/([A-Za-z]+)(\/.*)?$/)
    const base = m ? pointers[m[1]!] : undefined
    return base ? { ...e, pointer: `${base}${m![2] && !base.startsWith('/body/matrix') ? m![2] : ''}` } : e
  })
}

function violationsOf(e: EstimateResponse, c: NonNullable<CompareRequest['constraints']>): string[] {
  const v: string[] = []
  const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3))
  if ((c.mustFit ?? true) && e.memory && !e.memory.fits) v.push(`does not fit in memory (needs ${e.memory.minDevices ?? '>1024'} devices)`)
  if (c.maxTtftMs !== undefined) {
    if (!e.latency) v.push('TTFT unknown')
    else if (e.latency.ttftMs > c.maxTtftMs) v.push(`ttftMs ${fmt(e.latency.ttftMs)} > ${c.maxTtftMs}`)
  }
  if (c.maxTpotMs !== undefined) {
    if (!e.latency) v.push('TPOT unknown')
    else if (e.latency.tpotMs > c.maxTpotMs) v.push(`tpotMs ${fmt(e.latency.tpotMs)} > ${c.maxTpotMs}`)
  }
  if (c.minOutputTokensPerSecond !== undefined) {
    if (!e.throughput) v.push('throughput unknown')
    else if (e.throughput.outputTokensPerSecond < c.minOutputTokensPerSecond) v.push(`outputTokensPerSecond ${fmt(e.throughput.outputTokensPerSecond)} < ${c.minOutputTokensPerSecond}`)
  }
  if (c.maxCostPerMillionTokensUsd !== undefined) {
    const cost = e.cost.perMillionOutputTokensUsd
    if (cost === null) v.push('cost unknown')
    else if (cost > c.maxCostPerMillionTokensUsd) v.push(`perMillionOutputTokensUsd ${fmt(cost)} > ${c.maxCostPerMillionTokensUsd}`)
  }
  return v
}

/** Requests per second one replica completes: it holds batchSize requests at once, each taking totalMs. */
const replicaRequestsPerSecond = (e: EstimateResponse) => e.workload.batchSize / (e.latency!.totalMs / 1000)

/** Hourly price of one device when the row is a cloud deployment with a known price. */
const hourlyPrice = (r: ResolvedRequest) => (r.deployment === 'cloud' ? r.selfHosted?.hardware.priceUsdPerHour : undefined)

function capacityOf(e: EstimateResponse, r: ResolvedRequest, requestsPerDay: number): NonNullable<Row['capacity']> {
  const monthlyRequests = requestsPerDay * DAYS_PER_MONTH
  const monthlyOutputTokens = monthlyRequests * e.workload.outputTokens
  const perMillion = (monthly: number | null) => (monthly === null ? null : (monthly / monthlyOutputTokens) * 1e6)
  if (e.deployment === 'api' || !e.latency) {
    const monthly = e.cost.perRequestUsd === null ? null : monthlyRequests * e.cost.perRequestUsd
    return { requestsPerDay, replicaRequestsPerSecond: null, replicas: null, devices: null, utilization: null, monthlyCostUsd: monthly, monthlyOutputTokens, costPerMillionOutputTokensUsd: perMillion(monthly) }
  }
  const replicaRps = replicaRequestsPerSecond(e)
  const rps = requestsPerDay / 86_400
  const replicas = Math.max(1, Math.ceil(rps / replicaRps))
  const devices = replicas * e.deviceCount
  const price = hourlyPrice(r)
  const monthly = e.deployment === 'cloud' ? (price === undefined ? null : devices * HOURS_PER_MONTH * price) : e.cost.perRequestUsd === null ? null : monthlyRequests * e.cost.perRequestUsd
  return { requestsPerDay, replicaRequestsPerSecond: replicaRps, replicas, devices, utilization: Math.min(1, rps / (replicas * replicaRps)), monthlyCostUsd: monthly, monthlyOutputTokens, costPerMillionOutputTokensUsd: perMillion(monthly) }
}

function fitOf(r: ResolvedRequest, e: EstimateResponse): Row['fit'] {
  if (!r.selfHosted || !e.memory) return null
  const single = memoryFor({ ...runSpecOf(r), batchSize: 1 })
  return { minDevices: e.memory.minDevices, maxConcurrency: e.memory.maxBatchSize, maxContextTokens: single.maxContextTokens }
}

const sortKey: Record<string, (e: EstimateResponse) => number | null> = {
  cost: (e) => e.cost.perMillionOutputTokensUsd,
  latency: (e) => e.latency?.totalMs ?? null,
  throughput: (e) => (e.throughput ? -e.throughput.outputTokensPerSecond : null)
}

/** Row ids on the cost-latency pareto front, cheapest first. */
export function paretoFront(rows: { id: string; cost: number; latency: number }[]): string[] {
  const sorted = [...rows].sort((a, b) => a.cost - b.cost || a.latency - b.latency)
  const out: string[] = []
  let bestLatency = Infinity
  for (const r of sorted) {
    if (r.latency < bestLatency) {
      out.push(r.id)
      bestLatency = r.latency
    }
  }
  return out
}

export function compare(catalog: Catalog, req: CompareRequest): CompareResponse {
  const candidates = expandCandidates(catalog, req)
  const w = req.workload
  if (w.requestsPerDay !== undefined && w.requestsPerSecond !== undefined) {
    throw unprocessable('/body/workload/requestsPerSecond', 'give one of requestsPerDay or requestsPerSecond, not both')
  }
  const requestsPerDay = w.requestsPerDay ?? (w.requestsPerSecond !== undefined ? w.requestsPerSecond * 86_400 : null)
  const constraints = req.constraints ?? {}
  const sortBy = req.sortBy ?? 'cost'
  const rows: Row[] = []
  const resolved = new Map<string, ResolvedRequest>()
  const rejected: CompareResponse['rejected'] = []
  const seen = new Set<string>()
  const unique = (base: string) => {
    let id = base
    for (let k = 2; seen.has(id); k++) id = `${base}#${k}`
    seen.add(id)
    return id
  }
  for (const { candidate: c, pointers } of candidates) {
    let r: ResolvedRequest
    let e: EstimateResponse
    try {
      r = resolveRequest(catalog, { ...c, promptTokens: w.promptTokens, outputTokens: w.outputTokens, batchSize: w.batchSize ?? 1 })
      e = estimateResolved(r)
    } catch (err) {
      if (!(err instanceof EstimateError)) throw err
      rejected.push({ id: unique(label(catalog, c)), status: err.status, detail: err.message, errors: relocate(err.errors, pointers).map((x) => ({ ...x })) })
      continue
    }
    const id = unique(label(catalog, c, e))
    resolved.set(id, r)
    const violations = violationsOf(e, constraints)
    rows.push({
      id,
      rank: 0,
      candidate: { model: e.model.id ?? e.model.name, hardware: e.hardware?.id ?? e.hardware?.name ?? null, precision: e.precision, engine: e.engine, deviceCount: e.deviceCount, deployment: e.deployment },
      meetsConstraints: violations.length === 0,
      violations,
      fit: fitOf(r, e),
      capacity: requestsPerDay === null ? null : capacityOf(e, r, requestsPerDay),
      estimate: e
    })
  }
  const key = sortKey[sortBy]!
  const order = (a: Row, b: Row) => {
    if (a.meetsConstraints !== b.meetsConstraints) return a.meetsConstraints ? -1 : 1
    const ka = key(a.estimate)
    const kb = key(b.estimate)
    if (ka === null || kb === null) return ka === null ? (kb === null ? 0 : 1) : -1
    return ka - kb || a.id.localeCompare(b.id)
  }
  rows.sort(order)
  rows.forEach((r, i) => (r.rank = i + 1))
  const valid = rows.filter((r) => r.meetsConstraints)
  const bestBy = (k: (e: EstimateResponse) => number | null) => {
    let best: Row | null = null
    for (const r of valid) {
      const v = k(r.estimate)
      if (v !== null && (best === null || v < k(best.estimate)!)) best = r
    }
    return best?.id ?? null
  }
  const pareto = paretoFront(
    valid.flatMap((r) => (r.estimate.cost.perMillionOutputTokensUsd !== null && r.estimate.latency ? [{ id: r.id, cost: r.estimate.cost.perMillionOutputTokensUsd, latency: r.estimate.latency.totalMs }] : []))
  )
  return ensureFinite({
    catalogVersion: catalog.version,
    workload: { promptTokens: w.promptTokens, outputTokens: w.outputTokens, batchSize: w.batchSize ?? 1, requestsPerDay },
    sortBy,
    count: rows.length,
    rows,
    rejected,
    best: { cost: bestBy(sortKey.cost!), latency: bestBy(sortKey.latency!), throughput: bestBy(sortKey.throughput!) },
    pareto,
    breakEven: breakEvenOf(valid, resolved)
  }, req)
}

/**
 * Daily volume from which the cheapest cloud self-hosted option (one always-on replica) costs less
 * per month than the cheapest API option: replica monthly cost / API cost per request / days per
 * month, provided one replica can carry that volume (otherwise the API stays cheaper at any volume,
 * since every added replica costs the same again).
 */
function breakEvenOf(valid: Row[], resolved: Map<string, ResolvedRequest>): CompareResponse['breakEven'] {
  const cheapest = (rs: Row[]) => rs.filter((r) => r.estimate.cost.perRequestUsd !== null).sort((a, b) => a.estimate.cost.perRequestUsd! - b.estimate.cost.perRequestUsd!)[0]
  const self = cheapest(valid.filter((r) => r.estimate.deployment === 'cloud' && r.estimate.latency && hourlyPrice(resolved.get(r.id)!) !== undefined))
  const api = cheapest(valid.filter((r) => r.estimate.deployment === 'api'))
  if (!self || !api) return null
  const e = self.estimate
  const replicaMonthly = e.deviceCount * HOURS_PER_MONTH * hourlyPrice(resolved.get(self.id)!)!
  const apiPerRequest = api.estimate.cost.perRequestUsd!
  const replicaPerDay = replicaRequestsPerSecond(e) * 86_400
  if (apiPerRequest === 0) return { selfHosted: self.id, api: api.id, requestsPerDay: null, note: `${api.id} costs nothing per request, so it stays cheaper at any volume` }
  const volume = replicaMonthly / DAYS_PER_MONTH / apiPerRequest
  const carries = volume <= replicaPerDay
  return {
    selfHosted: self.id,
    api: api.id,
    requestsPerDay: carries ? volume : null,
    note: carries
      ? `above ${Math.ceil(volume)} requests/day, an always-on ${self.id} replica ($${replicaMonthly.toFixed(0)}/month, up to ${Math.floor(replicaPerDay)} requests/day) costs less than ${api.id} ($${apiPerRequest.toPrecision(3)}/request)`
      : `${api.id} stays cheaper at any volume: a fully busy ${self.id} replica carries at most ${Math.floor(replicaPerDay)} requests/day for $${replicaMonthly.toFixed(0)}/month, more than the API charges for them`
  }
}
