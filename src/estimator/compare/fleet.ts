// Monthly cost of a self-hosted fleet over a day of traffic: always on and sized for the peak (from
// what one replica costs a month), or following the demand hour by hour, replicas rounded up each hour
// (rented replicas, from what one costs an hour).
import { DAYS_PER_MONTH } from '../units.js'
import { autoscaledReplicasByHour, peakRequestsPerSecond, replicasFor, type DailyTraffic } from './traffic.js'

export interface FleetCost {
  replicas: number
  monthlyCostUsd: number
}

/** Replicas for the peak, all month. */
export function alwaysOnFleet(traffic: DailyTraffic, replicaRequestsPerSecond: number, replicaUsdPerMonth: number): FleetCost {
  const replicas = replicasFor(peakRequestsPerSecond(traffic), replicaRequestsPerSecond)
  return { replicas, monthlyCostUsd: replicas * replicaUsdPerMonth }
}

export interface AutoscaledFleetCost {
  replicaHoursPerDay: number
  peakReplicas: number
  troughReplicas: number
  monthlyCostUsd: number
}

/**
 * Replicas sized each hour for that hour's highest demand (autoscaledReplicasByHour): replica-hours of a
 * day × days in a month × hourly cost.
 */
export function autoscaledFleet(traffic: DailyTraffic, replicaRequestsPerSecond: number, replicaUsdPerHour: number): AutoscaledFleetCost {
  let replicaHoursPerDay = 0
  let peakReplicas = -Infinity
  let troughReplicas = Infinity
  for (const replicas of autoscaledReplicasByHour(traffic, replicaRequestsPerSecond)) {
    replicaHoursPerDay += replicas
    peakReplicas = Math.max(peakReplicas, replicas)
    troughReplicas = Math.min(troughReplicas, replicas)
  }
  return { replicaHoursPerDay, peakReplicas, troughReplicas, monthlyCostUsd: replicaHoursPerDay * DAYS_PER_MONTH * replicaUsdPerHour }
}
