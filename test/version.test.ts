import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SERVICE_VERSION } from '../src/version.js'

describe('service version', () => {
  it('is package.json\'s', () => {
    expect(SERVICE_VERSION).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version)
    expect(SERVICE_VERSION).toMatch(/^\d+\.\d+\.\d+/)
  })
})
