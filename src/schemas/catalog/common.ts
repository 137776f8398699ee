// Pieces every catalog entry kind shares: ids, dates, sources, and the data types of matrix units.
import Type, { type Static } from 'typebox'
import { named, StringEnum } from '../primitives.js'

export const Id = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  minLength: 1,
  maxLength: 64,
  description: 'Catalog identifier: lower-case letters, digits, dot, dash and underscore.'
})

export const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}(-\\d{2})?$',
  description: 'Date as YYYY-MM-DD (or YYYY-MM when only the month is known).'
})

export const Source = named('Source', Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 500, description: 'Public location of the source: a URL or a named public document.' }),
    fields: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 40,
        description: 'Which fields of the entry this source backs; absent means the whole entry.'
      })
    ),
    accessed: Type.Optional(IsoDate),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'How the figure was read or derived from the source.' }))
  },
  { additionalProperties: false, description: 'A public source for catalog figures.' }
))
export type Source = Static<typeof Source>

export const Sources = Type.Array(Source, { minItems: 1, maxItems: 20, description: 'Public sources of this entry\'s figures.' })

export const PositiveInt = (description: string) => Type.Integer({ minimum: 1, description })

export const ComputeDtype = named('ComputeDtype', StringEnum(['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'fp4'], { description: 'Data type of the matrix units used for compute.' }))
export type ComputeDtype = Static<typeof ComputeDtype>
