// The catalog's public face: loading the shipped versions, the types, lookups and filters. Re-exports only.
export { CatalogError, type Catalog, type CatalogSet } from './catalog.js'
export { DEFAULT_CATALOG_DIR, loadCatalogSet, type LoadOptions } from './load.js'
