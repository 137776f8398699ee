import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadCatalogSet, type CatalogSet } from '../../src/catalog/index.js'
import { loadConfig } from '../../src/config.js'

let shipped: CatalogSet | undefined
/** The shipped catalog, loaded once per test file. */
export const shippedCatalogs = () => (shipped ??= loadCatalogSet())
export const defaultCatalog = () => shippedCatalogs().get()!

/** An app with logging off and the shipped catalog (or the given one), ready to inject. */
export async function buildTestApp(env: Record<string, string> = {}, catalogs?: CatalogSet): Promise<FastifyInstance> {
  const app = await buildApp(loadConfig(env), { catalogs: catalogs ?? shippedCatalogs(), logger: false })
  await app.ready()
  return app
}
