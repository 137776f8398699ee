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
 * once. The wave is the prompts the engine admits at once (N, up to its running-sequence limit), so it
 * is that many thousandths of the run (a tenth at 100 clients); clients beyond the limit wait for a
 * slot, which the steady state's admission wait describes, so more clients never shorten the run's TTFT.
 */
export const DEFAULT_RUN_PROMPTS = 1000

export interface StartupWave {
  /** Share of the run's requests that arrive in the wave. */
  share: number
  /** TTFT of the first and of the last prompt of the wave, ms; the others fall evenly between. */
  firstMs: number
  lastMs: number
}

/**
 * The wave of `concurrency` prompts arriving at once on an idle engine: the engine admits up to its
 * running-sequence limit and packs their prompt tokens into steps of the token budget; the first
 * prompt is done after its own chunks, the last after the chunks of every prompt admitted. Every
 * prompt of the wave also waits the engine's start-up cost (the first prompt steps of a run, at batch
 * shapes the engine has not run since launch: kernels compiled or tuned on first use, memory pools
 * growing), a fitted figure, 0 where an engine has none.
 */
export function startupWave(context: ServingContext, concurrency: number): StartupWave | undefined {
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
  return {
    share: Math.min(1, admitted / DEFAULT_RUN_PROMPTS),
    firstMs: startMs + firstSteps * stepMs,
    lastMs: startMs + lastSteps * stepMs
  }
}
