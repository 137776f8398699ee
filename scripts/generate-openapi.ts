// Writes openapi/openapi.json from the route schemas (npm run openapi). The document depends only
// on code and the fixed default configuration, never on the environment it is generated in.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.js'
import { loadCatalogSet } from '../src/catalog/index.js'
import { loadConfig } from '../src/config.js'

export async function generateOpenApi(): Promise<object> {
  const app = await buildApp(loadConfig({}), { catalogs: loadCatalogSet(), logger: false })
  await app.ready()
  const doc = app.swagger() as object
  await app.close()
  return doc
}

export const OPENAPI_PATH = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url))

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const doc = await generateOpenApi()
  writeFileSync(OPENAPI_PATH, `${JSON.stringify(doc, null, 2)}\n`)
  console.log(`wrote ${OPENAPI_PATH}`)
}
