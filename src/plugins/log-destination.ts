// Where the service's log lines go: stdout, written in batches. pino's default for stdout is one
// blocking write(2) per line, and an asynchronous destination without a minimum still makes one
// write (through libuv's thread pool) per line at ordinary request rates; either cost as much as
// a tenth of a small request's CPU. Lines are buffered until LOG_BATCH_BYTES have accumulated or
// LOG_FLUSH_INTERVAL_MS has passed, so a quiet replica's lines appear within that interval. They
// are written out when the app closes and, by pino, when the process exits (a SIGKILL or an
// out-of-memory kill loses at most the buffered lines).
import type { FastifyInstance } from 'fastify'
import { pino } from 'pino'

/** Bytes of log lines gathered before a write (about 15 request lines). */
export const LOG_BATCH_BYTES = 4096
/** The longest a log line waits in the buffer. */
export const LOG_FLUSH_INTERVAL_MS = 1000

export type LogDestination = ReturnType<typeof pino.destination>

/** A batched stdout destination, flushed every LOG_FLUSH_INTERVAL_MS (the timer does not keep the process alive). */
export function batchedStdout(fd = 1): LogDestination {
  const destination = pino.destination({ dest: fd, sync: false, minLength: LOG_BATCH_BYTES })
  const timer = setInterval(() => destination.flush(), LOG_FLUSH_INTERVAL_MS)
  timer.unref()
  destination.on('close', () => clearInterval(timer))
  return destination
}

/** Writes out the buffered lines when the app closes (the listener is closed by then). */
export function flushOnClose(app: FastifyInstance, destination: LogDestination): void {
  app.addHook('onClose', (_instance, done) => destination.flush(() => done()))
}
