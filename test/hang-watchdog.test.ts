// The hang watchdog (test/setup/hang-watchdog.ts) turns a test that never yields into a failed run
// within its limit, naming the test and the seed to rerun with, instead of a worker at 100% CPU.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

describe('hang watchdog', () => {
  it('kills a test worker whose test spins forever, naming the test and the seed', async () => {
    const started = Date.now()
    // A vitest run of one fixture that loops inside a property, with the watchdog at 3 s.
    const outcome = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/vitest.spins.config.ts'], {
      env: { ...process.env, WATCHDOG_SECONDS: '3', FC_SEED: '42' },
      timeout: 60_000
    }).then(
      (done) => ({ code: 0, output: done.stdout + done.stderr }),
      (failed: { code?: number; stdout?: string; stderr?: string }) => ({ code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` })
    )
    expect(outcome.code).not.toBe(0)
    expect(outcome.output).toMatch(/\[hang watchdog\] .*spins\.fixture\.ts > spins forever inside a property \(its fast-check seed -?\d+\): the test thread has not yielded for \d+ s/)
    expect(outcome.output).toContain('Rerun the file with FC_SEED=42')
    expect(Date.now() - started).toBeLessThan(50_000)
  }, 70_000)
})
