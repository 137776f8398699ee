// What can run with what: engine × hardware, precision × engine, KV-cache format × engine, how an
// engine splits a model across devices, and which compute rate a data type gets on a device. Each
// rule answers with the reason it fails (undefined when it holds); resolve.ts turns that into a
// problem naming the request field.
import type { ComputeDtype, Engine, HardwareKind, ModelArchitecture, Precision } from '../schemas/catalog.js'
import type { ResolvedHardware } from './scenario.js'

export function engineHardwareProblem(engine: Pick<Engine, 'id' | 'hardwareKinds'>, kind: HardwareKind): string | undefined {
  if (engine.hardwareKinds.includes(kind)) return undefined
  return `engine "${engine.id}" does not run on ${kind} hardware (it runs on ${engine.hardwareKinds.join(', ')})`
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
 * (same tensor-core rate on every catalogued part that has both); CPUs and Apple GPUs run 16-bit
 * math at their fp32 rate when no 16-bit figure is published.
 */
export function peakTflopsFor(hardware: Pick<ResolvedHardware, 'kind' | 'tflops'>, dtype: ComputeDtype): number | undefined {
  const tflops = hardware.tflops
  // CPUs run 16-bit weights through their fp32 SIMD units (llama.cpp dequantizes to fp32); a CPU's
  // bf16 figure is a matrix extension (AMX) that only bf16 itself uses.
  if (hardware.kind === 'cpu') return dtype === 'bf16' ? (tflops.bf16 ?? tflops.fp32) : dtype === 'fp16' ? (tflops.fp16 ?? tflops.fp32) : tflops[dtype]
  const vectorFallback = hardware.kind === 'apple' ? tflops.fp32 : undefined
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

/**
 * Whether the hardware can run a precision's matrix math (it has a compute figure for the format's
 * data type). The default precision follows a model's published format only where this holds.
 */
export function precisionRunsOn(precision: Pick<Precision, 'computeDtype'>, hardware: Pick<ResolvedHardware, 'kind' | 'tflops'>): boolean {
  return peakTflopsFor(hardware, precision.computeDtype) !== undefined
}

/** The problem when the hardware has no compute figure for the precision's data type: the field to blame and why. */
export function missingComputeProblem(hardware: Pick<ResolvedHardware, 'id'>, precision: Pick<Precision, 'id' | 'computeDtype'>): { field: 'precision' | 'hardware'; detail: string } {
  const what = hardware.id ? `hardware "${hardware.id}"` : 'the inline hardware'
  const dtype = precision.computeDtype
  return {
    field: dtype === 'fp8' || dtype === 'fp32' ? 'precision' : 'hardware',
    detail:
      dtype === 'fp8'
        ? `precision "${precision.id}" needs FP8 matrix units, which ${what} does not have`
        : `${what} has no published ${dtype} TFLOPS figure, so prompt processing cannot be estimated; give the hardware inline with tflops.${dtype}`
  }
}
