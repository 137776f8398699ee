// The published checkpoint's precision: quantization_config first, else the dtype.
import { describe, expect, it } from 'vitest'
import { ConfigKeys } from '../../../src/catalog/hf-config/keys.js'
import { nativePrecision } from '../../../src/catalog/hf-config/quantization.js'

const precisionOf = (config: Record<string, unknown>, hasExperts = false) => {
  const root = new ConfigKeys(config, '')
  return nativePrecision(root, root, hasExperts)
}

describe('nativePrecision', () => {
  it('the dtype when there is no quantization_config; undefined when neither is stated', () => {
    expect(precisionOf({ torch_dtype: 'bfloat16' }).nativePrecision).toBe('bf16')
    expect(precisionOf({ dtype: 'float16' }).nativePrecision).toBe('fp16')
    expect(precisionOf({}).nativePrecision).toBeUndefined()
  })
  it('gpt-oss MXFP4 covers the experts only, the rest in the dtype', () => {
    expect(precisionOf({ torch_dtype: 'bfloat16', quantization_config: { quant_method: 'mxfp4' } }, true)).toEqual({
      nativePrecision: 'mxfp4',
      nativePrecisionScope: 'experts',
      nativeNonExpertPrecision: 'bf16'
    })
  })
  it('MXFP4 covers the experts of any mixture-of-experts config (the engines quantize nothing else); a dense config in it is a problem at quant_method', () => {
    expect(precisionOf({ torch_dtype: 'bfloat16', quantization_config: { quant_method: 'mxfp4' } }, true)).toMatchObject({ nativePrecisionScope: 'experts', nativeNonExpertPrecision: 'bf16' })
    expect(() => precisionOf({ torch_dtype: 'bfloat16', quantization_config: { quant_method: 'mxfp4' } })).toThrow(/mxfp4 checkpoints quantize the routed experts of a mixture-of-experts model, and this config has none/)
  })
  it('awq / gptq by bits, modelopt by algorithm, compressed-tensors by weight type and bits', () => {
    expect(precisionOf({ quantization_config: { quant_method: 'awq', bits: 4 } }).nativePrecision).toBe('int4')
    expect(precisionOf({ quantization_config: { quant_method: 'gptq', bits: 8 } }).nativePrecision).toBe('int8')
    expect(precisionOf({ quantization_config: { quant_method: 'modelopt', quant_algo: 'NVFP4' } }).nativePrecision).toBe('nvfp4')
    const w8a8 = { quant_method: 'compressed-tensors', config_groups: { group_0: { weights: { num_bits: 8, type: 'int' }, input_activations: { num_bits: 8 } } } }
    expect(precisionOf({ quantization_config: w8a8 }).nativePrecision).toBe('w8a8')
  })
  it('an unreadable method or bit width is a problem naming the key', () => {
    expect(() => precisionOf({ quantization_config: { quant_method: 'bitsandbytes' } })).toThrow(/quant_method "bitsandbytes" cannot be read/)
    expect(() => precisionOf({ quantization_config: { quant_method: 'gptq', bits: 3 } })).toThrow(/gptq with 3 bits/)
  })
})
