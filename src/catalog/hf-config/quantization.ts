// The precision of the published checkpoint, read from a config.json: its quantization_config
// when there is one (mxfp4, fp8, compressed-tensors, modelopt, awq, gptq), else its dtype.
import type { NativePrecisionScope } from '../../schemas/catalog.js'
import { ConfigProblem, type ConfigKeys } from './keys.js'

export interface NativePrecision {
  nativePrecision: string | undefined
  nativePrecisionScope: NativePrecisionScope | undefined
  nativeNonExpertPrecision: string | undefined
}

const DTYPES: Record<string, string> = { bfloat16: 'bf16', float16: 'fp16', float32: 'fp32' }

export const READABLE_QUANT_METHODS = ['mxfp4', 'fp8', 'compressed-tensors', 'modelopt', 'awq', 'gptq']

/** Weight format of compressed-tensors / modelopt configs, from the bits and type of the weights. */
function compressedTensorsPrecision(quantization: ConfigKeys): string | undefined {
  const groups = quantization.object('config_groups')
  if (!groups) return undefined
  const first = groups.keys()[0]
  const group = first ? groups.object(first) : undefined
  const weights = group?.object('weights')
  if (!weights) return undefined
  const bits = weights.optionalInt('num_bits')
  const type = weights.string('type')
  const activationBits = group?.object('input_activations')?.optionalInt('num_bits')
  if (type === 'float' && bits === 4) return 'nvfp4'
  if (type === 'float' && bits === 8) return 'fp8'
  if (type === 'int' && bits === 8) return activationBits === 8 ? 'w8a8' : 'int8'
  if (type === 'int' && bits === 4) return 'int4'
  return undefined
}

/** Precision of the published checkpoint: its quantization_config, else its dtype. */
export function nativePrecision(root: ConfigKeys, languageModel: ConfigKeys, hasExperts: boolean): NativePrecision {
  const dtype = root.string('torch_dtype') ?? root.string('dtype') ?? languageModel.string('torch_dtype') ?? languageModel.string('dtype')
  const plain = dtype !== undefined ? DTYPES[dtype] : undefined
  const quantization = root.object('quantization_config') ?? languageModel.object('quantization_config')
  const wholeModel = { nativePrecisionScope: undefined, nativeNonExpertPrecision: undefined }
  if (!quantization) return { nativePrecision: plain, ...wholeModel }
  const method = quantization.string('quant_method')
  switch (method) {
    case 'mxfp4':
      // The engines' MXFP4 method quantizes the routed experts only (catalog precision mxfp4, expertsOnly):
      // gpt-oss keeps attention, router, embeddings and head out of it, and a dense model has nothing it covers.
      if (!hasExperts) {
        throw new ConfigProblem(quantization.pointer('quant_method'), 'mxfp4 checkpoints quantize the routed experts of a mixture-of-experts model, and this config has none')
      }
      return { nativePrecision: 'mxfp4', nativePrecisionScope: 'experts', nativeNonExpertPrecision: plain ?? 'bf16' }
    case 'fp8':
      return { nativePrecision: 'fp8', ...wholeModel }
    case 'awq':
    case 'gptq': {
      const bits = quantization.int('bits')
      if (bits === 4) return { nativePrecision: 'int4', ...wholeModel }
      if (bits === 8) return { nativePrecision: 'int8', ...wholeModel }
      throw new ConfigProblem(quantization.pointer('bits'), `${method} with ${bits} bits has no catalog precision; readable: 4 or 8`)
    }
    case 'modelopt': {
      const algorithm = quantization.string('quant_algo')
      if (algorithm === 'NVFP4') return { nativePrecision: 'nvfp4', ...wholeModel }
      if (algorithm === 'FP8') return { nativePrecision: 'fp8', ...wholeModel }
      throw new ConfigProblem(quantization.pointer('quant_algo'), `modelopt quant_algo ${JSON.stringify(algorithm)} cannot be read; readable: NVFP4, FP8`)
    }
    case 'compressed-tensors': {
      const precision = compressedTensorsPrecision(quantization)
      if (!precision) throw new ConfigProblem(quantization.pointer('config_groups'), 'compressed-tensors weights are neither 4/8-bit float nor 4/8-bit int')
      return { nativePrecision: precision, ...wholeModel }
    }
    default:
      throw new ConfigProblem(quantization.pointer('quant_method'), `quant_method ${JSON.stringify(method)} cannot be read; readable: ${READABLE_QUANT_METHODS.join(', ')}`)
  }
}
