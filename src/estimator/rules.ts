// What can run with what: engine × hardware, precision × engine, KV-cache format × engine, how an
// engine splits a model across devices, and which compute rate a data type gets on a device. Each
// rule answers with the reason it fails (undefined when it holds); resolve.ts turns that into a
// problem naming the request field.
import type { ComputeDtype, Engine, HardwareKind, ModelArchitecture, Precision, PrecisionFallback } from '../schemas/catalog.js'
import type { ResolvedHardware } from './scenario.js'

/** Why the engine cannot run on this hardware: not its kind, or (catalog hardware) not a maker it supports. */
export function engineHardwareProblem(engine: Pick<Engine, 'id' | 'hardwareKinds' | 'vendors'>, hardware: { kind: HardwareKind; name: string; vendor?: string | undefined }): string | undefined {
  if (!engine.hardwareKinds.includes(hardware.kind)) return `engine "${engine.id}" does not run on ${hardware.kind} hardware (it runs on ${engine.hardwareKinds.join(', ')})`
  if (!engineRunsOnVendor(engine, hardware.vendor)) return `engine "${engine.id}" runs only on ${engine.vendors!.join(' or ')} devices; ${hardware.name} is made by ${hardware.vendor}`
  return undefined
}

/** Whether the engine supports devices of this maker (an unknown maker, as for inline hardware, is not refused). */
export function engineRunsOnVendor(engine: Pick<Engine, 'vendors'>, vendor: string | undefined): boolean {
  return !engine.vendors || vendor === undefined || engine.vendors.some((name) => name.toLowerCase() === vendor.toLowerCase())
}

export function precisionEngineProblem(precision: Pick<Precision, 'id' | 'engines'>, engine: Pick<Engine, 'id'>): string | undefined {
  if (!precision.engines || precision.engines.includes(engine.id)) return undefined
  return `precision "${precision.id}" is not served by engine "${engine.id}" (it is served by ${precision.engines.join(', ')})`
}

/** Why `kvPrecision` cannot hold this engine's KV cache: not a KV format at all, or not one the engine offers. */
export function kvPrecisionProblem(kvPrecision: Precision, engine: Pick<Engine, 'id' | 'name'>, allPrecisions: readonly Precision[]): string | undefined {
  if (!kvPrecision.usableForKvCache) {
    const kvFormats = allPrecisions.filter((format) => format.usableForKvCache).map((format) => format.id)
    return `"${kvPrecision.id}" is not a KV-cache format; use one of ${kvFormats.join(', ')}`
  }
  const kvEngines = kvPrecision.kvEngines ?? kvPrecision.engines
  if (kvEngines && !kvEngines.includes(engine.id)) return `KV-cache format "${kvPrecision.id}" is offered by ${kvEngines.join(', ')}, not by ${engine.name}`
  return undefined
}

/**
 * Why the engine cannot split this model across `devices` devices, or undefined when it can:
 * tensor parallelism divides the attention heads and divides or replicates the KV heads; a layer
 * split needs at least one layer per device.
 */
export function splitProblem(engine: Pick<Engine, 'name' | 'multiDevice'>, arch: ModelArchitecture, devices: number): string | undefined {
  if (engine.multiDevice === 'tensor') {
    if (arch.attentionHeads % devices !== 0) return `${engine.name} splits attention heads across devices: deviceCount (${devices}) must divide attentionHeads (${arch.attentionHeads})`
    if (!arch.kvLoraRank && arch.kvHeads % devices !== 0 && devices % arch.kvHeads !== 0) {
      return `${engine.name} splits or replicates key/value heads: deviceCount (${devices}) must divide kvHeads (${arch.kvHeads}) or be a multiple of it`
    }
  } else if (devices > arch.layers) return `${engine.name} splits the model by layers: deviceCount (${devices}) cannot exceed layers (${arch.layers})`
  return undefined
}

/**
 * Peak TFLOPS the hardware offers for a compute data type. fp16 and bf16 stand in for each other
 * (same tensor-core rate on every catalogued part that has both); CPUs, Apple GPUs and edge devices
 * run 16-bit math at their fp32 rate when no 16-bit figure is published (a Raspberry Pi computes on
 * its CPU cores).
 */
export function peakTflopsFor(hardware: Pick<ResolvedHardware, 'kind' | 'tflops'>, dtype: ComputeDtype): number | undefined {
  const tflops = hardware.tflops
  // CPUs run 16-bit weights through their fp32 SIMD units (llama.cpp dequantizes to fp32); a CPU's
  // bf16 figure is a matrix extension (AMX) that only bf16 itself uses.
  if (hardware.kind === 'cpu') return dtype === 'bf16' ? (tflops.bf16 ?? tflops.fp32) : dtype === 'fp16' ? (tflops.fp16 ?? tflops.fp32) : tflops[dtype]
  const vectorFallback = hardware.kind === 'apple' || hardware.kind === 'edge' ? tflops.fp32 : undefined
  switch (dtype) {
    case 'fp16':
      return tflops.fp16 ?? tflops.bf16 ?? vectorFallback
    case 'bf16':
      return tflops.bf16 ?? tflops.fp16 ?? vectorFallback
    case 'fp8':
      return tflops.fp8
    case 'int8':
      return tflops.int8
    case 'fp4':
      return tflops.fp4
    case 'fp32':
      return tflops.fp32
  }
}

/** Whether one of `engineIds` runs the precision on this hardware, natively or through a fallback kernel. */
export function precisionRunsOn(
  precision: Pick<Precision, 'id' | 'computeDtype' | 'nativeOn' | 'fallbacks'>,
  hardware: Pick<ResolvedHardware, 'id' | 'kind' | 'tflops' | 'architecture'>,
  engineIds: readonly string[]
): boolean {
  return engineIds.some((engineId) => {
    const route = precisionRoute(hardware, precision, engineId)
    return route.kind === 'native' || route.kind === 'fallback'
  })
}

/** Data types that need dedicated matrix units: without them a format of this type cannot simply run slower. */
const DEDICATED_UNIT_DTYPES: readonly ComputeDtype[] = ['fp8', 'fp4']

/**
 * How a precision runs on a device under an engine, following the catalog's rule: natively when the
 * device's chip generation is in the precision's nativeOn (any generation for formats without that
 * list, or for inline hardware, which has none) and the device has a rate for its compute type;
 * elsewhere through the first fallback kernel the engine ships for that generation (the weights keep
 * their size, the math runs at the fallback's wider type); otherwise not at all. A device of a
 * native generation, or a plain format, that merely lacks a published rate is 'no-rate': memory and
 * decode can still be estimated.
 */
export type PrecisionRoute =
  | { kind: 'native'; computeDtype: ComputeDtype; peakTflops: number }
  | { kind: 'fallback'; computeDtype: ComputeDtype; peakTflops: number; fallback: PrecisionFallback }
  | { kind: 'no-rate'; computeDtype: ComputeDtype }
  | { kind: 'unsupported'; detail: string }

export function precisionRoute(
  hardware: Pick<ResolvedHardware, 'id' | 'kind' | 'tflops' | 'architecture'>,
  precision: Pick<Precision, 'id' | 'computeDtype' | 'nativeOn' | 'fallbacks'>,
  engineId: string
): PrecisionRoute {
  const dtype = precision.computeDtype
  const arch = hardware.architecture
  const nativeGeneration = precision.nativeOn === undefined || arch === undefined || precision.nativeOn.includes(arch)
  const nativeRate = peakTflopsFor(hardware, dtype)
  if (nativeGeneration && nativeRate !== undefined) return { kind: 'native', computeDtype: dtype, peakTflops: nativeRate }
  if (!nativeGeneration && arch !== undefined) {
    for (const fallback of precision.fallbacks ?? []) {
      if (!fallback.architectures.includes(arch) || !fallback.engines.includes(engineId)) continue
      const rate = peakTflopsFor(hardware, fallback.computeDtype)
      if (rate !== undefined) return { kind: 'fallback', computeDtype: fallback.computeDtype, peakTflops: rate, fallback }
    }
    return { kind: 'unsupported', detail: unsupportedPrecisionDetail(hardware, precision, engineId) }
  }
  // Inline hardware (no generation) or a legacy entry: a dedicated-unit type needs its rate given.
  if (DEDICATED_UNIT_DTYPES.includes(dtype) && (arch === undefined || precision.nativeOn === undefined)) {
    return { kind: 'unsupported', detail: unsupportedPrecisionDetail(hardware, precision, engineId) }
  }
  return { kind: 'no-rate', computeDtype: dtype }
}

function unsupportedPrecisionDetail(
  hardware: Pick<ResolvedHardware, 'id' | 'architecture'>,
  precision: Pick<Precision, 'id' | 'computeDtype' | 'nativeOn' | 'fallbacks'>,
  engineId: string
): string {
  const what = hardware.id ? `hardware "${hardware.id}"` : 'the inline hardware'
  const native = precision.nativeOn?.length ? ` (native on ${precision.nativeOn.join(', ')})` : ''
  const elsewhere = (precision.fallbacks ?? []).map((f) => `${f.engines.join('/')} on ${f.architectures.join(', ')}`)
  const fallbacks = elsewhere.length > 0 ? `; weight-only fallbacks exist for ${elsewhere.join('; ')}, none for ${engineId} on ${hardware.architecture ?? 'hardware of unknown generation'}` : ''
  return `precision "${precision.id}" needs ${precision.computeDtype.toUpperCase()} matrix units${native}, which ${what} does not have${fallbacks}`
}

/** The warning of an estimate made without a compute figure: what is missing and what is left out. */
export function missingComputeWarning(hardware: Pick<ResolvedHardware, 'id'>, dtype: ComputeDtype): string {
  const what = hardware.id ? `hardware "${hardware.id}"` : 'the inline hardware'
  return `${what} has no published ${dtype} TFLOPS figure (tflops.${dtype}): prompt processing is not estimated, so ttftMs, totalMs, prefill throughput and the cost per request are null; decode assumes it is bandwidth-bound. Give the hardware inline with tflops.${dtype} for a full estimate`
}
