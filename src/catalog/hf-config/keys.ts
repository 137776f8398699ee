// Typed reads of one object inside a Hugging Face config.json. Every failure is a ConfigProblem
// that names the key by its JSON pointer inside the config, so the parser never throws anything
// else for bad input and never lets a value of the wrong type through.

/** A problem with the config, at a JSON pointer inside it (e.g. /text_config/num_hidden_layers). */
export class ConfigProblem extends Error {
  constructor(
    readonly pointer: string,
    detail: string
  ) {
    super(detail)
  }
}

type JsonObject = Record<string, unknown>
export const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Typed reads of one config object; every failure names the key by its pointer. */
export class ConfigKeys {
  constructor(
    private readonly values: JsonObject,
    /** Pointer of this object inside the config ('' for the root). */
    readonly at: string
  ) {}
  pointer = (key: string) => `${this.at}/${key}`
  has = (key: string) => this.values[key] !== undefined && this.values[key] !== null
  raw = (key: string) => this.values[key]
  keys = () => Object.keys(this.values)
  /** An integer ≥ minimum; the fallback when the key is absent, a problem when there is none. */
  int(key: string, fallback?: number, minimum = 1): number {
    const value = this.values[key]
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback
      throw new ConfigProblem(this.pointer(key), `${key} is required for this model_type`)
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
      throw new ConfigProblem(this.pointer(key), `${key} must be an integer ≥ ${minimum} (got ${JSON.stringify(value)})`)
    }
    return value
  }
  optionalInt(key: string, minimum = 1): number | undefined {
    return this.has(key) ? this.int(key, undefined, minimum) : undefined
  }
  bool(key: string, fallback: boolean): boolean {
    const value = this.values[key]
    if (value === undefined || value === null) return fallback
    if (typeof value !== 'boolean') throw new ConfigProblem(this.pointer(key), `${key} must be true or false (got ${JSON.stringify(value)})`)
    return value
  }
  string(key: string): string | undefined {
    const value = this.values[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string') throw new ConfigProblem(this.pointer(key), `${key} must be a string (got ${JSON.stringify(value)})`)
    return value
  }
  array(key: string): unknown[] | undefined {
    const value = this.values[key]
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value)) throw new ConfigProblem(this.pointer(key), `${key} must be an array`)
    return value
  }
  object(key: string): ConfigKeys | undefined {
    const value = this.values[key]
    if (value === undefined || value === null) return undefined
    if (!isJsonObject(value)) throw new ConfigProblem(this.pointer(key), `${key} must be an object`)
    return new ConfigKeys(value, this.pointer(key))
  }
}
