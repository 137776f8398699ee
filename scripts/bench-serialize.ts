// Serialization of the two big answer shapes, with no HTTP around it: fast-json-stringify compiled
// from the response schema (what Fastify does by default) against JSON.stringify, each followed by
// the UTF-8 encoding the socket needs. Interleaved rounds of process CPU time on real answers of
// the bench's varied bodies; src/app.ts picks the serializer per shape from these figures.
import { Buffer } from 'node:buffer'
import fastJsonStringify from 'fast-json-stringify'
import { loadCatalogSet } from '../src/catalog/index.js'
import { compare, estimate, withDetail } from '../src/estimator/index.js'
import { CompareResponse } from '../src/schemas/compare.js'
import { EstimateResponse } from '../src/schemas/estimate-answer.js'
import { batchEstimateBodies, compareBodies, servingEstimateBodies } from './bench-bodies.js'
import { spread } from './bench-stats.js'

const catalog = loadCatalogSet().get()!

/** The answer POST /estimate writes by default (no ?include=). */
const defaultEstimateAnswer = (body: Parameters<typeof estimate>[1]) => withDetail(catalog, estimate(catalog, body), { sources: false, formulas: false })

function cpuMicrosOf(work: () => void): number {
  const start = process.cpuUsage()
  work()
  const used = process.cpuUsage(start)
  return used.user + used.system
}

interface Shape {
  name: string
  answers: unknown[]
  schema: object
  /** Serializations per round and answer, so a round takes a few hundred milliseconds. */
  repeats: number
}

export function benchSerialization(rounds: number): string[] {
  const shapes: Shape[] = [
    { name: '/estimate (batch)', answers: batchEstimateBodies(64).map(defaultEstimateAnswer), schema: EstimateResponse, repeats: 15 },
    { name: '/estimate (serving)', answers: servingEstimateBodies(64).map(defaultEstimateAnswer), schema: EstimateResponse, repeats: 15 },
    { name: '/compare, 10 candidates', answers: compareBodies(8, 10).map((body) => compare(catalog, body)), schema: CompareResponse, repeats: 10 },
    { name: '/compare, 500 candidates', answers: compareBodies(2, 500).map((body) => compare(catalog, body)), schema: CompareResponse, repeats: 1 }
  ]
  const lines = ['| answer shape | bytes (mean) | fast-json-stringify + encode, µs | JSON.stringify + encode, µs | fast-json-stringify ÷ JSON.stringify |', '|---|---|---|---|---|']
  for (const shape of shapes) {
    const compiled = fastJsonStringify(shape.schema as Parameters<typeof fastJsonStringify>[0])
    const serializers = { fjs: compiled as (value: unknown) => string, json: (value: unknown) => JSON.stringify(value) }
    const run = (serialize: (value: unknown) => string) => {
      let bytes = 0
      for (let repeat = 0; repeat < shape.repeats; repeat++) for (const answer of shape.answers) bytes += Buffer.byteLength(serialize(answer))
      return bytes
    }
    // Warm-up, so both run optimised code.
    run(serializers.fjs)
    run(serializers.json)
    const perAnswer = { fjs: [] as number[], json: [] as number[], ratio: [] as number[] }
    const calls = shape.repeats * shape.answers.length
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['fjs', 'json'] as const) : (['json', 'fjs'] as const)
      const micros: Record<string, number> = {}
      for (const which of order) micros[which] = cpuMicrosOf(() => run(serializers[which])) / calls
      perAnswer.fjs.push(micros.fjs!)
      perAnswer.json.push(micros.json!)
      perAnswer.ratio.push(micros.fjs! / micros.json!)
    }
    const meanBytes = Math.round(shape.answers.reduce<number>((sum, answer) => sum + Buffer.byteLength(JSON.stringify(answer)), 0) / shape.answers.length)
    lines.push(`| ${shape.name} | ${meanBytes} | ${spread(perAnswer.fjs, 1)} | ${spread(perAnswer.json, 1)} | ${spread(perAnswer.ratio, 2)}× |`)
  }
  return lines
}
