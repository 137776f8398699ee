// llm-calc as a user runs it: --version, the seed's flags without a subcommand, and a large
// --json answer read through a slow pipe (as `| jq` does) arrives complete.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { SERVICE_VERSION } from '../../src/version.js'

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s))
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('llm-calc process', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const { code, out } = await cli(flag)
      expect(code).toBe(0)
      expect(out).toBe(SERVICE_VERSION)
    }
  })
  it('runs when started through a symlink, as an npm-installed bin is (node_modules/.bin/llm-calc)', () => {
    const link = join(mkdtempSync(join(tmpdir(), 'llm-calc-')), 'llm-calc')
    symlinkSync(resolve('src/cli/main.ts'), link)
    const run = spawnSync(process.execPath, ['--import', 'tsx', link, '--version'], { encoding: 'utf8', timeout: 60_000 })
    expect(run.status).toBe(0)
    expect(run.stdout.trim()).toBe(SERVICE_VERSION)
  }, 70_000)
  it('takes the seed calculator\'s flags without the estimate subcommand', async () => {
    const seed = ['--model_size', '7B', '--tokens', '1000', '--batch_size', '2', '--hardware_type', 'GPU', '--deployment_mode', 'local', '--json']
    const withoutSubcommand = await cli(...seed)
    const withSubcommand = await cli('estimate', ...seed)
    expect(withoutSubcommand.code).toBe(0)
    expect(withoutSubcommand.err).toBe('')
    expect(JSON.parse(withoutSubcommand.out)).toEqual(JSON.parse(withSubcommand.out))
  })
  it('a --json answer far larger than a pipe buffer arrives complete through a slow reader', async () => {
    const argv = ['compare', '--models', '7b,13b,gpt-4', '--hardware', 'all', '--precisions', 'fp16,q4_k_m', '--tokens', '1000', '--include', 'estimate,sources,formulas', '--json']
    const inProcess = await cli(...argv)
    expect(inProcess.code).toBe(0)
    const expected = Buffer.from(`${inProcess.out}\n`)
    expect(expected.length).toBeGreaterThan(4 * 65_536)
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { stdio: ['ignore', 'pipe', 'inherit'] })
    // Read nothing for a while, so the pipe fills and the CLI's writes queue up.
    child.stdout.pause()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stdout.resume()
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)))
    const piped = Buffer.concat(chunks)
    expect(code).toBe(0)
    expect(piped.length).toBe(expected.length)
    expect(piped.equals(expected)).toBe(true)
  }, 60_000)
})
