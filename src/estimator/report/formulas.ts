// The formulas of an answer, in words (assumptions.formulas).
export const SELF_HOSTED_FORMULAS = [
  'weights = total parameters × bits per weight / 8 (embeddings and output head at their own width for weight-only formats; every expert stays resident; a checkpoint that quantizes only its experts, as gpt-oss\'s MXFP4, keeps the other weights at their own width); the default precision is the published checkpoint\'s where the hardware runs it',
  'KV cache per token = 2 × layers × kvHeads × headDim × bytes per value (MLA: layers × (latent + rope key)); sliding-window layers keep at most the window, chunked-attention layers at most one chunk; total = per sequence × batch',
  'fits: the engine\'s memory rule per device (vLLM/SGLang: a fixed share of device memory holds weights, activations, runtime and KV; TensorRT-LLM: KV gets a share of what is free; llama.cpp/transformers: allocate what they need)',
  'prefill = max(2 × active parameters × prompt tokens × batch (the output head only for each sequence\'s last token, the input embedding a lookup) + attention FLOPs, over peak TFLOPS × compute efficiency; weight reads over bandwidth) + fixed prefill cost',
  'decode step = max(weights routed to / (bandwidth × efficiency, less a dequantization penalty for quantized weights) + KV of every sequence / (bandwidth × efficiency); 2 × active parameters × batch / (peak × compute efficiency)) + fixed and per-layer step costs, at the average context prompt + output/2',
  'several devices: tensor parallelism adds bandwidth and compute and pays two all-reduces per layer; a layer split runs devices in turn',
  'device-hours per request = devices × time / batch (no load given), or devices / (completed requests per second × 3600) at the serving operating point (a busy deployment shares its hours among more requests)',
  'cost (cloud) = device-hours per request × hourly price at the pricing tier (on-demand: the catalog\'s typical price; spot, reserved: its dated tier price)',
  'cost (local, edge) = device-hours per request × (purchase price / (amortizationYears × 365 × hoursPerDay) + maintenanceShareOfHardwarePerYear × purchase price / (365 × hoursPerDay) + rated power × electricity price × PUE); the PUE − 1 part is cooling and power delivery',
  'per million output tokens = per request / output tokens × 1e6'
]

export const API_FORMULAS = [
  'latency from the provider\'s typical served figures: total = TTFT + (output tokens - 1) / output speed',
  'cost = uncached prompt tokens × input price + cached prompt tokens (prompt × cachedPromptShare) × cached-input price + output tokens × output price (USD per million tokens / 1e6); prompts above a long-prompt threshold pay that tier\'s prices'
]
