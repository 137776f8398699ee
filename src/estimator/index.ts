// The estimator's public face: what routes, the CLI and scripts call. Re-exports only; the work is
// in one file per step of request → resolve → scenario → physics → report (and compare, fits).
export { estimate, estimateScenario } from './estimate.js'
export { compare } from './compare/compare.js'
export { fitOptions, type FitOption } from './fits.js'
export { resolveScenario } from './resolve.js'
export { catalogFor } from './catalog-version.js'
export { answerVersions } from './versions.js'
export { defaultFitContext, FIT_CONTEXT_TOKENS, FIT_DEVICE_LIMIT } from './defaults.js'
export { EstimateError, unknownId, type FieldProblem } from './errors.js'
export type { Scenario, ApiScenario, SelfHostedScenario } from './scenario.js'
