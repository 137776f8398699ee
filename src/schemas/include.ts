// The `include` query of POST /estimate and POST /compare: what an answer adds to its lean default
// (the full text of its sources and formulas, and for /compare each row's full estimate).
import Type, { type Static } from 'typebox'

const listOf = (parts: readonly string[]) => `^(${parts.join('|')})(,(${parts.join('|')}))*$`

export const ESTIMATE_INCLUDE_PARTS = ['sources', 'formulas'] as const
export const COMPARE_INCLUDE_PARTS = ['estimate', 'sources', 'formulas'] as const
export type IncludePart = (typeof COMPARE_INCLUDE_PARTS)[number]

export const EstimateQuery = Type.Object(
  {
    include: Type.Optional(
      Type.String({
        pattern: listOf(ESTIMATE_INCLUDE_PARTS),
        maxLength: 64,
        description: 'Comma-separated parts to add to the answer: sources (each source of sourceIds with its note), formulas (the formulas of assumptions.formulaIds in words). Without it the answer names them by id only; GET /catalog/sources and GET /formulas give the same text.',
        examples: ['sources,formulas']
      })
    )
  },
  { additionalProperties: false }
)
export type EstimateQuery = Static<typeof EstimateQuery>

export const CompareQuery = Type.Object(
  {
    include: Type.Optional(
      Type.String({
        pattern: listOf(COMPARE_INCLUDE_PARTS),
        maxLength: 64,
        description: 'Comma-separated parts to add to the answer: estimate (each row\'s full /estimate answer), sources (every source of sourceIds, once for the whole answer), formulas (the formulas of formulaIds in words, once). Without it each row is a summary and metadata is named by id only.',
        examples: ['estimate']
      })
    )
  },
  { additionalProperties: false }
)
export type CompareQuery = Static<typeof CompareQuery>

/** The parts asked for, as a set (an absent query asks none). */
export const includedParts = (include: string | undefined): ReadonlySet<IncludePart> => new Set(include ? (include.split(',') as IncludePart[]) : [])
