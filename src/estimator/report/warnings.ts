// What an answer warns about: one small rule per function (each returns its warning or undefined),
// listed in the order the answer shows them after the warnings resolving the request produced.
import type { MemoryResult } from '../physics/memory.js'
import type { ApiScenario, ResolvedModel, SelfHostedScenario } from '../scenario.js'
import { SATURATION_HORIZON_S, type ServingResult } from '../serving/index.js'
import { round, toGB } from '../units.js'
import { ownedWithoutPurchasePrice } from './cost.js'
import { rentalRate, type HourlyRate } from './rental.js'

import { present, warn, type Warning as Warned } from '../warning.js'

type Warning = Warned | undefined

/** Months between two YYYY-MM(-DD) dates. */
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7) || '1')

/** A price older than 18 months at the catalog's release should be checked before it is trusted. */
export const isStale = (asOf: string, releasedAt: string) => monthIndex(releasedAt) - monthIndex(asOf) > 18

export function contextOverflow(model: Pick<ResolvedModel, 'contextLength'>, tokens: number): Warning {
  if (model.contextLength === undefined || tokens <= model.contextLength) return undefined
  return warn('context-overflow', `prompt + output (${tokens} tokens) exceeds the model's ${model.contextLength}-token context window`)
}

// Self-hosted rules.

function doesNotFit(scenario: SelfHostedScenario, memory: MemoryResult, minDevices: number | null): Warning {
  if (memory.fits) return undefined
  return minDevices === null
    ? warn('does-not-fit', `does not fit: needs ${round(toGB(memory.perDeviceBytes), 2)} GB per device under ${scenario.engine.name}'s memory rule, and no device count up to 1024 fits`)
    : warn('does-not-fit', `does not fit on ${scenario.deviceCount} x ${scenario.hardware.name}: needs ${minDevices} devices under ${scenario.engine.name}'s memory rule`)
}

function batchQueues(scenario: SelfHostedScenario, memory: MemoryResult): Warning {
  if (scenario.batchSize <= memory.maxBatchSize || memory.maxBatchSize <= 0) return undefined
  const { engine } = scenario
  return engine.memory.maxSequences !== undefined && memory.maxBatchSize === engine.memory.maxSequences
    ? warn('batch-queues', `${engine.name} runs at most ${sequencesText(engine.memory.maxSequences)} at once ${scenario.engineSource?.settings.maxRunningSequences === undefined ? 'by default' : 'as set (maxRunningSequences)'}; the rest queue`)
    : warn('batch-queues', `only ${memory.maxBatchSize} sequences of ${scenario.promptTokens + scenario.outputTokens} tokens fit at once`)
}

const layerSplit = (scenario: SelfHostedScenario): Warning =>
  scenario.engine.multiDevice === 'layer' && scenario.deviceCount > 1
    ? warn('layer-split', `${scenario.engine.name} splits layers across the ${scenario.deviceCount} devices: they take turns, so bandwidth does not add up`)
    : undefined

function slidingWindowCounted(scenario: SelfHostedScenario): Warning {
  const window = scenario.model.architecture.slidingWindow
  if (!window || scenario.engine.id === 'llama.cpp' || scenario.promptTokens + scenario.outputTokens <= window) return undefined
  return warn('sliding-window-counted', 'sliding-window layers are counted at the window size; engines that allocate full-length KV for them need more memory')
}

/** The engine's efficiency for this phase is a documented default unless calibration fitted it (overall or for this hardware kind). */
function unfittedEfficiency(scenario: SelfHostedScenario, factor: 'decodeBandwidthEfficiency' | 'prefillComputeEfficiency'): Warning {
  const fitted = scenario.engine.efficiency.fittedFactors ?? []
  const kind = scenario.hardware.kind
  const kindFactor = factor === 'decodeBandwidthEfficiency' ? `byKind.${kind}.bandwidth` : `byKind.${kind}.compute`
  if (fitted.includes(factor) || fitted.includes(kindFactor)) return undefined
  const phase = factor === 'decodeBandwidthEfficiency' ? 'decode' : 'prompt-processing (TTFT)'
  return warn(factor === 'decodeBandwidthEfficiency' ? 'decode-efficiency-default' : 'prefill-efficiency-default', `${scenario.engine.name}'s ${phase} efficiency on ${kind} hardware is a documented default, not fitted to measurements`)
}

/** The engine's factors for this hardware kind were fitted on consumer devices only, and this is a data-centre device. */
function consumerFitOnly(scenario: SelfHostedScenario): Warning {
  const { engine, hardware } = scenario
  if (!hardware.dataCentre || engine.efficiency.byKind?.[hardware.kind]?.dataCentreMeasured !== false) return undefined
  return warn(
    'efficiency-consumer-fit',
    `${engine.name}'s ${hardware.kind} efficiencies are fitted on consumer cards only (no data-centre ${hardware.kind} run of it among the measurements); ${hardware.id ?? 'the inline hardware'} has far higher peaks, which its kernels are not known to reach in the same share, so prompt processing and decoding may be slower than estimated (one published 8 x A100 run read about half the estimated prompt speed)`
  )
}

function hostCluster(scenario: SelfHostedScenario): Warning {
  const { deviceCount, hardware } = scenario
  if (deviceCount <= 1 || (hardware.kind !== 'cpu' && hardware.kind !== 'apple' && hardware.kind !== 'edge')) return undefined
  const machines = hardware.kind === 'apple' ? 'Macs' : hardware.kind === 'edge' ? 'edge devices' : 'CPU machines'
  return warn('host-cluster', `${deviceCount} ${machines} means a cluster over the network (llama.cpp RPC); the estimate assumes a PCIe-class link between them`)
}

/** What an estimate on a phone, board or module (edge hardware, or an edge deployment) leaves out. */
function edgeLimits(scenario: SelfHostedScenario): Warning[] {
  const { hardware } = scenario
  if (hardware.kind !== 'edge' && scenario.deployment !== 'edge') return []
  const name = hardware.id ?? 'the inline hardware'
  return [
    warn('edge-thermal', 'edge: battery drain and thermal throttling are not modelled: sustained speed on a phone or fanless board can fall well below these figures'),
    hardware.entry !== undefined && hardware.entry.appMemoryGB === undefined && hardware.entry.usableMemoryFraction === undefined
      ? warn('edge-app-memory-unknown', `no published share of ${name}'s memory is left to one app: the estimate lets the model use all of it, while the operating system needs part`)
      : undefined
  ]
}

// Cost rules: what the cost leaves out, which tier price is missing, which cost fields a deployment ignores.

const OWNERSHIP_FIELDS = ['purchasePriceUsd', 'amortizationYears', 'pue', 'maintenanceShareOfHardwarePerYear', 'hoursPerDay']

function costFieldsIgnored(scenario: SelfHostedScenario): Warning {
  if (scenario.deployment === 'cloud') {
    const ignored = [...(scenario.electricityUsdPerKWhGiven ? ['electricityUsdPerKWh'] : []), ...scenario.costTermsGiven.filter((field) => OWNERSHIP_FIELDS.includes(field))]
    return ignored.length === 0 ? undefined : warn('cost-field-ignored', `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored for a cloud deployment (rented devices: the hourly price includes power, upkeep and the hardware)`)
  }
  return scenario.costTermsGiven.includes('pricing') ? warn('cost-field-ignored', `pricing is ignored for a${scenario.deployment === 'edge' ? 'n edge' : ' local'} deployment (owned devices are not rented by the hour)`) : undefined
}

function ownershipGaps(scenario: SelfHostedScenario): Warning[] {
  const { hardware, ownership } = scenario
  const name = hardware.id ?? 'the inline hardware'
  return [
    hardware.tdpW === undefined ? warn('power-unknown', `no power figure for ${name}: energy and cooling are left out of the cost (give the hardware inline with tdpW)`) : undefined,
    ownedWithoutPurchasePrice(scenario) ? warn('purchase-price-unknown', `no purchase price for ${name}: hardware amortisation and upkeep are left out of the cost (give purchasePriceUsd)`) : undefined,
    ownership.purchasePriceBasis === 'street' ? warn('street-price', `the purchase price of ${name} is a street price (what resellers asked, ${hardware.purchasePriceAsOf ?? 'undated'}): its maker publishes none`) : undefined
  ]
}

/** "1 sequence", "4 sequences". */
const sequencesText = (count: number) => `${count} sequence${count === 1 ? '' : 's'}`

const perHour = (rate: Pick<HourlyRate, 'usdPerHour' | 'provider'>) => `$${rate.usdPerHour.toFixed(2)}/h${rate.provider ? ` (${rate.provider})` : ''}`

/**
 * A discount tier dearer than the default on-demand price: the tiers' prices are each a published
 * offer of some provider, not one provider's list, so spot or reserved can cost more than another
 * provider's on-demand. Said, naming both offers, and a further on-demand offer of the catalog
 * (any provider's) that the tier's price does undercut, where there is one.
 */
function tierAboveOnDemand(scenario: SelfHostedScenario, rate: HourlyRate): Warning | undefined {
  if (scenario.pricing === 'on-demand') return undefined
  const onDemand = rentalRate(scenario.hardware, 'on-demand')
  if (!onDemand || rate.usdPerHour <= onDemand.usdPerHour) return undefined
  const listed = scenario.hardware.rentalPrices.find((entry) => entry.tier === 'on-demand' && entry.usdPerHour > rate.usdPerHour)
  const sameList = listed ? `; the catalog's other on-demand offer, ${perHour(listed)}, is above it` : ''
  return warn(
    'tier-above-on-demand',
    `the ${scenario.pricing} price used, ${perHour(rate)}, is above the default on-demand price, ${perHour(onDemand)}: the tiers are offers of different providers, not one provider's price list${sameList}. Pricing "on-demand" costs less here`
  )
}

function rentalGaps(scenario: SelfHostedScenario): Warning[] {
  const { hardware, pricing } = scenario
  const name = hardware.id ?? 'the inline hardware'
  const rate = rentalRate(hardware, pricing)
  if (!rate) {
    if (pricing === 'on-demand') return [warn('price-unknown', `no hourly price for ${name}: cloud cost is unknown (give the hardware inline with priceUsdPerHour)`)]
    const published = ['on-demand' as const, 'spot' as const, 'reserved' as const].filter((tier) => rentalRate(hardware, tier) !== undefined)
    return [warn('price-unknown', `no ${pricing} price for ${name} in the catalog: cloud cost is unknown${published.length ? ` (published here: ${published.join(', ')})` : ''}`)]
  }
  if (!hardware.id) return []
  return [
    !rate.asOf
      ? warn('price-undated', `the catalog price of ${hardware.id} is undated; check a current price list`)
      : isStale(rate.asOf, scenario.catalog.releasedAt)
        ? warn('price-stale', `the catalog price of ${hardware.id} dates from ${rate.asOf}; check a current price list`)
        : undefined,
    tierAboveOnDemand(scenario, rate),
    pricing === 'spot' ? warn('spot-interruptions', `spot devices can be reclaimed at short notice: a service on spot capacity needs spare replicas or a fallback (not in this cost)`) : undefined
  ]
}

function costWarnings(scenario: SelfHostedScenario): Warning[] {
  return [costFieldsIgnored(scenario), ...(scenario.deployment === 'cloud' ? rentalGaps(scenario) : ownershipGaps(scenario))]
}

export function selfHostedWarnings(scenario: SelfHostedScenario, memory: MemoryResult, minDevices: number | null): Warned[] {
  return present([
    contextOverflow(scenario.model, scenario.promptTokens + scenario.outputTokens),
    doesNotFit(scenario, memory, minDevices),
    batchQueues(scenario, memory),
    layerSplit(scenario),
    slidingWindowCounted(scenario),
    unfittedEfficiency(scenario, 'decodeBandwidthEfficiency'),
    unfittedEfficiency(scenario, 'prefillComputeEfficiency'),
    consumerFitOnly(scenario),
    hostCluster(scenario),
    ...edgeLimits(scenario),
    ...costWarnings(scenario)
  ])
}

// Serving rules (a load was given).

function cannotServe(scenario: SelfHostedScenario, serving: ServingResult | null): Warning {
  if (serving) return undefined
  return warn('cannot-serve', `not one sequence of ${scenario.promptTokens + scenario.outputTokens} tokens fits ${scenario.engine.name}'s KV-cache pool on ${scenario.deviceCount} x ${scenario.hardware.name}: this deployment cannot serve the load`)
}

function saturated(serving: ServingResult | null): Warning {
  if (!serving?.saturated) return undefined
  return warn('saturated', `the offered load exceeds what this deployment sustains (${round(serving.capacity.requestsPerSecond, 3)} requests/s): the queue grows without end, so the latency figures describe the first ${SATURATION_HORIZON_S / 60} minutes of arrivals`)
}

function nearCapacity(scenario: SelfHostedScenario, serving: ServingResult | null): Warning {
  if (!serving?.horizonBound) return undefined
  const share = scenario.load?.kind === 'open' ? Math.floor((1000 * scenario.load.requestsPerSecond) / serving.capacity.requestsPerSecond + 1e-6) / 10 : undefined
  return warn(
    'near-capacity',
    `${share === undefined ? 'the offered load' : `the offered load (${share}% of what this deployment sustains, ${round(serving.capacity.requestsPerSecond, 3)} requests/s)`} makes a queue that would take longer than ${SATURATION_HORIZON_S / 60} minutes to settle: the waits are what builds up in ${SATURATION_HORIZON_S / 60} minutes of arrivals (a service held there for hours waits longer)`
  )
}

function clientsWait(scenario: SelfHostedScenario, serving: ServingResult | null): Warning {
  if (!serving || serving.saturated || serving.queuedRequests < 0.5) return undefined
  const why = serving.capacity.limitedBy === 'kv-cache' ? 'the KV cache holds' : serving.capacity.limitedBy === 'engine-sequence-limit' ? `${scenario.engine.name}'s sequence limit allows` : 'prompt processing keeps up with'
  return warn('clients-wait', `${scenario.engine.name} runs about ${sequencesText(Math.round(serving.runningSequences))} at once here (what ${why}); about ${Math.round(serving.queuedRequests)} requests wait for a slot and their TTFT includes that wait`)
}

function unfittedServing(scenario: SelfHostedScenario): Warning {
  if (scenario.engine.serving?.fitted) return undefined
  return warn('serving-factors-default', `${scenario.engine.name}'s serving factors (per-sequence step cost, prompt queueing) are defaults, not fitted to published serving measurements`)
}

/** "a", "a and b", "a, b and c". */
const listed = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`)

/**
 * Under load, on hardware none of the engine's serving calibration runs used (its factors are carried
 * over), or whose runs there measured throughput only (its latency figures are carried over).
 */
function servingHardwareUncalibrated(scenario: SelfHostedScenario, serving: ServingResult | null): Warning {
  const fit = scenario.engine.serving?.fitted ? scenario.engine.serving : undefined
  const calibrated = fit?.calibrationHardware
  if (!serving || !calibrated || calibrated.length === 0) return undefined
  const id = typeof scenario.hardware.id === 'string' ? scenario.hardware.id : undefined
  const name = scenario.engine.name
  if (id === undefined || !calibrated.includes(id)) {
    return warn(
      'serving-hardware-uncalibrated',
      `${name}'s serving factors were fitted to published runs on ${listed(calibrated)}, none on ${id ?? 'the inline hardware'}: they are carried over from those devices, so these figures, and their range, are less sure here`
    )
  }
  const latency = fit?.latencyCalibrationHardware
  if (!latency || latency.length === 0 || latency.includes(id)) return undefined
  return warn(
    'serving-latency-uncalibrated',
    `${name}'s published serving runs (under load) on ${id} measured throughput only: its TTFT and TPOT here rest on latency runs under load on ${listed(latency)}, so they, and their range, are less sure than its capacity`
  )
}

export function servingWarnings(scenario: SelfHostedScenario, serving: ServingResult | null): Warned[] {
  return present([cannotServe(scenario, serving), saturated(serving), nearCapacity(scenario, serving), clientsWait(scenario, serving), unfittedServing(scenario), servingHardwareUncalibrated(scenario, serving)])
}

// API rules.

function outputLimit(scenario: ApiScenario): Warning {
  const limit = scenario.model.api.maxOutputTokens
  if (limit === undefined || scenario.outputTokens <= limit) return undefined
  return warn('output-limit', `outputTokens (${scenario.outputTokens}) exceeds the API's limit of ${limit} output tokens per response`)
}

const batchBilledSeparately = (scenario: ApiScenario): Warning =>
  scenario.batchSize > 1 ? warn('api-batch-separate', 'for an api deployment each request of the batch is billed and served separately; latency is per request') : undefined

const latencyUnknown = (scenario: ApiScenario, hasLatency: boolean): Warning =>
  hasLatency ? undefined : warn('api-latency-unknown', `no published served latency for ${scenario.model.id}: latency and throughput are unknown`)

function apiPriceDate(scenario: ApiScenario): Warning {
  const asOf = scenario.model.api.priceAsOf
  if (!asOf) return warn('price-undated', `the date of ${scenario.model.id}'s price is not established; check the provider's price list`)
  return isStale(asOf, scenario.catalog.releasedAt) ? warn('price-stale', `${scenario.model.id}'s price dates from ${asOf}; check the provider's current price list`) : undefined
}

/** Published TTFTs come from short prompts; a long prompt takes longer. */
function longPromptTtft(scenario: ApiScenario, hasLatency: boolean): Warning {
  if (!hasLatency || scenario.promptTokens <= 2000) return undefined
  return warn('api-long-prompt', `the typical TTFT of ${scenario.model.id} was measured on short prompts; a ${scenario.promptTokens}-token prompt takes longer, so TTFT is a lower bound and prefillTokensPerSecond an upper bound`)
}

export function apiWarnings(scenario: ApiScenario, hasLatency: boolean): Warned[] {
  return present([
    contextOverflow(scenario.model, scenario.promptTokens + scenario.outputTokens),
    outputLimit(scenario),
    batchBilledSeparately(scenario),
    latencyUnknown(scenario, hasLatency),
    apiPriceDate(scenario),
    longPromptTtft(scenario, hasLatency)
  ])
}


