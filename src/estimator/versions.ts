// Which catalog and which code made an answer. Every answer that names its catalog version names
// the service's version beside it (estimatorVersion: the package version; CHANGELOG.md says what
// each version changed in the answers' shape).
import type { Catalog } from '../catalog/index.js'
import { SERVICE_VERSION } from '../version.js'

export function answerVersions(catalog: Pick<Catalog, 'version'>) {
  return { catalogVersion: catalog.version, estimatorVersion: SERVICE_VERSION }
}
