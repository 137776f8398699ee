import { describe, expect, it } from 'vitest'
import { catalogFor } from '../../src/estimator/catalog-version.js'
import { EstimateError } from '../../src/estimator/errors.js'
import { shippedCatalogs } from '../helpers/app.js'

describe('catalogFor', () => {
  it('the named version, or the newest', () => {
    const catalogs = shippedCatalogs()
    expect(catalogFor(catalogs, undefined).version).toBe(catalogs.defaultVersion)
    const oldest = catalogs.versions.at(-1)!.version
    expect(catalogFor(catalogs, oldest).version).toBe(oldest)
  })

  it('an unknown version is a 404 at the given pointer, listing the versions', () => {
    try {
      catalogFor(shippedCatalogs(), '1999.1.0', '/body/catalogVersion')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(EstimateError)
      const problem = err as EstimateError
      expect(problem.status).toBe(404)
      expect(problem.errors[0]!.pointer).toBe('/body/catalogVersion')
      expect(problem.errors[0]!.suggestions).toEqual(shippedCatalogs().versions.map((catalog) => catalog.version))
    }
  })
})
