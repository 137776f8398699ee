// The bench's request bodies: many different ones per scenario (models, devices, prompt and output
// lengths, loads and candidate lists rotate), so an answer cache could not flatter a figure. Each
// body is checked in-process first and kept only if the estimator answers it (a 4xx would be
// measured as a cheap error, not as an estimate). Deterministic: the same bodies every run.
import { loadCatalogSet } from '../src/catalog/index.js'
import { compare, estimate } from '../src/estimator/index.js'
import type { CompareRequest } from '../src/schemas/compare.js'
import type { EstimateRequest } from '../src/schemas/estimate.js'

const catalog = loadCatalogSet().get()!

/** A small deterministic generator (a linear congruential one), so runs use the same bodies. */
function sequence(seed: number) {
  let state = seed >>> 0
  return (below: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state % below
  }
}

const SELF_HOSTED_MODELS = ['llama-3.1-8b', 'mistral-7b', 'qwen2.5-7b', 'llama-2-7b', 'qwen3-8b', 'llama-2-13b', 'gemma-2-9b', 'phi-3-mini', 'qwen3-14b', 'llama-3.1-70b', 'qwen2.5-32b', 'qwen3-30b-a3b', 'mixtral-8x7b', 'llama-3.2-3b']
const DATA_CENTRE_DEVICES = catalog.hardware.filter((entry) => entry.kind === 'gpu' && entry.dataCentre && entry.tflops.fp16 !== undefined).map((entry) => entry.id)

function answers(work: () => unknown): boolean {
  try {
    work()
    return true
  } catch {
    return false
  }
}

function distinct<T>(count: number, seed: number, make: (next: (below: number) => number) => T, accept: (body: T) => boolean): T[] {
  const next = sequence(seed)
  const bodies: T[] = []
  const seen = new Set<string>()
  for (let attempt = 0; bodies.length < count && attempt < count * 50; attempt++) {
    const body = make(next)
    const text = JSON.stringify(body)
    if (seen.has(text) || !accept(body)) continue
    seen.add(text)
    bodies.push(body)
  }
  if (bodies.length < count) throw new Error(`only ${bodies.length} of ${count} bench bodies could be estimated`)
  return bodies
}

function configuration(next: (below: number) => number) {
  const model = SELF_HOSTED_MODELS[next(SELF_HOSTED_MODELS.length)]!
  const hardware = DATA_CENTRE_DEVICES[next(DATA_CENTRE_DEVICES.length)]!
  return { model, hardware, deviceCount: 1 + next(2) * (1 + next(3)), promptTokens: 100 + next(4000), outputTokens: 20 + next(1000) }
}

/** POST /estimate bodies without a load: batch estimates. */
export function batchEstimateBodies(count: number): EstimateRequest[] {
  return distinct(count, 11, (next) => ({ ...configuration(next), batchSize: 1 + next(32) }), (body) => answers(() => estimate(catalog, body)))
}

/** POST /estimate bodies with a load (concurrency or requestsPerSecond): serving estimates. */
export function servingEstimateBodies(count: number): EstimateRequest[] {
  return distinct(
    count,
    23,
    (next) => ({ ...configuration(next), ...(next(2) === 0 ? { concurrency: 1 + next(256) } : { requestsPerSecond: Math.round((0.1 + next(400) / 10) * 10) / 10 }) }),
    (body) => answers(() => estimate(catalog, body))
  )
}

/** POST /compare bodies of `candidates` candidates with a daily volume (replicas sized by the serving model). */
export function compareBodies(count: number, candidates: number): CompareRequest[] {
  return distinct(
    count,
    37 + candidates,
    (next) => {
      const offset = next(1000)
      return {
        workload: { promptTokens: 200 + next(3000), outputTokens: 50 + next(800), requestsPerDay: 10_000 + next(5_000_000) },
        candidates: Array.from({ length: candidates }, (_, index) => ({
          model: SELF_HOSTED_MODELS[(index + offset) % SELF_HOSTED_MODELS.length]!,
          hardware: DATA_CENTRE_DEVICES[(Math.floor(index / SELF_HOSTED_MODELS.length) + offset) % DATA_CENTRE_DEVICES.length]!
        }))
      }
    },
    (body) => answers(() => compare(catalog, body))
  )
}
