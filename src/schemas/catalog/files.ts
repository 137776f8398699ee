// The files of one catalog version (catalog/<version>/): the manifest, the aliases, and which schema
// each file is validated against.
import Type, { type Static } from 'typebox'
import { Id, IsoDate } from './common.js'
import { Engine } from './engine.js'
import { Hardware } from './hardware.js'
import { Model } from './model.js'
import { Precision } from './precision.js'

export const Aliases = Type.Object(
  {
    models: Type.Record(Type.String(), Id, { description: 'Shorthand → model id.' }),
    hardware: Type.Record(Type.String(), Id, { description: 'Shorthand → hardware id.' })
  },
  { additionalProperties: false, description: 'Case-insensitive shorthands accepted wherever an id is.' }
)
export type Aliases = Static<typeof Aliases>

export const Manifest = Type.Object(
  {
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$', description: 'Catalog version, YEAR.MONTH.PATCH.' }),
    releasedAt: IsoDate,
    notes: Type.Optional(Type.String({ maxLength: 3000, description: 'How the engine behaves, in words.' }))
  },
  { additionalProperties: false }
)
export type Manifest = Static<typeof Manifest>

export const CatalogFiles = {
  'manifest.json': Manifest,
  'models.json': Type.Array(Model),
  'hardware.json': Type.Array(Hardware),
  'precisions.json': Type.Array(Precision),
  'engines.json': Type.Array(Engine),
  'aliases.json': Aliases
} as const
