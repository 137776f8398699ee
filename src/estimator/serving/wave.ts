// The start-up wave of a closed loop. Load generators (vllm bench serve --max-concurrency, SGLang's
// bench_serving, genai-perf / AIPerf) start all N clients at once, so the run's first N prompts
// arrive together and queue behind each other for the step budget: the k-th of them gets its first
// token only after the steps that carry the k prompts before it. The figures a benchmark reports
// (mean, median, p99 TTFT) are taken over the whole run, start-up wave included, so the wave is part
// of the TTFT distribution a closed loop sees. The wave's prompts also pay a one-off start-up cost
// that steady-state prompts do not (the engine's startupWaveMs, fitted).
import { prefillShape, type ServingContext } from './operating-point.js'

/**
 * Prompts a load generator sends in one run unless told otherwise: the default of `--num-prompts` in
 * both vllm bench serve and SGLang's bench_serving. A closed loop of N clients then starts N of them at
 * once, in a run of max(1,000, 5 × N) requests.
 */
export const DEFAULT_RUN_PROMPTS = 1000

/**
 * Requests per client a run holds at least: with many clients a run of 1,000 prompts (or of one per
 * client) would be the start-up wave alone, which no one runs to measure a steady state. SGLang's
 * published runs send 5 per client (80 prompts at 16 clients, 320 at 64, 500 at 100: the calibration
 * rows' notes), more in other runs (10 to 25 per client); below 200 clients 1,000 prompts hold more.
 */
export const RUN_PROMPTS_PER_CLIENT = 5

export interface StartupWave {
  /** Share of the run's requests that arrive in the wave and are admitted at once. */
  share: number
  /** TTFT of the first and of the last prompt of the wave, ms; the others fall evenly between. */
  firstMs: number
  lastMs: number
  /**
   * Share of the run's requests that arrive with the wave but find every slot taken (clients beyond
   * the engine's running-sequence limit), and the TTFT of the last of them, ms: they get slots one by
   * one as the engine completes requests, so their TTFTs fall evenly between lastMs and this.
   */
  queuedShare: number
  queuedLastMs: number
}

/**
 * The wave of `concurrency` prompts arriving at once on an idle engine: the engine admits up to its
 * running-sequence limit and packs their prompt tokens into steps of the token budget; the first
 * prompt is done after its own chunks, the last after the chunks of every prompt admitted. The
 * clients beyond the limit wait for slots, freed at the engine's steady completion rate
 * (`completionsPerSecond`): the k-th of them some k completions after the wave. Every
 * prompt of the wave also waits the engine's start-up cost (the first prompt steps of a run, at batch
 * shapes the engine has not run since launch: kernels compiled or tuned on first use, memory pools
 * growing), a fitted figure, 0 where an engine has none.
 */
export function startupWave(context: ServingContext, concurrency: number, completionsPerSecond: number): StartupWave | undefined {
  if (concurrency <= 1) return undefined
  const prompt = context.scenario.promptTokens
  const budget = Math.max(1, context.limits.maxBatchedTokens)
  const admitted = Math.max(1, Math.min(concurrency, context.limits.maxRunningSequences))
  const waveTokens = admitted * prompt
  const stepTokens = Math.min(budget, waveTokens)
  // Only prompts are in flight at the start: the steps are prefill steps of `stepTokens` tokens.
  const stepMs = context.step(prefillShape(stepTokens, prompt, budget, 0, 0)).ms
  const firstSteps = Math.ceil(Math.min(prompt, waveTokens) / stepTokens)
  const lastSteps = Math.ceil(waveTokens / stepTokens)
  const startMs = context.prefillOverheadMs + (context.scenario.engine.serving?.startupWaveMs ?? 0)
  const runRequests = Math.max(DEFAULT_RUN_PROMPTS, RUN_PROMPTS_PER_CLIENT * concurrency)
  const queued = Math.max(0, concurrency - admitted)
  const lastMs = startMs + lastSteps * stepMs
  return {
    share: admitted / runRequests,
    firstMs: startMs + firstSteps * stepMs,
    lastMs,
    queuedShare: queued / runRequests,
    queuedLastMs: lastMs + (completionsPerSecond > 0 ? (queued / completionsPerSecond) * 1000 : 0)
  }
}
