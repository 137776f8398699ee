// The shipped catalog: valid, complete, sourced; broken catalogs refused with a precise message;
// several versions side by side; operator overrides.
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CatalogError, DEFAULT_CATALOG_DIR, loadCatalogSet } from '../../src/catalog/index.js'
import { findHardware, findModel, suggest } from '../../src/catalog/lookup.js'

const catalog = loadCatalogSet().get()!
const VERSION = catalog.version
const catalogVersionsShipped = loadCatalogSet().versions.map((v) => v.version)

const REQUIRED_MODELS = ['llama-2-7b', 'llama-2-13b', 'llama-2-70b', 'llama-3.1-8b', 'llama-3.1-70b', 'llama-3.1-405b', 'mistral-7b', 'mixtral-8x7b', 'qwen2.5-7b', 'qwen2.5-72b', 'gemma-2-9b', 'phi-3-mini', 'deepseek-v3', 'gpt-4', 'gpt-4o', 'gpt-3.5-turbo', 'claude-3-sonnet', 'cohere-command']
const REQUIRED_HARDWARE = ['t4', 'a10g', 'l4', 'l40s', 'v100-32gb', 'a100-40gb', 'a100-80gb', 'h100-sxm', 'h100-pcie', 'h200', 'b200', 'mi300x', 'tpu-v4', 'rtx-3090', 'rtx-4090', 'rtx-5090', 'm2-ultra', 'm3-max', 'm4-max']
const REQUIRED_PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0']
const REQUIRED_ENGINES = ['vllm', 'tensorrt-llm', 'sglang', 'llama.cpp', 'transformers']

/** A writable copy of the shipped catalog to break on purpose. */
function copyCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-'))
  cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true })
  return dir
}
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'))
const writeJson = (p: string, v: unknown) => writeFileSync(p, JSON.stringify(v, null, 2))

describe('shipped catalog', () => {
  it('holds every required model, hardware, precision and engine id', () => {
    for (const id of REQUIRED_MODELS) expect(catalog.modelById.has(id), id).toBe(true)
    for (const id of REQUIRED_HARDWARE) expect(catalog.hardwareById.has(id), id).toBe(true)
    for (const id of REQUIRED_PRECISIONS) expect(catalog.precisionById.has(id), id).toBe(true)
    for (const id of REQUIRED_ENGINES) expect(catalog.engineById.has(id), id).toBe(true)
    expect(catalog.hardware.filter((h) => h.kind === 'cpu').length).toBeGreaterThanOrEqual(1)
  })
  it('records a public source on every entry', () => {
    for (const e of [...catalog.models, ...catalog.hardware, ...catalog.precisions, ...catalog.engines]) {
      expect(e.sources.length, e.id).toBeGreaterThan(0)
      for (const s of e.sources) expect(s.url.length, e.id).toBeGreaterThan(5)
    }
  })
  it('has the published architecture figures', () => {
    const l2 = catalog.modelById.get('llama-2-7b')!.architecture!
    expect([l2.layers, l2.hiddenSize, l2.attentionHeads, l2.kvHeads, l2.vocabSize]).toEqual([32, 4096, 32, 32, 32000])
    const l3 = catalog.modelById.get('llama-3.1-8b')!.architecture!
    expect([l3.kvHeads, l3.intermediateSize]).toEqual([8, 14336])
    const h100 = catalog.hardwareById.get('h100-sxm')!
    expect([h100.memoryGB, h100.bandwidthGBps]).toEqual([80, 3350])
  })
  it('keeps rumoured architectures flagged and prices dated', () => {
    const gpt4 = catalog.modelById.get('gpt-4')!
    expect(gpt4.estimated).toBe(true)
    expect(gpt4.parametersB).toBe(1800)
    for (const m of catalog.models.filter((x) => !x.openWeights)) expect(m.api, m.id).toBeDefined()
    for (const h of catalog.hardware.filter((x) => x.priceUsdPerHour !== undefined && x.id !== 'rtx-3090')) expect(h.priceAsOf, h.id).toMatch(/^\d{4}-\d{2}/)
  })
  it('has plausible ranges (no unit slips)', () => {
    for (const h of catalog.hardware) {
      expect(h.bandwidthGBps, h.id).toBeGreaterThan(10)
      expect(h.bandwidthGBps, h.id).toBeLessThan(20_000)
      expect(h.memoryGB, h.id).toBeLessThan(2_000)
      for (const v of Object.values(h.tflops)) expect(v, h.id).toBeLessThan(20_000)
    }
    for (const m of catalog.models) if (m.parametersB) expect(m.parametersB, m.id).toBeLessThan(5000)
  })
  it('resolves the seed shorthands case-insensitively', () => {
    expect(findModel(catalog, '7B')!.id).toBe('llama-2-7b')
    expect(findModel(catalog, '13b')!.id).toBe('llama-2-13b')
    expect(findModel(catalog, 'GPT-4')!.id).toBe('gpt-4')
    expect(findHardware(catalog, 'GPU')!.kind).toBe('gpu')
    expect(findHardware(catalog, 'cpu')!.kind).toBe('cpu')
  })
  it('suggests close ids', () => {
    expect(suggest('llama-2-7', [...catalog.modelById.keys()])).toContain('llama-2-7b')
    expect(suggest('h100', [...catalog.hardwareById.keys()])).toEqual(expect.arrayContaining(['h100-sxm', 'h100-pcie']))
    expect(suggest('zzzzzzzz', [...catalog.modelById.keys()])).toEqual([])
  })
  it('is frozen', () => {
    expect(Object.isFrozen(catalog.models[0])).toBe(true)
  })
})

describe('broken catalogs are refused', () => {
  it('names the file, the entry and the field', () => {
    const dir = copyCatalog()
    const p = join(dir, VERSION, 'models.json')
    const models = readJson(p)
    models.find((m: { id: string }) => m.id === 'llama-2-7b').architecture.kvHeads = 'thirty-two'
    writeJson(p, models)
    expect(() => loadCatalogSet({ dir })).toThrow(CatalogError)
    try {
      loadCatalogSet({ dir })
    } catch (err) {
      const msg = (err as Error).message
      expect(msg).toContain(`${VERSION}/models.json`)
      expect(msg).toContain('entry "llama-2-7b"')
      expect(msg).toContain('/architecture/kvHeads')
    }
  })
  it('catches relations JSON Schema cannot (kvHeads must divide attentionHeads)', () => {
    const dir = copyCatalog()
    const p = join(dir, VERSION, 'models.json')
    const models = readJson(p)
    models.find((m: { id: string }) => m.id === 'mistral-7b').architecture.kvHeads = 5
    writeJson(p, models)
    expect(() => loadCatalogSet({ dir })).toThrow(/entry "mistral-7b": field \/architecture\/kvHeads: 5 does not divide/)
  })
  it('rejects unknown fields, duplicate ids, missing sources, bad JSON and dangling aliases', () => {
    const dir = copyCatalog()
    const hw = readJson(join(dir, VERSION, 'hardware.json'))
    hw[0].bandwidthGbps = 1
    hw.push({ ...hw[1] })
    delete hw[2].sources
    writeJson(join(dir, VERSION, 'hardware.json'), hw)
    writeFileSync(join(dir, VERSION, 'precisions.json'), '[{')
    let msg = ''
    try {
      loadCatalogSet({ dir })
    } catch (err) {
      msg = (err as Error).message
    }
    expect(msg).toContain('/bandwidthGbps: not allowed (unknown field)')
    expect(msg).toContain('duplicate id')
    expect(msg).toMatch(/entry "l4" \(index 2\): field \/: must have required properties? sources|field \/sources/)
    expect(msg).toContain('precisions.json: not valid JSON')
  })
  it('rejects an alias that points nowhere', () => {
    const dir = copyCatalog()
    const aliases = readJson(join(dir, VERSION, 'aliases.json'))
    aliases.models.oops = 'no-such-model'
    writeJson(join(dir, VERSION, 'aliases.json'), aliases)
    expect(() => loadCatalogSet({ dir })).toThrow(/aliases.json: field \/models\/oops: unknown model "no-such-model"/)
  })
})

describe('versions and overrides', () => {
  it('loads several versions side by side; the newest is the default', () => {
    const dir = copyCatalog()
    cpSync(join(dir, VERSION), join(dir, '2026.10.0'), { recursive: true })
    const manifest = readJson(join(dir, '2026.10.0', 'manifest.json'))
    writeJson(join(dir, '2026.10.0', 'manifest.json'), { ...manifest, version: '2026.10.0', releasedAt: '2026-10-01' })
    const set = loadCatalogSet({ dir })
    expect(set.versions.map((v) => v.version)).toEqual([...catalogVersionsShipped, '2026.10.0'])
    expect(set.defaultVersion).toBe(VERSION)
    expect(set.get('2026.10.0')!.version).toBe('2026.10.0')
    expect(set.get('1.0.0')).toBeUndefined()
  })
  it('refuses a folder whose manifest names another version', () => {
    const dir = copyCatalog()
    cpSync(join(dir, VERSION), join(dir, '2030.1.0'), { recursive: true })
    expect(() => loadCatalogSet({ dir })).toThrow(/does not match its folder "2030.1.0"/)
  })
  it('applies an override directory without rebuilding, and says what it changed', () => {
    const over = mkdtempSync(join(tmpdir(), 'override-'))
    const h100 = { ...catalog.hardwareById.get('h100-sxm')!, priceUsdPerHour: 2.0, priceAsOf: '2026-11-01', priceProvider: 'our negotiated rate' }
    const custom = { ...catalog.hardwareById.get('l4')!, id: 'our-l4-box', name: 'Our L4 box' }
    writeJson(join(over, 'hardware.json'), [h100, custom])
    writeJson(join(over, 'aliases.json'), { models: {}, hardware: { ours: 'our-l4-box' } })
    const set = loadCatalogSet({ overrideDir: over })
    const c = set.get()!
    expect(c.hardwareById.get('h100-sxm')!.priceUsdPerHour).toBe(2.0)
    expect(findHardware(c, 'ours')!.id).toBe('our-l4-box')
    expect(c.overridden).toEqual(['h100-sxm', 'our-l4-box'])
    expect(c.sha256).not.toBe(catalog.sha256)
  })
  it('refuses an invalid override file, naming it', () => {
    const over = mkdtempSync(join(tmpdir(), 'override-'))
    mkdirSync(join(over, 'x'))
    writeJson(join(over, 'models.json'), [{ id: 'Bad Id' }])
    expect(() => loadCatalogSet({ overrideDir: over })).toThrow(/override-.*models.json: entry at index 0|models.json: entry "Bad Id"/)
  })
})
