// The catalog schemas, one describe per entry-kind file under src/schemas/catalog/: each accepts the
// shipped catalog's entries and refuses an entry with a field out of its bounds or an unknown field.
import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { loadCatalogSet } from '../../src/catalog/index.js'
import { ComputeDtype, Id, IsoDate, Source } from '../../src/schemas/catalog/common.js'
import { Engine } from '../../src/schemas/catalog/engine.js'
import { Aliases, CatalogFiles, Manifest } from '../../src/schemas/catalog/files.js'
import { Hardware } from '../../src/schemas/catalog/hardware.js'
import { Model } from '../../src/schemas/catalog/model.js'
import { Precision } from '../../src/schemas/catalog/precision.js'
import * as reexported from '../../src/schemas/catalog.js'

const catalog = loadCatalogSet().get()!

describe('catalog/common.ts', () => {
  it('ids are lower-case, dates YYYY-MM(-DD), sources need a url', () => {
    expect(Value.Check(Id, 'llama-3.1-8b')).toBe(true)
    expect(Value.Check(Id, 'Llama')).toBe(false)
    expect(Value.Check(IsoDate, '2026-11')).toBe(true)
    expect(Value.Check(IsoDate, '11/2026')).toBe(false)
    expect(Value.Check(Source, { url: 'https://example.org' })).toBe(true)
    expect(Value.Check(Source, { note: 'no url' })).toBe(false)
    expect(Value.Check(ComputeDtype, 'fp8')).toBe(true)
    expect(Value.Check(ComputeDtype, 'fp6')).toBe(false)
  })
})

describe('catalog/model.ts', () => {
  it('accepts every shipped model; refuses zero layers and unknown fields', () => {
    for (const model of catalog.models) expect(Value.Check(Model, model), model.id).toBe(true)
    const open = catalog.models.find((model) => model.architecture)!
    expect(Value.Check(Model, { ...open, architecture: { ...open.architecture, layers: 0 } })).toBe(false)
    expect(Value.Check(Model, { ...open, colour: 'red' })).toBe(false)
  })
})

describe('catalog/hardware.ts', () => {
  it('accepts every shipped device; refuses zero memory', () => {
    for (const device of catalog.hardware) expect(Value.Check(Hardware, device), device.id).toBe(true)
    expect(Value.Check(Hardware, { ...catalog.hardware[0], memoryGB: 0 })).toBe(false)
  })
})

describe('catalog/precision.ts', () => {
  it('accepts every shipped precision; refuses more than 32 bits per weight', () => {
    for (const precision of catalog.precisions) expect(Value.Check(Precision, precision), precision.id).toBe(true)
    expect(Value.Check(Precision, { ...catalog.precisions[0], bitsPerWeight: 33 })).toBe(false)
  })
})

describe('catalog/engine.ts', () => {
  it('accepts every shipped engine; refuses a bandwidth efficiency above 1', () => {
    for (const engine of catalog.engines) expect(Value.Check(Engine, engine), engine.id).toBe(true)
    const engine = catalog.engines[0]!
    expect(Value.Check(Engine, { ...engine, efficiency: { ...engine.efficiency, decodeBandwidthEfficiency: 1.5 } })).toBe(false)
  })
})

describe('catalog/files.ts', () => {
  it('names the schema of each file of a catalog version', () => {
    expect(Object.keys(CatalogFiles).sort()).toEqual(['aliases.json', 'engines.json', 'hardware.json', 'manifest.json', 'models.json', 'precisions.json'])
    expect(Value.Check(Manifest, { version: '2026.12.0', releasedAt: '2026-12-01' })).toBe(true)
    expect(Value.Check(Manifest, { version: '2026.12', releasedAt: '2026-12-01' })).toBe(false)
    expect(Value.Check(Aliases, { models: { '7b': 'llama-2-7b' }, hardware: {} })).toBe(true)
  })
  it('src/schemas/catalog.ts re-exports every kind', () => {
    expect(reexported.Model).toBe(Model)
    expect(reexported.Engine).toBe(Engine)
    expect(reexported.CatalogFiles).toBe(CatalogFiles)
  })
})
