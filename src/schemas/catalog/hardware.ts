// A hardware entry of the catalog (hardware.json): memory, bandwidth, peak compute, prices.
import Type, { type Static } from 'typebox'
import { named, StringEnum } from '../primitives.js'
import { Id, IsoDate, Sources } from './common.js'

export const HardwareKind = named('HardwareKind', StringEnum(['gpu', 'cpu', 'apple', 'tpu', 'edge'], {
  description:
    'gpu: discrete accelerator; cpu: general-purpose processor with system RAM; apple: Apple silicon unified memory; tpu: Google TPU; edge: a phone, single-board computer or embedded module that runs small models on the device itself (battery and thermal limits are not modelled).'
}))
export type HardwareKind = Static<typeof HardwareKind>

export const Tflops = named('Tflops', Type.Object(
  {
    fp32: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense FP32 peak, TFLOPS (1e12 floating-point operations per second).' })),
    fp16: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense FP16 matrix peak, TFLOPS.' })),
    bf16: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense BF16 matrix peak, TFLOPS.' })),
    fp8: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense FP8 matrix peak, TFLOPS.' })),
    int8: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Dense INT8 matrix peak, TOPS (1e12 operations per second).' })),
    fp4: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Dense FP4 matrix peak (NVFP4/MXFP4 block-scaled E2M1), TFLOPS; present only where the matrix units run FP4 natively.' })
    )
  },
  { additionalProperties: false, description: 'Peak dense (not sparse) compute per data type.' }
))
export type Tflops = Static<typeof Tflops>

export const Interconnect = named('Interconnect', Type.Object(
  {
    kind: Type.String({ maxLength: 40, description: 'Link used between devices, e.g. nvlink, pcie4, infinity-fabric, ici.' }),
    bandwidthGBps: Type.Number({ exclusiveMinimum: 0, description: 'Device-to-device bandwidth in one direction, GB/s (1e9 bytes per second).' }),
    allReduceBusGBps: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description:
          'Measured all-reduce bus bandwidth of a multi-device server of this kind (nccl-tests all_reduce_perf busbw: algorithm bandwidth × 2(n−1)/n), GB/s. Where links run far below their rate (PCIe without NVLink: the ring crosses the CPU root complexes), tensor-parallel all-reduces use it instead of bandwidthGBps; absent, the link rate is used.'
      })
    )
  },
  { additionalProperties: false, description: 'How devices of this kind talk to each other when a model spans several.' }
))

export const RentalPrice = named('RentalPrice', Type.Object(
  {
    tier: named('PriceTier', StringEnum(['on-demand', 'spot', 'reserved-1y', 'reserved-3y'], {
      description: 'on-demand: pay by the hour, no commitment; spot: interruptible spare capacity; reserved-1y / reserved-3y: committed use for one or three years, quoted per hour.'
    })),
    usdPerHour: Type.Number({ exclusiveMinimum: 0, description: 'Price of one device for one hour at this tier, USD.' }),
    asOf: IsoDate,
    provider: Type.String({ minLength: 1, maxLength: 150, description: 'Whose price list, and which instance or offer.' }),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'How a per-device figure was derived (an 8-GPU instance price divided by 8, ...).' }))
  },
  { additionalProperties: false, description: 'A dated cloud price for one device at one price tier.' }
))
export type RentalPrice = Static<typeof RentalPrice>

export const Hardware = named('Hardware', Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Display name.' }),
    vendor: Type.String({ minLength: 1, maxLength: 40, description: 'Maker.' }),
    kind: HardwareKind,
    memoryGB: Type.Number({ exclusiveMinimum: 0, description: 'Device memory, GB (1e9 bytes); for unified memory, the machine\'s RAM.' }),
    memoryCapacityGB: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'Memory the driver reports (nvidia-smi memory.total), GB (1e9 bytes). Datasheet "GB" are usually GiB, so this is up to 7% more than memoryGB; fit checks use it when present.'
      })
    ),
    usableMemoryFraction: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of memoryGB an inference engine may use (unified-memory machines keep some for the OS). Default 1.' })
    ),
    memoryType: Type.Optional(Type.String({ maxLength: 40, description: 'Memory technology (HBM3, GDDR6X, LPDDR5, DDR5, ...).' })),
    bandwidthGBps: Type.Number({ exclusiveMinimum: 0, description: 'Peak memory bandwidth, GB/s (1e9 bytes per second).' }),
    tflops: Tflops,
    tdpW: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Board power or TDP, watts.' })),
    priceUsdPerHour: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Typical cloud on-demand price of one device, USD per hour.' })),
    priceAsOf: Type.Optional(IsoDate),
    priceProvider: Type.Optional(Type.String({ maxLength: 100, description: 'Whose price list priceUsdPerHour comes from.' })),
    interconnect: Type.Optional(Interconnect),
    architecture: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9._-]*$',
        maxLength: 40,
        description: 'Chip generation, vendor-prefixed (nvidia-ampere, nvidia-hopper, nvidia-blackwell, amd-cdna3, ...): which quantized formats run natively or through a fallback kernel follows from it (see the precisions\' nativeOn and fallbacks).'
      })
    ),
    rentalPrices: Type.Optional(
      Type.Array(RentalPrice, { maxItems: 20, description: 'Dated on-demand, spot and reserved prices where published, each with its provider; priceUsdPerHour stays the typical on-demand price.' })
    ),
    purchasePriceUsd: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Price of buying one device (the card, module, phone or computer the entry describes), USD.' })
    ),
    purchasePriceAsOf: Type.Optional(IsoDate),
    purchasePriceBasis: Type.Optional(
      named('PurchasePriceBasis', StringEnum(['list', 'street'], {
        description: 'list: the maker\'s published price; street: what resellers asked where the maker publishes none.'
      }))
    ),
    appMemoryGB: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'Memory the operating system leaves to one app on an edge device, GB, where the maker publishes it; absent when it is not published.'
      })
    ),
    dataCentre: Type.Boolean({ description: 'Sold for data centres (the default engine there is vLLM; llama.cpp elsewhere).' }),
    notes: Type.Optional(Type.String({ maxLength: 2000, description: 'Caveats and how figures were read.' })),
    sources: Sources
  },
  { additionalProperties: false, description: 'A device that can run a model, with datasheet figures.' }
))
export type Hardware = Static<typeof Hardware>
