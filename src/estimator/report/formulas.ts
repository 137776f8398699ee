// The model behind every answer, in words: each formula once, under a stable id. Answers list the ids
// they used (assumptions.formulaIds); the text is in GET /formulas and in answers asked with
// include=formulas.

import { SERVICE_VERSION } from '../../version.js'

export const FORMULAS = {
  'weights': 'weights = total parameters × bits per weight / 8 (embeddings and output head at their own width for weight-only formats; every expert stays resident; a checkpoint that quantizes only its experts, as gpt-oss\'s MXFP4, keeps the other weights at their own width); the default precision is the published checkpoint\'s where the hardware runs it',
  'kv-cache': 'KV cache per token = 2 × layers × kvHeads × headDim × bytes per value (MLA: layers × (latent + rope key)); sliding-window layers keep at most the window, chunked-attention layers at most one chunk; total = per sequence × batch',
  'fit': 'fits: the engine\'s memory rule per device (vLLM/SGLang: a fixed share of device memory holds weights, activations, runtime and KV; TensorRT-LLM: KV gets a share of what is free; llama.cpp/transformers: allocate what they need)',
  'prefill': 'prefill = max(2 × active parameters × prompt tokens × batch (the output head only for each sequence\'s last token, the input embedding a lookup) + attention FLOPs, over peak TFLOPS × compute efficiency; weight reads over bandwidth, once per chunk of the engine\'s token budget) + each chunk\'s all-reduces on several devices, never less than each chunk\'s decode step of its sequences with nothing cached (without its fixed step cost) + fixed prefill cost',
  'decode-step': 'decode step = max(weights routed to / (bandwidth × efficiency, less a dequantization penalty for quantized weights) + KV of every sequence / (bandwidth × efficiency); 2 × active parameters × batch / (peak × compute efficiency)) + fixed and per-layer step costs, at the average context prompt + output/2',
  'multi-device': 'several devices: tensor parallelism adds bandwidth and compute and pays two all-reduces per layer (each moving 2(n−1)/n of the layer\'s activations at the measured all-reduce bus bandwidth where the catalog has one, else at the link rate, plus the engine\'s fitted latency, which, where the engine says over how many devices it was fitted, scales with the length of the ring: 0.30 of the eight-device figure on two devices, 0.53 on four); a layer split runs devices in turn, each hand-off paying that latency in full',
  'device-hours': 'device-hours per request = devices × time / batch (no load given), or devices / (completed requests per second × 3600) at the serving operating point (a busy deployment shares its hours among more requests)',
  'cost-cloud': 'cost (cloud) = device-hours per request × hourly price at the pricing tier (on-demand: the catalog\'s typical price; spot, reserved: its dated tier price)',
  'cost-owned': 'cost (local, edge) = device-hours per request × (purchase price / (amortizationYears × 365 × hoursPerDay) + maintenanceShareOfHardwarePerYear × purchase price / (365 × hoursPerDay) + rated power × electricity price × PUE); the PUE − 1 part is cooling and power delivery',
  'per-million': 'per million output tokens = per request / output tokens × 1e6',
  'api-latency': 'latency from the provider\'s typical served figures: total = TTFT + (output tokens - 1) / output speed',
  'api-cost': 'cost = uncached prompt tokens × input price + cached prompt tokens (prompt × cachedPromptShare) × cached-input price + output tokens × output price (USD per million tokens / 1e6); prompts above a long-prompt threshold pay that tier\'s prices',
  'serving-step': 'serving step (continuous batching) = the roofline of what one engine step carries: weights read once, the distinct MoE experts its tokens route to, the KV of every decoding sequence at its current length, and the FLOPs of every decode token and prompt chunk in it; plus the tensor-parallel all-reduce and the engine\'s fixed, per-layer, per-MoE-layer and per-sequence step costs; a step carrying prompt tokens never shorter than the decode-only step of its sequences; a decode step whose count of sequences varies pays eager launches for the share of its occurrences past the largest captured CUDA graph (normal approximation of the count)',
  'serving-limits': 'running sequences = min(engine sequence limit, sequences whose KV fits the engine\'s pool: full length for TensorRT-LLM, current length for vLLM and SGLang); a step carries at most maxBatchedTokens prompt tokens; further requests wait',
  'serving-operating-point': 'operating point = the fixed point, seen from one request, between the request rate and the steps it creates: TPOT = mean step time with the sequences in flight (Little: running = rate × time in system) and the prompt chunks mixed into steps (vLLM, TensorRT-LLM) or run as their own steps (SGLang); TTFT = wait for the step budget + own prompt chunks + fixed time; closed loop: clients = rate × (time in system + queue wait); open loop: requests arrive at the given rate (Poisson)',
  'serving-queue': 'queueing: below capacity an open loop waits as an M/D/c queue for a running slot; a closed loop beyond what the KV pool holds waits for a slot; beyond capacity the deployment is saturated and the figures describe the first 10 minutes of arrivals',
  'serving-percentiles': 'percentiles (p50, p90, p99) from the queue\'s waiting-time distribution (exponential with an atom at zero for Poisson arrivals, convoy spread for closed loops) and from how much a step varies (binomial count of steps that carry prompt chunks, variance of the sequences in flight); every request has the given prompt and output lengths; a closed loop\'s TTFT (mean and percentiles) also holds its start-up wave, as a benchmark run reports it: the N clients start together, so the run\'s first N prompts queue behind each other for the step budget (plus the engine\'s fitted start-up cost), and the prompts the engine admits at once (N, up to its running-sequence limit) are that many thousandths of the run (the default run of 1,000 prompts of vllm bench serve and SGLang\'s bench_serving; 5 per client past 200 clients, as SGLang\'s published runs send); clients beyond the limit get slots one per completed request after the wave',
  'serving-capacity': 'capacity = the request rate the deployment sustains when requests never stop coming (the running-sequence limit reached), with what limits it: the engine sequence limit, the KV cache, compute or bandwidth',
  'serving-cost': 'under a load, the top-level latency, throughput and memory describe the operating point, and cost shares the deployment\'s hours among the requests it completes',
} as const

export type FormulaId = keyof typeof FORMULAS

export const SELF_HOSTED_FORMULA_IDS: readonly FormulaId[] = ['weights', 'kv-cache', 'fit', 'prefill', 'decode-step', 'multi-device', 'device-hours', 'cost-cloud', 'cost-owned', 'per-million']
export const SERVING_FORMULA_IDS: readonly FormulaId[] = ['serving-step', 'serving-limits', 'serving-operating-point', 'serving-queue', 'serving-percentiles', 'serving-capacity', 'serving-cost']
export const API_FORMULA_IDS: readonly FormulaId[] = ['api-latency', 'api-cost']

/** The text of each formula id, in order. */
export const formulaTexts = (ids: readonly string[]): string[] => ids.map((id) => FORMULAS[id as FormulaId] ?? id)

/** GET /formulas: every formula with its id. */
export const formulaList = () => ({ estimatorVersion: SERVICE_VERSION, formulas: Object.entries(FORMULAS).map(([id, text]) => ({ id, text })) })
