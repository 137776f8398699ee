// Response and query schemas of the catalog, health and readiness routes.
import Type from 'typebox'
import { CatalogVersionField } from './estimate.js'
import { Engine, Hardware, HardwareKind, Model, Precision } from './catalog.js'

const Version = Type.String({ description: 'Catalog version the answer comes from.' })

export const FitOption = Type.Object(
  {
    precision: Type.String({ description: 'Precision id.' }),
    engine: Type.String({ description: 'Engine assumed: the hardware\'s default, or the first that serves the precision.' }),
    minDevices: Type.Integer({ description: 'Fewest devices that hold the model and one sequence of contextTokens under the engine\'s memory rule.' }),
    perDeviceGB: Type.Number({ description: 'Memory one device needs at that device count, GB (1e9 bytes).' })
  },
  { additionalProperties: false }
)

const FitBasis = Type.Object(
  {
    contextTokens: Type.Integer({ description: 'Length of the one sequence whose KV cache is counted, tokens.' }),
    maxDevices: Type.Integer({ description: 'Largest device count considered for GPUs and TPUs (CPUs and Apple machines count as one device).' })
  },
  { additionalProperties: false }
)

export const ModelsQuery = Type.Object(
  {
    catalogVersion: Type.Optional(CatalogVersionField),
    openWeights: Type.Optional(Type.Boolean({ description: 'Only models whose weights are (true) or are not (false) published.' })),
    family: Type.Optional(Type.String({ maxLength: 40, description: 'Only this family (e.g. llama, qwen, gpt).' })),
    minContext: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'Only models with at least this context window, tokens.' })),
    maxParametersB: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Only models with at most this many parameters, billions.' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Text search in id, name and family (case-insensitive).' }))
  },
  { additionalProperties: false }
)

export const ModelList = Type.Object(
  { catalogVersion: Version, count: Type.Integer({ description: 'Number of models returned.' }), models: Type.Array(Model) },
  { additionalProperties: false }
)

export const ModelDetailQuery = Type.Object(
  {
    catalogVersion: Type.Optional(CatalogVersionField),
    contextTokens: Type.Optional(Type.Integer({ minimum: 2, maximum: 10_000_000, description: 'Sequence length the fit table assumes; default 4096 or the model\'s context if shorter.' }))
  },
  { additionalProperties: false }
)

export const ModelDetail = Type.Object(
  {
    catalogVersion: Version,
    model: Model,
    fits: Type.Object(
      {
        basis: FitBasis,
        hardware: Type.Array(
          Type.Object(
            { hardwareId: Type.String(), name: Type.String(), options: Type.Array(FitOption) },
            { additionalProperties: false }
          ),
          { description: 'Catalog hardware the model fits on, with each precision that fits and on how many devices.' }
        )
      },
      { additionalProperties: false }
    )
  },
  { additionalProperties: false }
)

export const HardwareQuery = Type.Object(
  {
    catalogVersion: Type.Optional(CatalogVersionField),
    kind: Type.Optional(HardwareKind),
    minMemoryGB: Type.Optional(Type.Number({ minimum: 0, description: 'Only devices with at least this much memory, GB.' })),
    vendor: Type.Optional(Type.String({ maxLength: 40, description: 'Only this vendor (case-insensitive).' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Text search in id, name and vendor (case-insensitive).' }))
  },
  { additionalProperties: false }
)

export const HardwareList = Type.Object(
  { catalogVersion: Version, count: Type.Integer({ description: 'Number of devices returned.' }), hardware: Type.Array(Hardware) },
  { additionalProperties: false }
)

export const HardwareDetailQuery = ModelDetailQuery

export const HardwareDetail = Type.Object(
  {
    catalogVersion: Version,
    hardware: Hardware,
    fits: Type.Object(
      {
        basis: FitBasis,
        models: Type.Array(
          Type.Object({ modelId: Type.String(), name: Type.String(), options: Type.Array(FitOption) }, { additionalProperties: false }),
          { description: 'Catalog models that fit on this hardware, with each precision that fits and on how many devices.' }
        )
      },
      { additionalProperties: false }
    )
  },
  { additionalProperties: false }
)

export const CatalogInfo = Type.Object(
  {
    defaultVersion: Type.String({ description: 'Version used when a request does not pin one (the newest).' }),
    versions: Type.Array(
      Type.Object(
        {
          version: Type.String(),
          releasedAt: Type.String({ description: 'Release date, YYYY-MM-DD.' }),
          notes: Type.Optional(Type.String()),
          sha256: Type.String({ description: 'SHA-256 of the version\'s content after overrides, hex.' }),
          counts: Type.Object(
            { models: Type.Integer(), hardware: Type.Integer(), precisions: Type.Integer(), engines: Type.Integer() },
            { additionalProperties: false }
          ),
          overridden: Type.Array(Type.String(), { description: 'Entry ids added or replaced by the operator\'s override directory.' }),
          aliases: Type.Object(
            {
              models: Type.Record(Type.String(), Type.String()),
              hardware: Type.Record(Type.String(), Type.String())
            },
            { additionalProperties: false, description: 'Shorthand → id.' }
          )
        },
        { additionalProperties: false }
      )
    )
  },
  { additionalProperties: false }
)

export const PrecisionList = Type.Object({ catalogVersion: Version, precisions: Type.Array(Precision) }, { additionalProperties: false })
export const EngineList = Type.Object({ catalogVersion: Version, engines: Type.Array(Engine) }, { additionalProperties: false })

export const Health = Type.Object(
  {
    status: Type.Literal('ok'),
    version: Type.String({ description: 'Service version.' }),
    uptimeSeconds: Type.Number({ description: 'Seconds since the process started.' })
  },
  { additionalProperties: false }
)

export const Ready = Type.Object(
  {
    status: Type.Literal('ready'),
    catalog: Type.Object(
      { defaultVersion: Type.String(), versions: Type.Array(Type.String()), sha256: Type.String({ description: 'Hash of the default version.' }) },
      { additionalProperties: false }
    )
  },
  { additionalProperties: false }
)
