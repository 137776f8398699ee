// The service's version, read once from package.json; the health probe and the OpenAPI document report it.
import { readFileSync } from 'node:fs'

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

export const SERVICE_VERSION = packageJson.version
