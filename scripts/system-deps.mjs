// The system packages the test suite drives besides Node: Debian's Chromium (test/e2e, the page
// and Swagger UI in a real browser) and nginx (test/e2e/gateway, the service behind a gateway).
// Run first by `npm test`. When one is missing: as root on Debian it installs them with apt-get;
// otherwise it stops at once, printing the exact command to run. (A `pretest` script would not
// run: .npmrc sets ignore-scripts, which also skips pre- and post-scripts.)
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Debian package name -> the executable the tests start (overridable as in the tests). */
export const SYSTEM_PACKAGES = [
  { debianPackage: 'chromium', executable: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  { debianPackage: 'nginx', executable: process.env.NGINX_PATH ?? '/usr/sbin/nginx' }
]

const missing = SYSTEM_PACKAGES.filter((pkg) => !existsSync(pkg.executable))
if (missing.length === 0) process.exit(0)

const names = missing.map((pkg) => pkg.debianPackage)
const command = `apt-get update && apt-get install -y ${names.join(' ')}`
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0

if (!isRoot || !hasApt) {
  console.error(`npm test needs ${missing.map((pkg) => `${pkg.debianPackage} (${pkg.executable})`).join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed.`)
  console.error(`Install ${missing.length > 1 ? 'them' : 'it'} with:\n\n  sudo ${command}\n`)
  if (!hasApt) console.error('(apt-get was not found: on another system install the same packages with its package manager.)')
  process.exit(1)
}

console.error(`installing the system packages the tests need: ${names.join(', ')}`)
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit', env })
} catch {
  console.error(`apt-get failed; run it yourself:\n\n  ${command}\n`)
  process.exit(1)
}
const stillMissing = SYSTEM_PACKAGES.filter((pkg) => !existsSync(pkg.executable))
if (stillMissing.length > 0) {
  console.error(`still missing after apt-get: ${stillMissing.map((pkg) => pkg.executable).join(', ')}`)
  process.exit(1)
}
