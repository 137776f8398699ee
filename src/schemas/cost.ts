// What a request costs: the request fields that describe owning devices (amortisation, power
// overhead, upkeep, running hours) or renting them (price tier), and the `cost` object of the
// answer with its parts and its basis. Units are in the field names.
import Type, { type Static } from 'typebox'
import { named, Nullable, StringEnum, Usd } from './primitives.js'

export const COST_LIMITS = {
  // Floors: a device written off in under about five weeks, or run for under six minutes a day, is no
  // ownership plan; below them the figures leave finite arithmetic (hoursPerDay 1e-12 planned 3e13
  // replicas, 1e-300 a 422 that named no field).
  minAmortizationYears: 0.1,
  minHoursPerDay: 0.1,
  maxAmortizationYears: 20,
  maxPue: 3,
  maxPurchasePriceUsd: 10_000_000
} as const

export const PricingTier = named('PricingTier', StringEnum(['on-demand', 'spot', 'reserved'], {
  description:
    'Cloud price tier: on-demand (the catalog\'s typical hourly price), spot (interruptible spare capacity) or reserved (a committed term: the shortest term published, 1 year before 3). Spot and reserved use the catalog\'s dated price for that tier, which may come from another provider than the on-demand price.'
}))
export type PricingTier = Static<typeof PricingTier>

/** Terms of owning (local, edge) or renting (cloud) the devices; each has a default the answer states. */
export const CostTermsFields = {
  pricing: Type.Optional(PricingTier),
  purchasePriceUsd: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: COST_LIMITS.maxPurchasePriceUsd,
      description: 'Price paid for one device, USD (local and edge deployments). Default: the catalog\'s purchase price of the hardware.'
    })
  ),
  amortizationYears: Type.Optional(
    Type.Number({
      minimum: COST_LIMITS.minAmortizationYears,
      maximum: COST_LIMITS.maxAmortizationYears,
      description: 'Years over which an owned device\'s purchase price is spread (straight line, no resale value), years. Default 3.'
    })
  ),
  pue: Type.Optional(
    Type.Number({
      minimum: 1,
      maximum: COST_LIMITS.maxPue,
      description: 'Power usage effectiveness of the room an owned device runs in: facility power / device power; the part above 1 is cooling and power delivery. Default 1.25 for local, 1 for edge (a device on its own, no machine room).'
    })
  ),
  maintenanceShareOfHardwarePerYear: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'Upkeep of an owned device per year (repairs, spares, support) as a share of its purchase price. Default 0.075.'
    })
  ),
  hoursPerDay: Type.Optional(
    Type.Number({
      minimum: COST_LIMITS.minHoursPerDay,
      maximum: 24,
      description: 'Hours a day an owned device runs and serves, hours: its purchase price and upkeep are spread over these hours only. In /compare with a daily volume, the day\'s requests arrive within these hours, so the fleet is sized for rates 24 / hoursPerDay times the day\'s average. Default 24.'
    })
  )
}

export const CostBreakdown = Type.Object(
  {
    apiInputUsd: Usd('Prompt tokens × input price (api deployments)'),
    apiOutputUsd: Usd('Output tokens × output price (api deployments)'),
    deviceHoursUsd: Usd('Device-hours × hourly price at the pricing tier, this request\'s share (cloud deployments)'),
    energyUsd: Usd('Devices × rated power × time × electricity price, this request\'s share (local and edge deployments)'),
    coolingUsd: Usd('energyUsd × (pue − 1): cooling and power delivery on top of the devices\' own power (local and edge deployments)'),
    hardwareAmortizationUsd: Usd('Purchase price spread over amortizationYears × 365 × hoursPerDay running hours, times the device-hours this request uses (local and edge deployments)'),
    maintenanceUsd: Usd('maintenanceShareOfHardwarePerYear × purchase price spread over 365 × hoursPerDay running hours, times the device-hours this request uses (local and edge deployments)')
  },
  { additionalProperties: false, description: 'Where the cost of one request comes from; the parts add up to perRequestUsd.' }
)

export const CostBasis = Type.Object(
  {
    kind: named('CostBasisKind', StringEnum(['rental', 'ownership', 'api'], {
      description: 'rental: devices rented by the hour (cloud); ownership: devices bought and run (local, edge); api: tokens bought from a provider.'
    })),
    pricing: Nullable(Type.String(), { description: 'Price tier used for rental (on-demand, spot, reserved-1y, reserved-3y); null otherwise.' }),
    priceProvider: Nullable(Type.String(), { description: 'Whose price list the hourly rental price comes from; null when unknown or not rental.' }),
    priceAsOf: Nullable(Type.String(), { description: 'Date of the rental or purchase price used; null when unknown.' }),
    usdPerDeviceHour: Usd('What one running device costs per hour: the rental price, or for an owned device amortisation + upkeep + energy + cooling per running hour'),
    purchasePriceUsd: Usd('Purchase price of one device used for ownership; null for rental and api, or when unknown'),
    purchasePriceBasis: Nullable(Type.String(), { description: 'list (the maker\'s price), street (resellers\' price where the maker publishes none) or request (given in the request); null when not used.' }),
    amortizationYears: Nullable(Type.Number(), { description: 'Years the purchase price is spread over; null unless ownership.' }),
    pue: Nullable(Type.Number(), { description: 'Power usage effectiveness used; null unless ownership.' }),
    maintenanceShareOfHardwarePerYear: Nullable(Type.Number(), { description: 'Yearly upkeep as a share of the purchase price; null unless ownership.' }),
    hoursPerDay: Nullable(Type.Number(), { description: 'Hours a day the owned device runs, hours; null unless ownership.' })
  },
  { additionalProperties: false, description: 'How the cost is reckoned: the price tier rented at, or the terms of owning the devices.' }
)
export type CostBasis = Static<typeof CostBasis>

export const CostEstimate = Type.Object(
  {
    currency: Type.Literal('USD', { description: 'Currency of every cost figure.' }),
    perRequestUsd: Usd('Cost of one request: the sum of the breakdown\'s known parts'),
    perMillionOutputTokensUsd: Usd('Cost per million output tokens (perRequestUsd / outputTokens × 1e6), comparable across deployments'),
    breakdown: CostBreakdown,
    basis: CostBasis,
    deviceHoursPerRequest: Nullable(Type.Number({ description: 'Device-hours one request uses (its share of the batch, or of the deployment at the serving operating point), hours.' }), {
      description: 'null when the request\'s duration is unknown (no compute figure for prompt processing).'
    }),
    energyKWhPerRequest: Nullable(Type.Number(), { description: 'Energy one request uses at the devices\' rated power, kWh; null when power is unknown.' })
  },
  { additionalProperties: false, description: 'Cost of one request, where it comes from, and on what basis.' }
)

// /compare: the shape of a day's traffic, an API model to overflow to, and per row the fleet over
// that day and the hybrid plan.

export const MAX_PEAK_TO_AVERAGE = 2

export const PeakToAverageField = Type.Optional(
  Type.Number({
    minimum: 1,
    maximum: MAX_PEAK_TO_AVERAGE,
    description:
      'Peak request rate of the day over its average: the day\'s traffic is a sinusoid between trough = (2 − peakToAverage) × average and peak = peakToAverage × average (1: flat; 2: a trough of zero). Always-on fleets are sized for the peak. Without a volume it shapes the break-even only (the average daily volume one replica carries at that peak). Default 1.'
  })
)

export const HybridWithField = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
    description: 'An API model (catalog id or alias) that takes the traffic above the self-hosted replicas\' capacity: each self-hosted row then gets the hybrid plan that costs least. Needs requestsPerDay or requestsPerSecond.'
  })
)

export const FleetPlan = Type.Object(
  {
    peakRequestsPerSecond: Type.Number({ description: 'Highest request rate of the day (average × peakToAverage), requests/s.' }),
    alwaysOnReplicas: Type.Integer({ description: 'Replicas sized for the peak, running all month.' }),
    alwaysOnMonthlyCostUsd: Usd('alwaysOnReplicas × devices × what a device costs a month: rented, 730 hours at the tier price; owned, the hours it runs (hoursPerDay × 365/12) at its ownership cost per running hour'),
    autoscaledMonthlyCostUsd: Usd('A fleet that follows the day\'s demand, sized each hour for that hour\'s highest demand (rounded up, at least one replica): replica-hours a day × 365/12 days × what a replica-hour costs. Rented devices only (null for owned ones, whose price is paid whether they run or not)'),
    autoscaledReplicaHoursPerDay: Nullable(Type.Integer(), { description: 'Replica-hours the autoscaled fleet runs in a day; null for owned devices.' }),
    autoscaledPeakReplicas: Nullable(Type.Integer(), { description: 'Replicas of the autoscaled fleet in its busiest hour; null for owned devices.' }),
    autoscaledTroughReplicas: Nullable(Type.Integer(), { description: 'Replicas of the autoscaled fleet in its quietest hour; null for owned devices.' })
  },
  { additionalProperties: false, description: 'What carrying the day\'s traffic costs with a fleet of this configuration, always on or autoscaled.' }
)
export type FleetPlan = Static<typeof FleetPlan>

export const HybridPlan = Type.Object(
  {
    api: Type.String({ description: 'Row id of the API model the overflow goes to (model@api).' }),
    replicas: Type.Integer({ description: 'Always-on replicas of this configuration in the cheapest plan (0: all API).' }),
    selfHostedShare: Type.Number({ description: 'Share of the day\'s requests the replicas carry, 0-1.' }),
    apiShare: Type.Number({ description: 'Share of the day\'s requests above the replicas\' capacity, sent to the API, 0-1.' }),
    monthlyCostUsd: Type.Number({ description: 'Replicas × devices × what a device costs a month + API share × monthly requests × API price per request, USD.' }),
    allSelfHostedMonthlyCostUsd: Type.Number({ description: 'Always-on replicas sized for the peak, no API, USD per month.' }),
    allApiMonthlyCostUsd: Type.Number({ description: 'Every request through the API, USD per month.' })
  },
  { additionalProperties: false, description: 'The cheapest split of the traffic between always-on replicas of this row and an API model for the overflow; never dearer than the cheaper pure plan.' }
)
export type HybridPlan = Static<typeof HybridPlan>

export const CostBasisLabel = Type.String({
  description: 'How the row\'s cost is reckoned: rental (on-demand | spot | reserved-1y | reserved-3y) for rented devices, ownership for owned ones (local, edge), api for token prices.'
})
