// The parts a cost is made of (hardware, upkeep, energy, cooling, rental, API tokens), per million
// output tokens, from an answer's cost.breakdown; a /compare row's fleet and hybrid plan in words.
// Shared by the page's cost panel and the CLI.
import { formatUsd } from './format.js'

/** Each part: its label, the breakdown fields it adds up, and its colour on the page's stacked bars. */
export const COST_PARTS = [
  { key: 'hardware', label: 'hardware', fields: ['hardwareAmortizationUsd'], colour: '#4e79a7' },
  { key: 'maintenance', label: 'upkeep', fields: ['maintenanceUsd'], colour: '#76b7b2' },
  { key: 'energy', label: 'energy', fields: ['energyUsd'], colour: '#f28e2b' },
  { key: 'cooling', label: 'cooling', fields: ['coolingUsd'], colour: '#edc948' },
  { key: 'rental', label: 'rental', fields: ['deviceHoursUsd'], colour: '#59a14f' },
  { key: 'api', label: 'API tokens', fields: ['apiInputUsd', 'apiOutputUsd'], colour: '#b07aa1' }
]

/** The known, non-zero parts of one request's cost, each in USD per million output tokens. */
export function costParts(cost, outputTokens) {
  const parts = []
  for (const part of COST_PARTS) {
    const values = part.fields.map((field) => cost.breakdown[field]).filter((value) => value !== null && value !== undefined)
    if (values.length === 0) continue
    const perMillionUsd = (values.reduce((total, value) => total + value, 0) / outputTokens) * 1e6
    if (perMillionUsd > 0) parts.push({ key: part.key, label: part.label, colour: part.colour, perMillionUsd })
  }
  return parts
}

/** One line: "hardware $0.41 + upkeep $0.09 + energy $0.46 + cooling $0.11 per million output tokens". */
export function costPartsText(cost, outputTokens, formatUsd) {
  const parts = costParts(cost, outputTokens)
  if (parts.length === 0) return 'no known cost parts'
  return `${parts.map((part) => `${part.label} ${formatUsd(part.perMillionUsd)}`).join(' + ')} per million output tokens`
}

/** What a purchase price is, in words (the basis the answer names). */
const PRICE_BASIS = { list: ' list price', street: ' street price', request: ' as given' }

/** A device price: whole dollars with thousands separators ($2,000) when it is whole, else as every other dollar figure ($0.40, $1,599.50). */
const formatPriceUsd = (value) => (Number.isInteger(value) ? `$${value.toLocaleString('en-US')}` : formatUsd(value))

/** How the cost is reckoned, in words: the rental tier and its provider, or the terms of owning. */
export function costBasisText(basis) {
  if (basis.kind === 'api') return 'API token prices'
  if (basis.kind === 'rental') return `rented ${basis.pricing}${basis.priceProvider ? ` (${basis.priceProvider}${basis.priceAsOf ? `, ${basis.priceAsOf}` : ''})` : ''}`
  if (basis.purchasePriceUsd === null) return 'owned, with no purchase price known: energy and cooling only (amortisation and upkeep are left out until one is given)'
  const price = `${formatPriceUsd(basis.purchasePriceUsd)}${PRICE_BASIS[basis.purchasePriceBasis] ?? ''}`
  return `owned: ${price} over ${basis.amortizationYears} years, ${basis.hoursPerDay} h/day, PUE ${basis.pue}, upkeep ${basis.maintenanceShareOfHardwarePerYear * 100}%/year`
}

/**
 * A compare row's name in the cost chart, with how its cost is reckoned: owned hardware without a
 * purchase price shows its energy and cooling alone, which the label says (the table shows its
 * cost as unknown, and bare bars would draw it almost free).
 */
export function costChartLabel(row) {
  const basis = row.estimate?.cost.basis
  const partial = basis?.kind === 'ownership' && basis.purchasePriceUsd === null ? ': energy and cooling only, no purchase price' : ''
  return `${row.id} (${row.costBasis}${partial})`
}

/**
 * A hybrid plan's two shares of the requests as percentages that add up to 100: the API's rounded
 * to one decimal (a whole number when the decimal is 0), the replicas' the rest; a share above 0
 * that would round to 0 reads "<0.1", and the other ">99.9". Returns [replicas' text, API's text].
 */
export function hybridSharePercents(apiShare) {
  const apiTenths = Math.round(apiShare * 1000)
  if (apiTenths === 0 && apiShare > 0) return ['>99.9', '<0.1']
  if (apiTenths === 1000 && apiShare < 1) return ['<0.1', '>99.9']
  return [String((1000 - apiTenths) / 10), String(apiTenths / 10)]
}

/** One sentence per self-hosted row with a hybrid plan. */
export function hybridLines(answer) {
  return answer.rows
    .filter((row) => row.hybrid)
    .map((row) => {
      const plan = row.hybrid
      const [selfHostedPercent, apiPercent] = hybridSharePercents(plan.apiShare)
      const split = `${plan.replicas} replica${plan.replicas === 1 ? ' carries' : 's carry'} ${selfHostedPercent}% of requests, ${plan.api} the other ${apiPercent}%`
      return `${row.id}: ${split} — ${formatUsd(plan.monthlyCostUsd)}/month (all self-hosted ${formatUsd(plan.allSelfHostedMonthlyCostUsd)}, all API ${formatUsd(plan.allApiMonthlyCostUsd)})`
    })
}

/** One sentence per rented self-hosted row with a fleet: always on for the peak against autoscaled. */
export function fleetLines(answer) {
  return answer.rows
    .filter((row) => row.fleet && row.fleet.autoscaledMonthlyCostUsd !== null)
    .map((row) => {
      const fleet = row.fleet
      return `${row.id}: always on ${fleet.alwaysOnReplicas} replica${fleet.alwaysOnReplicas === 1 ? '' : 's'} ${formatUsd(fleet.alwaysOnMonthlyCostUsd)}/month; autoscaled ${fleet.autoscaledTroughReplicas}–${fleet.autoscaledPeakReplicas} replicas ${formatUsd(fleet.autoscaledMonthlyCostUsd)}/month`
    })
}
