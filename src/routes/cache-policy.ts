// Cache policy of catalog answers: they change only when the catalog does, which the ETag tracks.
export const CATALOG_CACHE_CONTROL = 'public, max-age=300, must-revalidate'
