// A day's traffic as a sinusoid around its average: demand(t) = average × (1 + swing × sin(2π t / 24 h)),
// swing = peakToAverage − 1, so the peak is peakToAverage × average and the trough (2 − peakToAverage) ×
// average (peakToAverage runs from 1, flat, to 2, a trough of zero). From it: the fleet an always-on
// deployment needs (sized for the peak), the replica-hours of a fleet that follows the demand hour by
// hour, and the share of the day's requests above a fixed capacity (what overflows to an API).

export const HOURS_PER_DAY = 24

export interface DailyTraffic {
  averageRequestsPerSecond: number
  peakToAverage: number
  /** Hours a day the traffic arrives in, when fewer than 24 (owned devices that run only so long); the shape spans them. */
  serviceHoursPerDay?: number
}

/** The day's requests arriving within `hours` hours instead of 24: the same shape, every rate × 24 / hours. */
export function withinHours(traffic: DailyTraffic, hours: number): DailyTraffic {
  if (!(hours < HOURS_PER_DAY)) return traffic
  return { averageRequestsPerSecond: (traffic.averageRequestsPerSecond * HOURS_PER_DAY) / hours, peakToAverage: traffic.peakToAverage, serviceHoursPerDay: hours }
}

const swingOf = (traffic: DailyTraffic) => traffic.peakToAverage - 1

export const peakRequestsPerSecond = (traffic: DailyTraffic) => traffic.averageRequestsPerSecond * traffic.peakToAverage

/** Demand at `hours` after the day's mean-rising point, requests/s. */
export const demandAt = (traffic: DailyTraffic, hours: number) => traffic.averageRequestsPerSecond * (1 + swingOf(traffic) * Math.sin((2 * Math.PI * hours) / HOURS_PER_DAY))

/** Replicas to carry `requestsPerSecond` when one carries `replicaRequestsPerSecond`: rounded up, at least one. */
export const replicasFor = (requestsPerSecond: number, replicaRequestsPerSecond: number) => Math.max(1, Math.ceil(requestsPerSecond / replicaRequestsPerSecond - 1e-9))

/** The highest demand within hour `hour` (0-23) of the day, requests/s: the sinusoid's value at the hour's ends, or its crest inside. */
export function hourlyPeak(traffic: DailyTraffic, hour: number): number {
  const crestHour = HOURS_PER_DAY / 4 // sin peaks a quarter of the way through the day
  if (hour <= crestHour && crestHour <= hour + 1) return peakRequestsPerSecond(traffic)
  return Math.max(demandAt(traffic, hour), demandAt(traffic, hour + 1))
}

// Every row of a /compare call sizes its fleet for the same day: its hourly peaks are worked out once
// per traffic object (48 sines; building them for each of 500 rows was ~5 us a row).
const hourlyPeaksByTraffic = new WeakMap<DailyTraffic, readonly number[]>()

/** The highest demand of each hour of the day (hourlyPeak for hours 0-23), requests/s. */
export function hourlyPeaks(traffic: DailyTraffic): readonly number[] {
  let peaks = hourlyPeaksByTraffic.get(traffic)
  if (peaks === undefined) {
    peaks = Array.from({ length: HOURS_PER_DAY }, (_, hour) => hourlyPeak(traffic, hour))
    hourlyPeaksByTraffic.set(traffic, peaks)
  }
  return peaks
}

/** Replicas in each hour of a fleet that follows the demand: each hour sized for that hour's highest demand, at least one. */
export function autoscaledReplicasByHour(traffic: DailyTraffic, replicaRequestsPerSecond: number): number[] {
  return hourlyPeaks(traffic).map((peak) => replicasFor(peak, replicaRequestsPerSecond))
}

/**
 * Share of the day's requests above a fixed capacity of `capacityRequestsPerSecond` (0-1): the mean of
 * max(0, demand − capacity) over the day divided by the mean demand. For a sinusoid of mean A and swing a,
 * with s = (capacity / A − 1) / a clipped to [−1, 1]: mean overflow = A × a × (√(1 − s²) − s × arccos(s)) / π.
 */
export function overflowShare(traffic: DailyTraffic, capacityRequestsPerSecond: number): number {
  const average = traffic.averageRequestsPerSecond
  if (average <= 0) return 0
  const swing = swingOf(traffic)
  if (swing <= 0) return Math.max(0, average - capacityRequestsPerSecond) / average
  const level = (capacityRequestsPerSecond / average - 1) / swing
  if (level >= 1) return 0
  if (level <= -1) return (average - capacityRequestsPerSecond) / average
  const meanOverflowOverSwing = (Math.sqrt(1 - level * level) - level * Math.acos(level)) / Math.PI
  return Math.min(1, Math.max(0, swing * meanOverflowOverSwing))
}
