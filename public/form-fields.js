// What each form of the page asks, in the order it asks it: one entry a field. fields.js turns an
// entry into its labelled control (id `${form prefix}-${name}`) with an error line beside it
// (`…-error`, where problems.js writes the API's problem about the field); estimate.js reads the
// estimate form's numbers and choices from this table too. A field left empty or at "default" is
// not sent: the service applies its own default and says which in the answer.
//
// Entry: name; label (or legend, for a group of checkboxes); control: 'select' | 'number' |
// 'textarea' | 'checks'; options: [[value, text], ...] for a fixed select (catalog selects are filled
// by app.js); attributes of the control; custom: shown only for a custom choice; wide: a full row;
// noError: no error line (the API never names it).

export const ESTIMATE_FIELDS = [
  { name: 'model', label: 'Model', control: 'select' },
  {
    name: 'modelCustom',
    label: 'Custom model (JSON: architecture, optional parametersB)',
    control: 'textarea',
    custom: true,
    attributes: { rows: 4, spellcheck: 'false' },
    text: '{"architecture": {"layers": 32, "hiddenSize": 4096, "attentionHeads": 32, "kvHeads": 8}}'
  },
  {
    name: 'hfConfig',
    label: 'Hugging Face config.json (paste the whole file; the architecture, parameter count and native format are read from it)',
    control: 'textarea',
    custom: true,
    wide: true,
    attributes: { rows: 8, spellcheck: 'false', placeholder: '{"model_type": "qwen3", "num_hidden_layers": 36, ...}' }
  },
  { name: 'hardware', label: 'Hardware', control: 'select' },
  {
    name: 'hardwareCustom',
    label: 'Custom hardware (JSON: memoryGB, bandwidthGBps, tflops, priceUsdPerHour)',
    control: 'textarea',
    custom: true,
    attributes: { rows: 4, spellcheck: 'false' },
    text: '{"memoryGB": 48, "bandwidthGBps": 960, "tflops": {"fp16": 150}, "priceUsdPerHour": 1.2}'
  },
  { name: 'precision', label: 'Weight precision', control: 'select', choice: true },
  { name: 'kvCachePrecision', label: 'KV-cache precision', control: 'select', choice: true },
  { name: 'engine', label: 'Engine', control: 'select', choice: true },
  { name: 'deviceCount', label: 'Devices', control: 'number', attributes: { min: 1, max: 1024, value: 1, inputmode: 'numeric' } },
  { name: 'promptTokens', label: 'Prompt tokens', control: 'number', attributes: { min: 1, value: 1000, inputmode: 'numeric' } },
  { name: 'outputTokens', label: 'Output tokens', control: 'number', attributes: { min: 1, value: 200, inputmode: 'numeric' } },
  { name: 'batchSize', label: 'Static batch (sequences arriving together)', control: 'number', attributes: { min: 1, value: 1, inputmode: 'numeric' } },
  {
    name: 'deployment',
    label: 'Deployment',
    control: 'select',
    choice: true,
    options: [
      ['', 'default for model, hardware'],
      ['cloud', 'cloud (rented by the hour)'],
      ['local', 'local (owned: hardware, upkeep, energy, cooling)'],
      ['edge', 'edge (on a phone, board or module; owned)'],
      ['api', 'api (token prices)']
    ]
  },
  {
    name: 'pricing',
    label: 'Cloud price tier',
    control: 'select',
    choice: true,
    options: [
      ['', 'service default (on-demand)'],
      ['on-demand', 'on-demand'],
      ['spot', 'spot'],
      ['reserved', 'reserved']
    ]
  },
  { name: 'electricityUsdPerKWh', label: 'Electricity, USD per kWh (local)', control: 'number', attributes: { min: 0, step: 0.01, placeholder: 'service default', inputmode: 'decimal' } },
  { name: 'purchasePriceUsd', label: 'Purchase price per device, USD (local, edge)', control: 'number', attributes: { min: 0, step: 1, placeholder: 'catalog price', inputmode: 'decimal' } },
  { name: 'amortizationYears', label: 'Amortisation, years (local, edge)', control: 'number', attributes: { min: 0.1, step: 'any', placeholder: 'service default', inputmode: 'decimal' } },
  { name: 'pue', label: 'PUE: facility power / device power (local, edge)', control: 'number', attributes: { min: 1, step: 0.05, placeholder: 'service default', inputmode: 'decimal' } },
  {
    name: 'maintenanceShareOfHardwarePerYear',
    label: 'Upkeep per year, share of the price (local, edge)',
    control: 'number',
    attributes: { min: 0, max: 1, step: 0.005, placeholder: 'service default', inputmode: 'decimal' }
  },
  { name: 'hoursPerDay', label: 'Hours a day the device runs (local, edge)', control: 'number', attributes: { min: 0.1, max: 24, step: 'any', placeholder: 'service default', inputmode: 'decimal' } },
  { name: 'maxRunningSequences', label: 'Engine: max running sequences', control: 'number', attributes: { min: 1, placeholder: 'engine default', inputmode: 'numeric' } },
  { name: 'maxBatchedTokens', label: 'Engine: max tokens per step', control: 'number', attributes: { min: 1, placeholder: 'engine default', inputmode: 'numeric' } },
  { name: 'memoryFraction', label: 'Engine: memory fraction', control: 'number', attributes: { min: 0, max: 1, step: 0.01, placeholder: 'engine default', inputmode: 'decimal' } }
]

const PERCENTILES = [
  ['mean', 'mean'],
  ['p50', 'median (p50)'],
  ['p90', 'p90'],
  ['p99', 'p99']
]

/** The load panel's limits: applied by the page to the answers it has, never sent. */
export const LOAD_FIELDS = [
  { name: 'maxTtftMs', label: 'Max TTFT, ms (optional)', control: 'number', attributes: { min: 0, inputmode: 'decimal' } },
  { name: 'maxTpotMs', label: 'Max TPOT, ms (optional)', control: 'number', attributes: { min: 0, inputmode: 'decimal' } },
  { name: 'percentile', label: 'Limits apply to', control: 'select', noError: true, options: PERCENTILES, selected: 'p90' }
]

export const COMPARE_FIELDS = [
  { name: 'models', legend: 'Models', control: 'checks', wide: true },
  { name: 'hardware', legend: 'Hardware', control: 'checks', wide: true },
  { name: 'precisions', legend: 'Precisions', control: 'checks' },
  { name: 'deviceCounts', label: 'Devices per replica (comma-separated, e.g. 1, 2, 4, 8; optional)', control: 'input', attributes: { type: 'text', inputmode: 'numeric', placeholder: '1', autocomplete: 'off' } },
  {
    name: 'deployment',
    label: 'Deployment of open models',
    control: 'select',
    noError: true,
    options: [
      ['', 'default for the hardware'],
      ['cloud', 'cloud'],
      ['local', 'local'],
      ['edge', 'edge']
    ]
  },
  { name: 'promptTokens', label: 'Prompt tokens', control: 'number', attributes: { min: 1, value: 1000, inputmode: 'numeric' } },
  { name: 'outputTokens', label: 'Output tokens', control: 'number', attributes: { min: 1, value: 1000, inputmode: 'numeric' } },
  { name: 'batchSize', label: 'Static batch (optional; empty: a daily volume is planned with the serving model)', control: 'number', attributes: { min: 1, inputmode: 'numeric', placeholder: 'none' } },
  { name: 'requestsPerDay', label: 'Requests per day (optional)', control: 'number', attributes: { min: 1, inputmode: 'numeric' } },
  { name: 'peakToAverage', label: 'Peak over average traffic, 1–2 (optional)', control: 'number', attributes: { min: 1, max: 2, step: 0.1, placeholder: '1 (flat)', inputmode: 'decimal' } },
  { name: 'hybridWith', label: 'Overflow to an API (hybrid, needs a daily volume)', control: 'select' },
  { name: 'maxTtftMs', label: 'Max TTFT, ms (optional)', control: 'number', attributes: { min: 1, inputmode: 'numeric' } },
  { name: 'maxTpotMs', label: 'Max TPOT, ms (optional)', control: 'number', attributes: { min: 0, step: 'any', inputmode: 'decimal' } },
  { name: 'latencyPercentile', label: 'Max TTFT / TPOT apply to (with a volume)', control: 'select', options: [['', 'service default (p90)'], ...PERCENTILES] },
  { name: 'minOutputTokensPerSecond', label: 'Min output tokens/s (optional)', control: 'number', attributes: { min: 0, step: 'any', inputmode: 'decimal' } },
  { name: 'maxCostPerMillionTokensUsd', label: 'Max USD per million output tokens (optional)', control: 'number', attributes: { min: 0, step: 'any', inputmode: 'decimal' } },
  {
    name: 'sortBy',
    label: 'Rank by',
    control: 'select',
    noError: true,
    options: [
      ['cost', 'cost'],
      ['latency', 'latency'],
      ['throughput', 'throughput']
    ]
  }
]
