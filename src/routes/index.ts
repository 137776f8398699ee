// Registers every route explicitly, in a stable order (it is also the order of the OpenAPI document).
import type { FastifyInstance } from 'fastify'
import { conditionalGets } from '../plugins/if-none-match.js'
import type { CatalogSet } from '../catalog/index.js'
import catalogRoutes from './catalog.js'
import compareRoutes from './compare.js'
import estimateRoutes from './estimate.js'
import formulaRoutes from './formulas.js'
import hardwareRoutes from './hardware.js'
import healthRoutes from './health.js'
import modelRoutes from './models.js'
import problemRoutes from './problems.js'
import uiRoutes from './ui.js'

export async function registerRoutes(app: FastifyInstance, catalogs: CatalogSet) {
  await app.register(estimateRoutes, { catalogs })
  await app.register(compareRoutes, { catalogs })
  // Catalog answers change only with the catalog: strong ETags, 304 on a matching If-None-Match (a list, or *).
  await app.register(async (scope) => {
    await conditionalGets(scope)
    await scope.register(modelRoutes, { catalogs })
    await scope.register(hardwareRoutes, { catalogs })
    await scope.register(catalogRoutes, { catalogs })
    await scope.register(formulaRoutes)
  })
  await app.register(healthRoutes, { catalogs })
  await app.register(problemRoutes)
  await app.register(uiRoutes)
}
