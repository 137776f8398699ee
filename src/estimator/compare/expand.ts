// The candidates of a /compare request: its list, or its matrix expanded; and where in the
// request each candidate field came from, so a problem can name the field the user wrote.
import type { Catalog } from '../../catalog/index.js'
import { findHardware, findModel } from '../../catalog/lookup.js'
import type { Candidate, CompareRequest } from '../../schemas/compare.js'
import { MAX_CANDIDATES } from '../../schemas/compare.js'
import type { EstimateResponse } from '../../schemas/estimate-answer.js'
import { DEFAULT_DEVICE_COUNT, defaultMatrixDeployment } from '../defaults.js'
import { LimitError, unprocessable, type FieldProblem } from '../errors.js'

/** A candidate and the request pointer of each of its fields. */
export interface Expanded {
  candidate: Candidate
  pointers: Record<string, string>
}

const CANDIDATE_FIELDS = ['model', 'hardware', 'precision', 'kvCachePrecision', 'engine', 'deviceCount', 'deployment']

/** Row label: catalog ids where the candidate's names resolve (aliases become ids), else what was given. */
export function rowLabel(catalog: Catalog, candidate: Candidate, answer?: EstimateResponse): string {
  const given = candidate.model
  const model = answer?.model.id ?? (typeof given === 'string' ? (findModel(catalog, given)?.id ?? given) : (given.name ?? 'inline-model'))
  if ((answer?.deployment ?? candidate.deployment) === 'api') return `${model}@api`
  const hardwareGiven = candidate.hardware
  const hardware = answer?.hardware?.id ?? (typeof hardwareGiven === 'string' ? (findHardware(catalog, hardwareGiven)?.id ?? hardwareGiven) : (hardwareGiven?.name ?? 'inline-hardware'))
  return `${model}@${hardware}x${answer?.deviceCount ?? candidate.deviceCount ?? DEFAULT_DEVICE_COUNT}/${answer?.precision ?? candidate.precision ?? 'default'}${costBasisSuffix(candidate, answer)}`
}

/** Owned rows end in /local or /edge, rented rows at a spot or reserved price in /spot or /reserved; on-demand rental keeps the plain label. */
function costBasisSuffix(candidate: Candidate, answer?: EstimateResponse): string {
  const deployment = answer?.deployment ?? candidate.deployment
  if (deployment === 'local' || deployment === 'edge') return `/${deployment}`
  const pricing = answer ? answer.cost.basis.pricing : candidate.pricing
  if (pricing && pricing !== 'on-demand') return `/${pricing.startsWith('reserved') ? 'reserved' : pricing}`
  return ''
}

/**
 * A matrix model is compared through its provider's API when the matrix asks for api, and a closed
 * catalog model always: it has no weights to self-host, so the matrix's deployment is the open models'.
 */
function viaApi(catalog: Catalog, matrix: NonNullable<CompareRequest['matrix']>, modelRef: string): boolean {
  if (matrix.deployment === 'api') return true
  const model = findModel(catalog, modelRef)
  return model !== undefined && !model.openWeights
}

function expandMatrix(catalog: Catalog, matrix: NonNullable<CompareRequest['matrix']>): Expanded[] {
  const allHardware = matrix.hardware === 'all' || matrix.hardware === undefined
  const hardwareRefs = allHardware ? catalog.hardware.map((entry) => entry.id) : (matrix.hardware as string[])
  const precisions = matrix.precisions ?? [undefined]
  const deviceCounts = matrix.deviceCounts ?? [DEFAULT_DEVICE_COUNT]
  const apiModels = matrix.models.filter((ref) => viaApi(catalog, matrix, ref))
  const total = apiModels.length + (matrix.models.length - apiModels.length) * hardwareRefs.length * precisions.length * deviceCounts.length
  if (total > MAX_CANDIDATES) {
    throw new LimitError('Too many candidates', `the matrix expands to ${total} candidates; at most ${MAX_CANDIDATES} per call`, [
      { pointer: '/body/matrix', detail: `expands to ${total} candidates (models × hardware × precisions × deviceCounts); the limit is ${MAX_CANDIDATES}` }
    ])
  }
  const deploymentAt = (modelAt: string) => (matrix.deployment ? '/body/matrix/deployment' : modelAt)
  const expanded: Expanded[] = []
  matrix.models.forEach((modelRef, modelIndex) => {
    const modelAt = `/body/matrix/models/${modelIndex}`
    if (apiModels.includes(modelRef)) {
      expanded.push({ candidate: { model: modelRef, deployment: 'api' }, pointers: { model: modelAt, deployment: deploymentAt(modelAt) } })
      return
    }
    hardwareRefs.forEach((hardwareRef, hardwareIndex) => {
      const entry = findHardware(catalog, hardwareRef)
      const deployment = matrix.deployment ?? (entry ? defaultMatrixDeployment(entry) : undefined)
      precisions.forEach((precision, precisionIndex) => {
        deviceCounts.forEach((deviceCount, countIndex) => {
          expanded.push({
            candidate: { model: modelRef, hardware: hardwareRef, deviceCount, ...(precision ? { precision } : {}), ...(deployment ? { deployment } : {}) },
            pointers: {
              model: modelAt,
              hardware: allHardware ? '/body/matrix/hardware' : `/body/matrix/hardware/${hardwareIndex}`,
              precision: precision ? `/body/matrix/precisions/${precisionIndex}` : '/body/matrix/precisions',
              kvCachePrecision: '/body/matrix',
              engine: '/body/matrix',
              deviceCount: matrix.deviceCounts ? `/body/matrix/deviceCounts/${countIndex}` : '/body/matrix/deviceCounts',
              deployment: deploymentAt(modelAt)
            }
          })
        })
      })
    })
  })
  return expanded
}

/**
 * The candidates of a request: its list, or the matrix expanded (api models once, without
 * hardware; matrix rows deployed as defaultMatrixDeployment says unless the matrix names one).
 */
export function expandCandidates(catalog: Catalog, request: CompareRequest): Expanded[] {
  if ((request.candidates === undefined) === (request.matrix === undefined)) throw unprocessable('/body', 'give exactly one of candidates or matrix')
  if (request.matrix) return expandMatrix(catalog, request.matrix)
  return request.candidates!.map((candidate, index) => ({
    candidate,
    pointers: Object.fromEntries(CANDIDATE_FIELDS.map((field) => [field, `/body/candidates/${index}/${field}`]))
  }))
}

/** Points an estimator problem (which names /body/<field>/...) at the request field the candidate came from. */
export function relocate(errors: FieldProblem[], pointers: Record<string, string>): FieldProblem[] {
  return errors.map((problem) => {
    const match = problem.pointer.match(/^\/body\/([A-Za-z]+)(\/.*)?$/)
    const base = match ? pointers[match[1]!] : undefined
    if (!base) return problem
    const below = match![2] && !base.startsWith('/body/matrix') ? match![2] : ''
    return { ...problem, pointer: `${base}${below}` }
  })
}
