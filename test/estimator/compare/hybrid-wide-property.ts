// The hybrid plan over any rates and prices from 0 to 1e300 (fast-check), for hybrid.test.ts to
// run in a child process with a time limit: a search that never closes there fails the test instead
// of hanging the test worker. Not a test file itself (vitest collects *.test.ts only).
import fc from 'fast-check'
import { hybridPlan } from '../../../src/estimator/compare/hybrid.js'
import { peakRequestsPerSecond, replicasFor } from '../../../src/estimator/compare/traffic.js'

// Zero, or any double from 1e-300 to 1e300 (subnormal rates make no sense of the sums).
const anyRate = fc.oneof(fc.constant(0), fc.double({ min: 1e-300, max: 1e300, noNaN: true }))

/** Runs the property; throws fast-check's report (seed and counterexample) when it fails. */
export function hybridPlanOverAnyInputs(seed: number, numRuns: number): { runs: number } {
  fc.assert(
    fc.property(anyRate, fc.double({ min: 1, max: 2, noNaN: true }), anyRate, anyRate, anyRate, (average, peakToAverage, replicaRequestsPerSecond, replicaUsdPerMonth, apiUsdPerRequest) => {
      const traffic = { averageRequestsPerSecond: average, peakToAverage }
      const plan = hybridPlan({ traffic, replicaRequestsPerSecond, replicaUsdPerMonth, apiUsdPerRequest })
      const peakReplicas = replicasFor(peakRequestsPerSecond(traffic), replicaRequestsPerSecond)
      // A whole count from none to the peak's fleet (0 when that fleet is past counting).
      if (!(plan.replicas === 0 || (Number.isInteger(plan.replicas) && plan.replicas <= peakReplicas))) throw new Error(`replicas ${plan.replicas} outside 0..${peakReplicas}`)
      const pureCosts = [plan.allApiMonthlyCostUsd, plan.allSelfHostedMonthlyCostUsd]
      // Where both pure plans cost a number, never dearer than the cheaper of them, to the rounding of
      // the costs involved: a fleet sized for the peak can fall short of it by a rounding (its capacity
      // is replicas × a replica's rate), leaving a share of 1e-24 or so to overflow to the API.
      const rounding = 1e-12 * Math.max(...pureCosts)
      if (pureCosts.every(Number.isFinite) && plan.monthlyCostUsd > Math.min(...pureCosts) + rounding) {
        throw new Error(`plan ${plan.monthlyCostUsd} dearer than the cheaper pure plan ${Math.min(...pureCosts)}`)
      }
    }),
    { seed, numRuns }
  )
  return { runs: numRuns }
}
