// An engine entry of the catalog (engines.json): its memory rule, efficiencies, serving behaviour
// and error bands.
import Type, { type Static } from 'typebox'
import { named, StringEnum } from '../primitives.js'
import { Id, Sources } from './common.js'
import { HardwareKind } from './hardware.js'

const KindEfficiency = Type.Object(
  {
    bandwidth: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Bandwidth efficiency on this hardware kind.' })),
    compute: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 2, description: 'Compute efficiency on this hardware kind, relative to the catalogued peak.' })),
    layerOverheadUs: Type.Optional(Type.Number({ minimum: 0, description: 'Decode overhead per layer per step on this hardware kind, microseconds.' })),
    dataCentreMeasured: Type.Optional(
      Type.Boolean({ description: 'false: the factors of this kind were fitted on consumer devices only (no data-centre device of the kind among the measurements), and an answer on data-centre hardware warns.' })
    )
  },
  { additionalProperties: false }
)

export const EngineEfficiency = named('EngineEfficiency', Type.Object(
  {
    decodeBandwidthEfficiency: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of peak memory bandwidth reached while decoding (MBU).' }),
    prefillComputeEfficiency: Type.Number({
      exclusiveMinimum: 0,
      maximum: 2,
      description: 'Compute reached while processing the prompt, as a share of the catalogued dense peak (MFU). Can exceed 1 where an engine uses a faster mode than the catalogued one (llama.cpp runs FP16 accumulate on GeForce cards, twice the FP32-accumulate figure NVIDIA lists).'
    }),
    decodeStepOverheadMs: Type.Number({ minimum: 0, description: 'Fixed time per decode step (scheduler, sampling, host synchronisation), milliseconds.' }),
    decodeLayerOverheadUs: Type.Number({ minimum: 0, description: 'Time per layer per decode step not explained by bandwidth (kernel launches, framework dispatch), microseconds.' }),
    eagerDecodeLayerOverheadUs: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'Time per layer of a decode step run without CUDA graphs (a batch beyond cudaGraphMaxBatchSize), microseconds, as measured and published; absent: decodeLayerOverheadUs, which steps carrying prompt tokens pay.'
      })
    ),
    prefillOverheadMs: Type.Number({ minimum: 0, description: 'Fixed time per prompt pass, milliseconds.' }),
    moeLayerOverheadUs: Type.Optional(
      Type.Number({ minimum: 0, description: 'Extra time per mixture-of-experts layer per step (routing, top-k, grouped expert kernels), microseconds; 0 when absent.' })
    ),
    moeExpertStepOverheadUs: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'Extra time per routed expert a step touches, per mixture-of-experts layer, microseconds (the grouped expert kernels schedule, load and reduce each expert\'s tile separately: a large batch touches nearly every expert, one token only its top-k); 0 when absent.'
      })
    ),
    fp4ComputeEfficiency: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 2,
        description: 'Compute reached by matrix multiplies in FP4 (NVFP4, MXFP4 on matrix units that run FP4 natively), as a share of the catalogued FP4 dense peak (block scales and smaller tiles keep it further from the peak than 8- and 16-bit GEMMs); prefillComputeEfficiency when absent.'
      })
    ),
    largeMatmulComputeEfficiency: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'Share of the catalogued peak that matrix multiplies with many rows (tokens in a step; for a routed expert, the tokens routed to it) approach: a multiply of m rows reaches this × m / (m + matmulHalfRateRows), or prefillComputeEfficiency when that is more (small multiplies leave matrix units idle and reuse each weight tile little). Absent: every multiply reaches prefillComputeEfficiency.'
      })
    ),
    matmulHalfRateRows: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Rows at which a matrix multiply reaches half of largeMatmulComputeEfficiency (see there); without it, largeMatmulComputeEfficiency is not used.' })
    ),
    quantizedDecodePenalty: Type.Number({ minimum: 1, maximum: 4, description: 'Divides bandwidth efficiency for quantized (integer or GGUF) weights: dequantization work per byte read.' }),
    quantizedPrefillPenalty: Type.Number({ minimum: 1, maximum: 4, description: 'Divides compute efficiency for quantized weights in prefill: dequantization before the matrix units.' }),
    quantizedLayerOverheadUs: Type.Number({ minimum: 0, description: 'Extra time per layer per decode step with weight-only integer formats (separate dequantization kernels), microseconds.' }),
    collectiveLatencyUs: Type.Number({ minimum: 0, description: 'Fixed latency of one device-to-device collective (an all-reduce, or one layer hand-off), microseconds.' }),
    collectiveLatencyDevices: Type.Optional(Type.Integer({ minimum: 2, maximum: 64, description: 'The device count collectiveLatencyUs is the all-reduce latency over: other counts pay the share a ring of their length takes of it (0.30 on two and 0.53 on four against eight). Absent: the same latency at every count (how catalog 2026.11.0 was fitted).' })),
    byKind: Type.Optional(Type.Record(Type.String(), KindEfficiency, { description: 'Values that replace the defaults above on a given hardware kind (gpu, apple, cpu, tpu).' })),
    fitted: Type.Boolean({ description: 'true when these factors were fitted to published measurements; false when they are documented defaults.' }),
    fittedFactors: Type.Optional(Type.Array(Type.String(), { description: 'Which of the factors were fitted (paths such as decodeBandwidthEfficiency or byKind.apple.compute); the others are documented defaults.' })),
    method: Type.String({ maxLength: 3000, description: 'How the factors were obtained.' })
  },
  { additionalProperties: false, description: 'Efficiency factors the roofline estimate is scaled by.' }
))
export type EngineEfficiency = Static<typeof EngineEfficiency>

export const ErrorBand = named('ErrorBand', Type.Object(
  {
    lowFactor: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Measured/estimated ratio at the low end of the calibration residuals (10th percentile with 10 or more rows, the smallest with fewer).' }),
    highFactor: Type.Number({ minimum: 1, description: 'Measured/estimated ratio at the high end of the calibration residuals (90th percentile with 10 or more rows, the largest with fewer).' }),
    rows: Type.Integer({ minimum: 0, description: 'Calibration rows the band was derived from.' }),
    outOfSample: Type.Optional(
      Type.Boolean({
        description:
          'Batch-1 bands (errorBands) only: true when the band is the 10th-90th percentile of 10 or more out-of-sample ratios (each published run scored with factors fitted without it); absent when it is the spread of the rows the factors were fitted to. Serving bands (serving.errorBands) are always leave-one-group-out and do not carry it.'
      })
    )
  },
  { additionalProperties: false }
))

export const EngineServing = named(
  'EngineServing',
  Type.Object(
  {
    mixesPrefillWithDecode: Type.Boolean({
      description: 'true: prompt chunks ride in the same step as the decode tokens of running sequences (vLLM chunked prefill, TensorRT-LLM in-flight batching); false: a prefill step runs on its own and decoding pauses for it (SGLang without mixed chunks).'
    }),
    kvReservation: StringEnum(['full-length', 'current-length'], {
      description: 'full-length: a request is admitted only when the KV of its whole prompt + output fits (TensorRT-LLM guaranteed-no-evict); current-length: blocks are allocated as sequences grow, so a running sequence holds on average its prompt plus half its output (vLLM, SGLang).'
    }),
    fp8KvCacheWithLowPrecisionWeights: Type.Optional(
      Type.Boolean({ description: 'With FP8 or FP4 weights the engine stores the KV cache in FP8 by default (TensorRT-LLM quantization recipes); otherwise the KV cache keeps the 16-bit default.' })
    ),
    perSequenceStepUs: Type.Number({ minimum: 0, maximum: 1000, description: 'Scheduling, sampling and bookkeeping time per running sequence per step beyond the first, microseconds.' }),
    prefillQueueFactor: Type.Number({ minimum: 0, maximum: 50, description: 'Multiplier on the modelled wait of a prompt for the step budget behind other prompts (1: Poisson-like; above 1: burstier admission).' }),
    startupWaveMs: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 10000,
        description: 'Extra time every prompt of a closed loop\'s start-up wave (the first N prompts of N clients started at once) waits before its first token, milliseconds: the first prompt steps of a run at batch shapes the engine has not run since launch. Fitted to published closed-loop TTFT figures; 0 when absent.'
      })
    ),
    fitted: Type.Boolean({ description: 'true when perSequenceStepUs and prefillQueueFactor were fitted to published serving measurements.' }),
    fittedFactors: Type.Optional(Type.Array(Type.String(), { description: 'Which serving factors were fitted.' })),
    method: Type.String({ maxLength: 3000, description: 'How the serving factors were obtained.' }),
    calibrationHardware: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 200,
        description: 'Catalog ids of the hardware the published serving runs the factors were fitted to ran on (written by scripts/calibrate-serving.ts). An answer under load on other hardware says that the factors are carried over.'
      })
    ),
    latencyCalibrationHardware: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 200,
        description: 'The part of calibrationHardware whose runs measured TTFT or TPOT, not only throughput. An answer under load on hardware with throughput runs only says that its latency figures are carried over.'
      })
    ),
    errorBands: Type.Optional(
      Type.Record(Type.String(), ErrorBand, {
        description: 'Per serving metric family (ttftMs, tpotMs, outputTokensPerSecond), the 10th-90th percentile of leave-one-group-out measured/estimated ratios.'
      })
    )
  },
  { additionalProperties: false, description: 'How the engine schedules requests under load (continuous batching), for the serving model.' }
  )
)
export type EngineServing = Static<typeof EngineServing>

export const DeviceMemoryDefaults = named('DeviceMemoryDefaults', Type.Object(
  {
    minDeviceMemoryGB: Type.Number({ minimum: 0, description: 'Applies to devices with at least this much memory, GB (1e9 bytes), as the engine reads it (memoryCapacityGB where recorded).' }),
    maxSequences: Type.Optional(Type.Integer({ minimum: 1, description: 'Most sequences run at once on such devices.' })),
    maxTokensInFlight: Type.Optional(Type.Integer({ minimum: 1, description: 'Batched-token budget per step on such devices.' })),
    memoryFraction: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Memory share on such devices.' })),
    cudaGraphMaxBatchSize: Type.Optional(Type.Integer({ minimum: 1, description: 'Largest CUDA-graph batch on such devices.' })),
    reservedMemoryGB: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'Memory the engine keeps outside its static share on such devices, GB: the share is then 1 - reserved / device memory (SGLang mem_fraction_static), reserved being this plus reservedMemoryPerTensorParallelRankGB per rank.'
      })
    ),
    reservedMemoryPerTensorParallelRankGB: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'Memory the engine keeps outside its static share for each device the model is split over (tensor parallel), GB, beyond reservedMemoryGB.'
      })
    ),
    minTensorParallel: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Applies only when the model is split over at least this many devices by tensor parallelism (SGLang raises its CUDA-graph batch limit from 4).'
      })
    ),
    exceptHardware: Type.Optional(Type.Array(Id, { description: 'Catalog hardware this entry does not apply to even when memory qualifies (vLLM treats A100s apart).' })),
    note: Type.String({ minLength: 1, maxLength: 1000, description: 'The rule as the engine\'s source states it.' })
  },
  { additionalProperties: false, description: 'Engine defaults for devices with at least minDeviceMemoryGB of memory (and, with minTensorParallel, runs split over at least that many devices); the last entry that applies wins.' }
))
export type DeviceMemoryDefaults = Static<typeof DeviceMemoryDefaults>

export const Engine = named('Engine', Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 60, description: 'Display name.' }),
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Engine release (or commit) whose defaults the memory and scheduler fields record.' })),
    hardwareKinds: Type.Array(HardwareKind, { minItems: 1, description: 'Hardware kinds the engine runs on.' }),
    vendors: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
        minItems: 1,
        description: 'Makers whose devices the engine runs on, as the hardware catalog names them (vendor); absent: every maker of its hardware kinds.'
      })
    ),
    multiDevice: named('MultiDevice', StringEnum(['tensor', 'layer'], {
      description: 'tensor: weights and KV are split across devices which work together (bandwidth adds up); layer: devices hold consecutive layers and take turns.'
    })),
    memory: Type.Object(
      {
        rule: named('MemoryRule', StringEnum(['fraction-of-total', 'static-fraction', 'fraction-of-free', 'on-demand'], {
          description: 'fraction-of-total: the engine claims a fixed share of device memory for weights, activations, runtime and KV blocks (vLLM); static-fraction: a fixed share holds weights and the KV pool, activations and runtime live outside it (SGLang mem_fraction_static); fraction-of-free: KV gets a share of what is free after weights (TensorRT-LLM); on-demand: allocates what it needs (llama.cpp, transformers).'
        })),
        memoryFraction: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'The share used by the rule (1 for on-demand).' }),
        runtimeOverheadGB: Type.Number({ minimum: 0, description: 'Per device memory the runtime itself takes (context, graphs, workspace), GB.' }),
        activationBytesPerTokenPerHidden: Type.Number({
          minimum: 0,
          description: 'Peak activation memory per token in flight, in bytes per unit of hiddenSize (the engine\'s prefill workspace).'
        }),
        maxTokensInFlight: Type.Integer({ minimum: 1, description: 'Largest number of prompt tokens processed in one pass (chunked prefill / batch size limit).' }),
        maxSequences: Type.Optional(Type.Integer({ minimum: 1, description: 'Most sequences the engine runs at once by default (vLLM max_num_seqs); caps maxBatchSize.' })),
        cudaGraphMaxBatchSize: Type.Optional(
          Type.Integer({ minimum: 1, description: 'Largest decode batch the engine captures as a CUDA graph by default; larger batches run eagerly.' })
        ),
        byDeviceMemory: Type.Optional(
          Type.Array(DeviceMemoryDefaults, {
            maxItems: 20,
            description: 'Defaults that depend on device memory: the entry with the largest minDeviceMemoryGB not above the device\'s memory (and not excluding the device) replaces the fields it names; the fields above hold for devices no entry matches.'
          })
        )
      },
      { additionalProperties: false, description: 'How the engine allocates device memory.' }
    ),
    efficiency: EngineEfficiency,
    serving: Type.Optional(EngineServing),
    errorBands: Type.Optional(
      Type.Record(Type.String(), ErrorBand, {
        description: 'Per metric (decodeTokensPerSecond, prefillTokensPerSecond, ttftMs, ...), the spread of measured/estimated ratios on the calibration set.'
      })
    ),
    notes: Type.Optional(Type.String({ maxLength: 3000, description: 'How the engine behaves, in words.' })),
    sources: Sources
  },
  { additionalProperties: false, description: 'A serving engine: its memory rule and the efficiencies the estimator uses.' }
))
export type Engine = Static<typeof Engine>
