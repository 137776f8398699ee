// Docker is not available on these machines: check the Dockerfile and compose file against the
// commands and settings the service really uses.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'

const dockerfile = readFileSync('Dockerfile', 'utf8')
const compose = parse(readFileSync('docker-compose.yml', 'utf8'))
const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const readme = readFileSync('README.md', 'utf8')
const defaults = loadConfig({})

describe('Dockerfile', () => {
  it('starts the same compiled server as npm start', () => {
    // npm start builds first in the same script: .npmrc's ignore-scripts also skips pre-scripts.
    expect(pkg.scripts.start).toBe('npm run build && node dist/server.js')
    expect(pkg.scripts.prestart).toBeUndefined()
    expect(dockerfile).toMatch(/CMD \["node", "dist\/server.js"\]/)
    expect(dockerfile).toContain('RUN npm run build')
  })
  it('gives the build stage what the bundler reads: its script, the sources and the page modules the CLI imports', () => {
    expect(pkg.scripts.build).toBe('node scripts/build.mjs')
    expect(dockerfile).toContain('COPY scripts/build.mjs ./scripts/build.mjs')
    expect(dockerfile).toMatch(/COPY src \.\/src\nCOPY public \.\/public\nRUN npm run build/)
    expect(readFileSync('.dockerignore', 'utf8')).toMatch(/^!scripts\/build\.mjs$/m)
  })
  it('is multi-stage on an LTS slim image, production deps only, non-root', () => {
    const froms = dockerfile.match(/^FROM .*/gm) ?? []
    expect(froms.length).toBe(2)
    for (const f of froms) expect(f).toMatch(/node:20\.\d+\.\d+-bookworm-slim/)
    expect(dockerfile).toContain('npm prune --omit=dev')
    expect(dockerfile).toMatch(/^USER node$/m)
    expect(dockerfile).toContain('NODE_ENV=production')
  })
  it('exposes the default port and health-checks /healthz', () => {
    expect(dockerfile).toContain(`EXPOSE ${defaults.port}`)
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/)
    expect(dockerfile).toMatch(/^COPY catalog \.\/catalog$/m)
    expect(dockerfile).toMatch(/^COPY public \.\/public$/m)
    // The app's user reads its code and catalog but cannot rewrite them.
    expect(dockerfile.slice(dockerfile.indexOf('AS runtime'))).not.toContain('--chown')
    expect(readFileSync('.dockerignore', 'utf8')).toMatch(/^!public\/\*\*$/m)
  })
})

describe('docker-compose.yml', () => {
  const svc = compose.services.estimator
  it('maps the service port and health-checks /healthz', () => {
    expect(svc.ports).toContain(`${defaults.port}:${defaults.port}`)
    expect(svc.healthcheck.test.join(' ')).toContain('/healthz')
  })
  it('restarts, runs read-only, and gives shutdown time beyond the grace delay', () => {
    expect(svc.restart).toBe('unless-stopped')
    expect(svc.read_only).toBe(true)
    const stopSeconds = Number(String(svc.stop_grace_period).replace('s', ''))
    expect(stopSeconds * 1000).toBeGreaterThan(Number(svc.environment.SHUTDOWN_READINESS_DELAY_MS) + Number(svc.environment.SHUTDOWN_GRACE_MS))
    expect(svc.environment.HOST).toBe('0.0.0.0')
  })
})

describe('README', () => {
  it('gives the two set-up commands and the same port', () => {
    expect(readme).toContain('npm ci && npm start')
    expect(readme).toContain('npm ci && npm test')
    expect(readme).toContain(`http://localhost:${defaults.port}/docs`)
  })
})
