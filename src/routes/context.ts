// Helpers route handlers share: pick the catalog version a request asks for.
import type { Catalog, CatalogSet } from '../catalog/index.js'
import { EstimateError } from '../estimator/errors.js'

/** The catalog of `version` (the default when absent); a 404 problem listing the versions otherwise. */
export function catalogFor(catalogs: CatalogSet, version: string | undefined, pointer = '/query/catalogVersion'): Catalog {
  const c = catalogs.get(version)
  if (c) return c
  const available = catalogs.versions.map((v) => v.version)
  throw new EstimateError(404, 'Unknown catalog version', `no catalog version "${version}"; available: ${available.join(', ')}`, [
    { pointer, detail: `unknown catalog version; available: ${available.join(', ')}`, suggestions: available }
  ])
}

/** Cache policy of catalog answers: they change only when the catalog does, which the ETag tracks. */
export const CATALOG_CACHE_CONTROL = 'public, max-age=300, must-revalidate'
