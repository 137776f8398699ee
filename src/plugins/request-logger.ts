// request.log, made only when a request logs something. Fastify gives every request a pino child
// logger bound to its request id; making one (pino copies the logger and writes its bindings as a
// JSON fragment) was ~1.4% of a POST /estimate's CPU in a profile, paid even at LOG_LEVEL=warn,
// where most requests log nothing. The logger a request gets here answers level questions from
// its parent and makes the same child (same bindings, same options) the first time a line is
// written at a level that is on, so every line is what pino would have written.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify'

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
type Bindings = Parameters<FastifyBaseLogger['child']>[0]
type ChildOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>
/** What is read from the parent: pino's level values and its current threshold. */
type PinoParent = FastifyBaseLogger & { levels?: { values: Record<string, number> }; levelVal?: number }

type LevelledParent = PinoParent & { levels: { values: Record<string, number> } }

export class DeferredChildLogger {
  private made: FastifyBaseLogger | undefined = undefined
  private readonly parent: LevelledParent
  private readonly childBindings: Bindings
  private readonly options: ChildOptions
  /** The child's threshold: the options' level, else the parent's now (as pino's child takes it). */
  private readonly thresholdValue: number

  constructor(parent: LevelledParent, bindings: Bindings, options: ChildOptions, thresholdValue: number) {
    this.parent = parent
    this.childBindings = bindings
    this.options = options
    this.thresholdValue = thresholdValue
  }

  /** The pino child, made on first use. */
  private real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.childBindings, this.options))
  }

  isLevelEnabled(level: string): boolean {
    if (this.made) return (this.made as FastifyBaseLogger & { isLevelEnabled(level: string): boolean }).isLevelEnabled(level)
    const value = this.parent.levels.values[level]
    return value !== undefined && value >= this.thresholdValue
  }

  get level(): string {
    return this.made ? this.made.level : (this.options.level ?? this.parent.level)
  }

  set level(level: string) {
    this.real().level = level
  }

  private write(level: Level, args: unknown[]): void {
    if (this.isLevelEnabled(level)) (this.real()[level] as (...args: unknown[]) => void)(...args)
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args)
  }
  error(...args: unknown[]): void {
    this.write('error', args)
  }
  warn(...args: unknown[]): void {
    this.write('warn', args)
  }
  info(...args: unknown[]): void {
    this.write('info', args)
  }
  debug(...args: unknown[]): void {
    this.write('debug', args)
  }
  trace(...args: unknown[]): void {
    this.write('trace', args)
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.real().child(bindings, options)
  }

  bindings(): Bindings {
    return (this.real() as FastifyBaseLogger & { bindings(): Bindings }).bindings()
  }
}

/**
 * Fastify's childLoggerFactory: a DeferredChildLogger under a pino logger; under anything else (a
 * logger without pino's level values, such as Fastify's silent one) the child it would have made.
 */
export const deferredChildLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = function (logger, bindings, options) {
  const parent = logger as PinoParent
  if (parent.levels === undefined || typeof parent.levelVal !== 'number') return logger.child(bindings, options)
  const thresholdValue = options.level !== undefined ? parent.levels.values[options.level] : parent.levelVal
  if (thresholdValue === undefined) return logger.child(bindings, options)
  return new DeferredChildLogger(parent as LevelledParent, bindings, options, thresholdValue) as unknown as FastifyBaseLogger
}
