// Domain errors the estimator throws; the HTTP layer maps them to problem+json documents.

export interface FieldProblem {
  /** JSON pointer into the request, e.g. /body/precision or /params/id. */
  pointer: string
  detail: string
  suggestions?: string[]
}

/** The request is well-formed but cannot be answered (unknown catalog id, unsupported combination...). */
export class EstimateError extends Error {
  constructor(
    readonly status: 404 | 422,
    readonly title: string,
    detail: string,
    readonly errors: FieldProblem[] = []
  ) {
    super(detail)
    this.name = 'EstimateError'
  }
}

export const unprocessable = (pointer: string, detail: string, suggestions?: string[]) =>
  new EstimateError(422, 'Request cannot be estimated', detail, [{ pointer, detail, ...(suggestions?.length ? { suggestions } : {}) }])
