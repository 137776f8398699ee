import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { FLAGS, flagFor, optionsFor, UsageError, valuesOf } from '../../src/cli/flags.js'

function parse(command: 'estimate' | 'compare', argv: string[]) {
  const program = new Command('test').exitOverride()
  for (const option of optionsFor(command)) program.addOption(option)
  program.parse(argv, { from: 'user' })
  return valuesOf(command, program.opts())
}

describe('the flag table', () => {
  it('each field has one flag, whatever the command', () => {
    const flagsByField = new Map<string, Set<string>>()
    for (const spec of FLAGS) flagsByField.set(spec.field, (flagsByField.get(spec.field) ?? new Set()).add(spec.flag))
    for (const [field, flags] of flagsByField) expect(flags.size, field).toBe(1)
  })

  it('names the flag of a request pointer', () => {
    expect(flagFor('/workload/promptTokens')).toBe('--prompt-tokens')
    expect(flagFor('/body/matrix/models/2')).toBe('--models')
    expect(flagFor('/query/catalogVersion')).toBe('--catalog-version')
    expect(flagFor('/body/electricityUsdPerKWh')).toBe('--electricity-usd-per-kwh')
    expect(flagFor('')).toBe('request')
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
