// Runs calls that might never return (a search that does not close) where a hang fails fast: in a
// child Node process killed after a time limit. In the test worker itself a synchronous loop would
// also block vitest's per-test timeout (a timer, and the loop never yields), so the run would hang.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** `exported(...args)` for each list of args, from the module at `modulePath` (from the repository root), in one child; their answers as JSON. */
export function callsWithin<T>(timeoutMs: number, modulePath: string, exported: string, argLists: readonly (readonly unknown[])[]): T[] {
  const url = pathToFileURL(resolve(modulePath)).href
  const source = [
    `const called = (await import(${JSON.stringify(url)}))[${JSON.stringify(exported)}]`,
    `const answers = []`,
    `for (const args of ${JSON.stringify(argLists)}) answers.push(await called(...args))`,
    `process.stdout.write(JSON.stringify(answers))`
  ].join('\n')
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' })
  if (run.error !== undefined || run.signal !== null) throw new Error(`${exported} did not finish within ${timeoutMs} ms for ${JSON.stringify(argLists).slice(0, 500)}`)
  if (run.status !== 0) throw new Error(`${exported} failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as T[]
}
