// A watchdog for a test that never yields (vitest setupFiles: once per test file, in its worker).
//
// A synchronous loop that never ends (a search that does not close) holds the test worker at 100% CPU
// for good: vitest's per-test timeout is a timer on the same event loop, and fast-check's
// interruptAfterTimeLimit is checked between runs, so neither ever gets to fire. A worker thread has
// its own event loop: the test thread stamps the time every second, and when the stamp is older than
// WATCHDOG_SECONDS the watchdog names the file, the test and the fast-check seed, and kills the
// worker's process, so the run fails in two minutes instead of hanging (vitest reports the worker as
// gone). Nothing legitimate blocks that long: a test's own timeout is 30 s by default, at most 120 s.
//
// Properties that give no seed of their own run on a seed drawn per test file (FC_SEED to choose it)
// mixed with the test's name, so the seed named reproduces the hang and each test still draws its own.
import { Worker } from 'node:worker_threads'
import fc from 'fast-check'
import { afterAll, afterEach, beforeEach, expect } from 'vitest'

const WATCHDOG_SECONDS = Number(process.env.WATCHDOG_SECONDS ?? 120)

const seed = process.env.FC_SEED === undefined ? (Date.now() ^ (Math.random() * 0x100000000)) | 0 : Number(process.env.FC_SEED)
const configured = fc.readConfigureGlobal()
/** The file's seed mixed with a test's name (FNV-1a), so two tests never walk the same inputs. */
function seedFor(name: string): number {
  let hash = 0x811c9dc5
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193)
  return (seed ^ hash) | 0
}

// Runs as plain JavaScript in the worker thread (no TypeScript loader there).
const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { writeSync } = require('node:fs')
const stamp = new BigInt64Array(workerData.stamp)
let test = '(no test running: loading the file or between tests)'
parentPort.on('message', (name) => { test = name })
setInterval(() => {
  const heldMs = Date.now() - Number(Atomics.load(stamp, 0))
  if (heldMs <= workerData.limitMs) return
  writeSync(2, '\\n[hang watchdog] ' + workerData.file + ' > ' + test + ': the test thread has not yielded for ' + Math.round(heldMs / 1000) + ' s (a loop that never ends?). Rerun the file with FC_SEED=' + workerData.seed + ' for the same fast-check inputs. Killing the test worker.\\n')
  process.kill(process.pid, 'SIGKILL')
}, 1000)
`

const stamp = new BigInt64Array(new SharedArrayBuffer(8))
const beat = () => Atomics.store(stamp, 0, BigInt(Date.now()))
beat()
const beating = setInterval(beat, 1000).unref()
const file = expect.getState().testPath ?? '(unknown file)'
const watchdog = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { stamp: stamp.buffer, limitMs: WATCHDOG_SECONDS * 1000, seed, file } })
watchdog.unref()

beforeEach((context) => {
  beat()
  const name = context.task.fullName ?? context.task.name
  fc.configureGlobal({ ...configured, seed: seedFor(name) })
  watchdog.postMessage(`${name} (its fast-check seed ${seedFor(name)})`)
})
afterEach(() => {
  watchdog.postMessage('(between tests)')
})
afterAll(async () => {
  clearInterval(beating)
  await watchdog.terminate()
})
