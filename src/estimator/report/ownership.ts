// What one owned device (local or edge) costs per hour it runs: its purchase price spread over the
// hours it runs in its amortisation period, a yearly upkeep share spread over the hours it runs in a
// year, the energy it draws at rated power, and the cooling and power delivery on top (PUE − 1).
import type { OwnershipTerms } from '../scenario.js'

const DAYS_PER_YEAR = 365

export interface OwnedDeviceHourCost {
  hardwareAmortizationUsd: number | null
  maintenanceUsd: number | null
  energyKWh: number | null
  energyUsd: number | null
  coolingUsd: number | null
  /** The known parts added up; null when none is known. */
  totalUsd: number | null
}

/** Hours one device runs in a year: 365 × hoursPerDay. */
export const runningHoursPerYear = (terms: Pick<OwnershipTerms, 'hoursPerDay'>) => DAYS_PER_YEAR * terms.hoursPerDay

/** Sum of the parts that are known; null when none is. */
export function sumKnown(parts: Array<number | null>): number | null {
  const known = parts.filter((part): part is number => part !== null)
  return known.length === 0 ? null : known.reduce((total, part) => total + part, 0)
}

/**
 * Cost of one running hour of one owned device:
 * amortisation = price / (years × 365 × hoursPerDay); upkeep = share × price / (365 × hoursPerDay);
 * energy = rated watts / 1000 × electricity price; cooling = energy × (PUE − 1).
 */
export function ownedDeviceHourCost(terms: OwnershipTerms, tdpW: number | undefined, electricityUsdPerKWh: number): OwnedDeviceHourCost {
  const price = terms.purchasePriceUsd
  const hoursPerYear = runningHoursPerYear(terms)
  const hardwareAmortizationUsd = price === undefined ? null : price / (terms.amortizationYears * hoursPerYear)
  const maintenanceUsd = price === undefined ? null : (terms.maintenanceShareOfHardwarePerYear * price) / hoursPerYear
  const energyKWh = tdpW === undefined ? null : tdpW / 1000
  const energyUsd = energyKWh === null ? null : energyKWh * electricityUsdPerKWh
  const coolingUsd = energyUsd === null ? null : energyUsd * (terms.pue - 1)
  return { hardwareAmortizationUsd, maintenanceUsd, energyKWh, energyUsd, coolingUsd, totalUsd: sumKnown([hardwareAmortizationUsd, maintenanceUsd, energyUsd, coolingUsd]) }
}
