// The hourly price of renting one device at a price tier: on-demand is the catalog's typical price
// (priceUsdPerHour); spot and reserved come from the hardware's dated tier prices, reserved taking
// the shortest term published.
import type { RentalPrice } from '../../schemas/catalog.js'
import type { PricingTier } from '../../schemas/cost.js'
import type { ResolvedHardware } from '../scenario.js'

export interface HourlyRate {
  usdPerHour: number
  tier: RentalPrice['tier']
  provider: string | undefined
  asOf: string | undefined
}

const RESERVED_TERMS_SHORTEST_FIRST: Array<RentalPrice['tier']> = ['reserved-1y', 'reserved-3y']

/** The price of one device-hour at `tier`; undefined when the catalog has none for this hardware. */
export function rentalRate(hardware: Pick<ResolvedHardware, 'priceUsdPerHour' | 'priceProvider' | 'priceAsOf' | 'rentalPrices'>, tier: PricingTier): HourlyRate | undefined {
  if (tier === 'on-demand') {
    return hardware.priceUsdPerHour === undefined ? undefined : { usdPerHour: hardware.priceUsdPerHour, tier: 'on-demand', provider: hardware.priceProvider, asOf: hardware.priceAsOf }
  }
  const tiers = tier === 'spot' ? ['spot'] : RESERVED_TERMS_SHORTEST_FIRST
  for (const wanted of tiers) {
    const price = hardware.rentalPrices.find((entry) => entry.tier === wanted)
    if (price) return { usdPerHour: price.usdPerHour, tier: price.tier, provider: price.provider, asOf: price.asOf }
  }
  return undefined
}
