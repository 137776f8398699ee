import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { FLAGS, flagFor, inFlagTerms, optionsFor, UsageError, valuesOf } from '../../src/cli/flags.js'

function parse(command: 'estimate' | 'compare', argv: string[]) {
  const program = new Command('test').exitOverride().configureOutput({ writeErr: () => undefined })
  for (const option of optionsFor(command)) program.addOption(option)
  program.parse(argv, { from: 'user' })
  return valuesOf(command, program.opts())
}

describe('the flag table', () => {
  it('each field has one flag within a command, and one flag across commands except requestsPerSecond', () => {
    const flagsByField = new Map<string, Set<string>>()
    for (const spec of FLAGS) flagsByField.set(spec.field, (flagsByField.get(spec.field) ?? new Set()).add(spec.flag))
    for (const [field, flags] of flagsByField) expect(flags.size, field).toBe(field === 'requestsPerSecond' ? 2 : 1)
    for (const command of ['estimate', 'compare', 'models', 'hardware'] as const) {
      const fields = FLAGS.filter((spec) => spec.commands.includes(command)).map((spec) => spec.field)
      expect(new Set(fields).size, command).toBe(fields.length)
    }
  })

  it('requestsPerSecond is an arrival rate at one deployment for estimate and the fleet\'s volume for compare', () => {
    expect(flagFor('/body/requestsPerSecond', 'estimate')).toBe('--arrival-rate')
    expect(flagFor('/body/workload/requestsPerSecond', 'compare')).toBe('--requests-per-second')
    expect(parse('estimate', ['--arrival-rate', '2.5', '--concurrency', '8'])).toMatchObject({ requestsPerSecond: 2.5, concurrency: 8 })
    expect(parse('compare', ['--requests-per-second', '40'])).toMatchObject({ requestsPerSecond: 40 })
    expect(() => parse('compare', ['--arrival-rate', '1'])).toThrow(/unknown option/)
  })

  it('reads the serving flags into request fields', () => {
    const values = parse('estimate', ['--max-running-sequences', '64', '--max-batched-tokens', '4096', '--memory-fraction', '0.8', '--latency-percentile', 'p99', '--max-ttft-ms', '500'])
    expect(values).toMatchObject({ maxRunningSequences: 64, maxBatchedTokens: 4096, memoryFraction: 0.8, latencyPercentile: 'p99', maxTtftMs: 500 })
    expect(flagFor('/body/maxBatchedTokens', 'estimate')).toBe('--max-batched-tokens')
  })

  it('names the flag of a request pointer', () => {
    expect(flagFor('/workload/promptTokens')).toBe('--prompt-tokens')
    expect(flagFor('/body/matrix/models/2')).toBe('--models')
    expect(flagFor('/query/catalogVersion')).toBe('--catalog-version')
    expect(flagFor('/body/electricityUsdPerKWh')).toBe('--electricity-usd-per-kwh')
    expect(flagFor('')).toBe('request')
  })

  it('says the request\'s field names and body paths in a problem as flags, but not inside other paths, ids or quotes', () => {
    expect(inFlagTerms('give either concurrency or requestsPerSecond, not both', 'estimate')).toBe('give either --concurrency or --arrival-rate, not both')
    expect(inFlagTerms('the model and the hardware', 'estimate')).toBe('the model and the hardware')
    expect(inFlagTerms('give one of requestsPerDay or requestsPerSecond', 'compare')).toBe('give one of --requests-per-day or --requests-per-second')
    // A compare body path names the flag that sets it (the API's hybridWith problem said workload.requestsPerDay).
    expect(inFlagTerms('give workload.requestsPerDay or workload.requestsPerSecond too', 'compare')).toBe('give --requests-per-day or --requests-per-second too')
    expect(inFlagTerms('see workload.notAFlag')).toBe('see workload.notAFlag')
    expect(inFlagTerms('unknown model "batchSize" in catalog 2026.12.0')).toBe('unknown model "batchSize" in catalog 2026.12.0')
    expect(inFlagTerms('see /body/batchSize and llama-batchSize')).toBe('see /body/batchSize and llama-batchSize')
    expect(inFlagTerms('a camelCase word that is noField stays')).toBe('a camelCase word that is noField stays')
  })

  it('reads each flag, or its seed spelling, into the request field', () => {
    expect(parse('estimate', ['--model_size', '7B', '--electricity-usd-per-kwh', '0.3', '--batch_size', '4'])).toMatchObject({ model: '7B', electricityUsdPerKWh: 0.3, batchSize: 4 })
    expect(parse('estimate', ['--model', 'a', '--model_size', 'b']).model).toBe('a')
    expect(parse('compare', ['--models', '7b, 13b', '--device-counts', '1,2'])).toMatchObject({ models: ['7b', '13b'], deviceCounts: [1, 2], sortBy: 'cost' })
  })

  it('refuses a number flag that is not a number', () => {
    expect(() => parse('estimate', ['--prompt-tokens', 'abc'])).toThrow(UsageError)
  })
})
