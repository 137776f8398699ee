// A precision entry of the catalog (precisions.json): a weight or KV-cache format, where it runs
// natively and the fallback kernels engines use elsewhere.
import Type, { type Static } from 'typebox'
import { named, StringEnum } from '../primitives.js'
import { ComputeDtype, Id, Sources } from './common.js'

export const PrecisionFallback = named('PrecisionFallback', Type.Object(
  {
    architectures: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 20, description: 'Chip generations (hardware.architecture) this fallback runs on.' }),
    engines: Type.Array(Id, { minItems: 1, description: 'Engines that ship the fallback kernel.' }),
    computeDtype: ComputeDtype,
    kernel: Type.String({ minLength: 1, maxLength: 200, description: 'The kernel that runs instead, named as the engine names it (weight-only: weights stay in the format and are dequantized inside the matrix multiply).' }),
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'What the fallback costs or how it was read from the source.' })),
    sources: Sources
  },
  {
    additionalProperties: false,
    description: 'How an engine runs a format on hardware without native units for it: the weights keep their size, the matrix math runs at computeDtype.'
  }
))
export type PrecisionFallback = Static<typeof PrecisionFallback>

export const Precision = named('Precision', Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 60, description: 'Display name.' }),
    format: named('PrecisionFormat', StringEnum(['float', 'integer', 'gguf'], {
      description: 'float: plain floating point; integer: weight-only or W8A8 integer formats; gguf: llama.cpp block formats.'
    })),
    bitsPerWeight: Type.Number({ exclusiveMinimum: 0, maximum: 32, description: 'Bits stored per weight, scales and zero points included.' }),
    computeDtype: ComputeDtype,
    embeddingsBitsPerWeight: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 32, description: 'Bits per weight of the token embedding and output head when the format leaves them wider than the rest.' })
    ),
    expertsOnly: Type.Optional(
      Type.Object(
        { nonExpertPrecision: Id },
        {
          additionalProperties: false,
          description:
            'The engines apply this format to the routed experts of a mixture-of-experts model only: its other weights (attention, router, embeddings, head) stay in nonExpertPrecision, and a model without experts cannot be run in it.'
        }
      )
    ),
    usableForKvCache: Type.Boolean({ description: 'Engines can store the KV cache in this format.' }),
    kvBitsPerValue: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 32, description: 'Bits per cached key/value element when used for the KV cache.' })),
    engines: Type.Optional(Type.Array(Id, { description: 'Engines that run this format; absent means every engine.' })),
    kvEngines: Type.Optional(Type.Array(Id, { description: 'Engines that store the KV cache in this format when that differs from engines.' })),
    nativeOn: Type.Optional(
      Type.Array(Type.String({ maxLength: 40 }), {
        maxItems: 20,
        description: 'Chip generations (hardware.architecture) whose matrix units run computeDtype, so the format runs without dequantizing. A device runs it natively when its architecture is listed and its tflops has a computeDtype rate (a device without a recorded architecture: when the rate is there).'
      })
    ),
    fallbacks: Type.Optional(Type.Array(PrecisionFallback, { maxItems: 10, description: 'What engines do on hardware without native support; absent or no match means the format cannot run there.' })),
    notes: Type.Optional(Type.String({ maxLength: 2000, description: 'Caveats and how figures were read.' })),
    sources: Sources
  },
  { additionalProperties: false, description: 'A weight precision or quantization format.' }
))
export type Precision = Static<typeof Precision>
