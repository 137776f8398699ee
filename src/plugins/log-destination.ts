// Where the service's log lines go: stdout, written in batches. pino's default for stdout is one
// blocking write(2) per line; its asynchronous destination (sonic-boom) batches, but pays for it on
// every line: it measures the byte length of the whole pending batch again for each line it adds
// (a 4 KB string flattened and scanned per line), and hands every batch to libuv's thread pool (a
// thread wake-up, then an event-loop wake-up for the callback). Here a line is pushed on a list and
// its own length added; when LOG_BATCH_BYTES have gathered, or LOG_FLUSH_INTERVAL_MS has passed,
// the batch is written at once with one write(2) from the event loop, so a quiet replica's lines
// appear within that interval. A pipe whose reader is slow and full makes that write block, as
// pino's default does for every line, unless the descriptor is non-blocking: then what the pipe
// refused waits for the next batch. Lines are written out when the app closes and when the process
// exits (a SIGKILL or an out-of-memory kill loses at most the buffered lines).
import { writeSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'

/**
 * Bytes of log lines gathered before a write (about 80 request lines). Each write also wakes the
 * pipe's reader; at 4 KB (about 20 lines) the writes were ~1 us of every request's CPU at info.
 * A pipe holds 64 KB by default, so a batch fits in one write.
 */
export const LOG_BATCH_BYTES = 16_384
/** The longest a log line waits in the buffer. */
export const LOG_FLUSH_INTERVAL_MS = 1000
/** What a full non-blocking pipe may hold back before further lines are dropped. */
export const LOG_REFUSED_MAX_BYTES = 4_000_000

export interface LogDestination {
  /** Takes one line (pino calls this with each serialized line). */
  write(line: string): boolean
  /** Writes out everything buffered; `done` runs after. */
  flush(done?: (err?: Error) => void): void
  /** Writes out what is buffered and stops the timer. */
  destroy(): void
}

const open = new Set<BatchedDestination>()
let exitHookSet = false

class BatchedDestination implements LogDestination {
  private lines: string[] = []
  private bytes = 0
  /** Bytes the descriptor refused last time (a full non-blocking pipe), written before the next batch (at most LOG_REFUSED_MAX_BYTES). */
  private refused: Buffer | null = null
  private readonly timer: NodeJS.Timeout

  constructor(private readonly fd: number) {
    this.timer = setInterval(() => this.flush(), LOG_FLUSH_INTERVAL_MS)
    this.timer.unref()
    open.add(this)
    if (!exitHookSet) {
      exitHookSet = true
      process.once('exit', () => {
        for (const destination of open) destination.flush()
      })
    }
  }

  write(line: string): boolean {
    this.lines.push(line)
    // One line's length, not the batch's: UTF-16 units, which equal bytes for ASCII lines and
    // undercount others a little, so a batch with non-ASCII text is written slightly later.
    this.bytes += line.length
    if (this.bytes >= LOG_BATCH_BYTES) this.flush()
    return true
  }

  flush(done?: (err?: Error) => void): void {
    let failure: Error | undefined
    try {
      this.writeOut()
    } catch (err) {
      failure = err as Error
    }
    done?.(failure)
  }

  destroy(): void {
    this.flush()
    clearInterval(this.timer)
    open.delete(this)
  }

  private writeOut(): void {
    if (this.lines.length === 0 && this.refused === null) return
    const batch = this.lines.length === 0 ? '' : this.lines.length === 1 ? this.lines[0]! : this.lines.join('')
    this.lines = []
    this.bytes = 0
    let pending = this.refused === null ? Buffer.from(batch) : Buffer.concat([this.refused, Buffer.from(batch)])
    this.refused = null
    while (pending.length > 0) {
      let written: number
      try {
        written = writeSync(this.fd, pending)
      } catch (err) {
        // A full non-blocking pipe: keep the rest for the next batch. Any other failure (the
        // reader is gone) drops the batch: a log line must not take the service down.
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN' && pending.length <= LOG_REFUSED_MAX_BYTES) this.refused = pending
        return
      }
      pending = pending.subarray(written)
    }
  }
}

/** A batched destination for `fd` (stdout by default), flushed every LOG_FLUSH_INTERVAL_MS (the timer does not keep the process alive). */
export function batchedStdout(fd = 1): LogDestination {
  return new BatchedDestination(fd)
}

/** Writes out the buffered lines when the app closes (the listener is closed by then). */
export function flushOnClose(app: FastifyInstance, destination: LogDestination): void {
  app.addHook('onClose', (_instance, done) => destination.flush(() => done()))
}
