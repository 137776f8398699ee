import { loadCatalogSet } from '../src/catalog/index.js'
import { estimate } from '../src/estimator/index.js'
const c = loadCatalogSet().get()!
for (const req of [
  { model: 'llama-2-7b', hardware: 'a100-80gb', promptTokens: 1000, outputTokens: 200 },
  { model: 'llama-2-70b', hardware: 'a100-80gb', promptTokens: 1000, outputTokens: 200 },
  { model: 'llama-2-70b', hardware: 'a100-80gb', promptTokens: 1000, outputTokens: 200, deviceCount: 2 },
  { model: 'gpt-4', promptTokens: 1000, outputTokens: 200 },
  { model: 'llama-2-7b', hardware: 'm2-ultra', precision: 'q4_0', promptTokens: 512, outputTokens: 128 },
]) {
  const e = estimate(c, req as never)
  console.log(JSON.stringify({ m: e.memory, l: e.latency, t: e.throughput, c: e.cost.perRequestUsd, w: e.warnings }))
}
