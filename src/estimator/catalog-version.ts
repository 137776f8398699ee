// Which catalog a request is answered from: the version it names, or the newest. The first step of
// resolving any request, shared by the routes and the CLI.
import type { Catalog, CatalogSet } from '../catalog/index.js'
import { EstimateError } from './errors.js'

/** The catalog of `version` (the default when absent); a 404 problem at `pointer` listing the versions otherwise. */
export function catalogFor(catalogs: CatalogSet, version: string | undefined, pointer = '/query/catalogVersion'): Catalog {
  const catalog = catalogs.get(version)
  if (catalog) return catalog
  const available = catalogs.versions.map((known) => known.version)
  throw new EstimateError(404, 'Unknown catalog version', `no catalog version "${version}"; available: ${available.join(', ')}`, [
    { pointer, detail: `unknown catalog version; available: ${available.join(', ')}`, suggestions: available }
  ])
}
