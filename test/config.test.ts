import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, misspeltVariables } from '../src/config.js'

describe('loadConfig', () => {
  it('defaults: port 3000 on 0.0.0.0, info logs, no proxy trust, no CORS', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', logLevel: 'info', trustProxy: [], corsOrigins: [], shutdownGraceMs: 8000, bodyLimitBytes: 1_048_576 })
  })
  it('reads and converts the variables', () => {
    const c = loadConfig({ PORT: '8080', HOST: '127.0.0.1', LOG_LEVEL: 'debug', TRUST_PROXY: '10.0.0.0/8, 127.0.0.1', CORS_ORIGINS: 'https://a.example,https://b.example', CATALOG_OVERRIDE_DIR: '/etc/overrides' })
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', logLevel: 'debug', trustProxy: ['10.0.0.0/8', '127.0.0.1'], corsOrigins: ['https://a.example', 'https://b.example'], catalogOverrideDir: '/etc/overrides' })
  })
  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', SHUTDOWN_GRACE_MS: '-1' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const msg = (err as Error).message
      expect(msg).toContain('PORT="eighty"')
      expect(msg).toContain('LOG_LEVEL="loud"')
      expect(msg).toContain('SHUTDOWN_GRACE_MS="-1"')
    }
  })
  it('rejects malformed proxy ranges and CORS origins', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY: "everyone"/)
    expect(() => loadConfig({ CORS_ORIGINS: 'not a url' })).toThrow(/CORS_ORIGINS: "not a url"/)
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*'])
  })
  it('reads the gateway settings: base path with or without its trailing slash, readiness delay', () => {
    expect(loadConfig({}).publicBasePath).toBe('')
    expect(loadConfig({}).shutdownReadinessDelayMs).toBe(5000)
    expect(loadConfig({ PUBLIC_BASE_PATH: '/llm-calc/' }).publicBasePath).toBe('/llm-calc')
    expect(loadConfig({ PUBLIC_BASE_PATH: '/llm-calc' }).publicBasePath).toBe('/llm-calc')
    expect(loadConfig({ PUBLIC_BASE_PATH: '/' }).publicBasePath).toBe('')
    expect(loadConfig({ SHUTDOWN_READINESS_DELAY_MS: '0' }).shutdownReadinessDelayMs).toBe(0)
    expect(() => loadConfig({ PUBLIC_BASE_PATH: 'https://example.com/llm-calc' })).toThrow(/PUBLIC_BASE_PATH/)
    expect(() => loadConfig({ PUBLIC_BASE_PATH: '/a b' })).toThrow(/PUBLIC_BASE_PATH/)
  })
  it('refuses numbers and booleans not written as such, instead of converting them somewhere else', () => {
    const miswritten: [string, string][] = [['PORT', '3.5'], ['PORT', 'true'], ['PORT', '0x10'], ['PORT', '0b11'], ['SHUTDOWN_GRACE_MS', 'true'], ['SHUTDOWN_GRACE_MS', '8000.7'], ['MAX_CONNECTIONS', '1e3'], ['METRICS_ENABLED', '1'], ['MAX_EVENT_LOOP_UTILIZATION', '0x1']]
    for (const [key, text] of miswritten) {
      expect(() => loadConfig({ [key]: text }), `${key}=${text}`).toThrow(new RegExp(`${key}="${text}": must be`))
    }
    expect(loadConfig({ PORT: ' 8080 ', MAX_EVENT_LOOP_UTILIZATION: '0.9', METRICS_ENABLED: 'false' })).toMatchObject({ port: 8080, loadShedding: { maxEventLoopUtilization: 0.9 }, metricsEnabled: false })
  })
  it('finds variables that look like a misspelling of one it reads, and leaves the rest of the environment alone', () => {
    expect(misspeltVariables({ SHUTDOWN_GRACE_M: '1', RATE_LIMT_MAX: '5', PORT: '1', PATH: '/usr/bin', HOME: '/root', HOSTNAME: 'pod-1', USER: 'node', NODE_ENV: 'production', PORTS: '3000' })).toEqual([
      { name: 'SHUTDOWN_GRACE_M', didYouMean: 'SHUTDOWN_GRACE_MS' },
      { name: 'RATE_LIMT_MAX', didYouMean: 'RATE_LIMIT_MAX' },
      { name: 'PORTS', didYouMean: 'PORT' }
    ])
  })
  it('rejects an out-of-range port', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigError)
  })
})
