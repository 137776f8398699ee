// `npm test` first checks the system packages the browser and gateway tests drive (Chromium,
// nginx): present -> nothing happens; missing and unable to install -> stop at once with the
// exact command to run.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['scripts/system-deps.mjs'], { env: { ...process.env, ...env }, encoding: 'utf8' })

describe('scripts/system-deps.mjs', () => {
  it('is the first step of npm test (a pretest script would not run under ignore-scripts)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
    expect(pkg.scripts.test).toMatch(/^node scripts\/system-deps\.mjs && /)
    expect(pkg.scripts.pretest).toBeUndefined()
    expect(readFileSync('.npmrc', 'utf8')).toMatch(/^ignore-scripts=true$/m)
  })
  it('passes silently when Chromium and nginx are there', () => {
    const res = run({})
    expect(res.status).toBe(0)
    expect(res.stderr).toBe('')
  })
  it('stops at once with the exact install command when a package is missing and apt-get cannot run', () => {
    // An empty PATH: no apt-get, so nothing is installed.
    const res = run({ NGINX_PATH: '/nonexistent/nginx', PATH: '/nonexistent' })
    expect(res.status).toBe(1)
    expect(res.stderr).toContain('nginx (/nonexistent/nginx)')
    expect(res.stderr).toContain('apt-get update && apt-get install -y nginx')
    expect(res.stderr).not.toContain('chromium (')
  })
})
