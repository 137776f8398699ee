// Configuration that used to pass validation and then crash: malformed proxy ranges and hosts;
// the connection limits and their defaults; and the one-line listen errors.
import { describe, expect, it } from 'vitest'
import { connectionCheckIntervalMs } from '../src/app.js'
import { ConfigError, hostProblem, loadConfig, proxyEntryProblem } from '../src/config.js'
import { listenErrorLine } from '../src/listen-error.js'

describe('TRUST_PROXY', () => {
  it.each(['10.0.0.0/8', '127.0.0.1', '192.168.1.0/24', '0.0.0.0/0', '::1', 'fe80::/10', '2001:db8::/128', 'loopback', 'linklocal', 'uniquelocal'])('accepts %s', (entry) => {
    expect(proxyEntryProblem(entry)).toBeUndefined()
    expect(loadConfig({ TRUST_PROXY: entry }).trustProxy).toEqual([entry])
  })
  it.each([
    ['999.1.1.1', /not an IPv4 or IPv6 address/],
    ['10.0.0.0/99', /prefix length "\/99" must be 0-32/],
    ['::1/129', /must be 0-128 for an IPv6/],
    ['10.0.0.0/-1', /prefix length/],
    ['10.0.0.0/8/8', /more than one "\/"/],
    ['everyone', /not an IPv4 or IPv6 address/],
    ['1.2.3', /not an IPv4 or IPv6 address/]
  ])('refuses %s', (entry, why) => {
    expect(proxyEntryProblem(entry)).toMatch(why)
    expect(() => loadConfig({ TRUST_PROXY: `127.0.0.1, ${entry}` })).toThrow(ConfigError)
  })
})

describe('HOST', () => {
  it.each(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost', 'estimator', 'svc.namespace.svc.cluster.local'])('accepts %s', (host) => {
    expect(hostProblem(host)).toBeUndefined()
  })
  it.each(['999.1.1.1', '1.2.3', 'not a host!', '-leading-dash', 'http://0.0.0.0', '0.0.0.0:3000', 'a'.repeat(64)])('refuses %s', (host) => {
    expect(hostProblem(host)).toBeDefined()
    expect(() => loadConfig({ HOST: host })).toThrow(/HOST=/)
  })
})

describe('connection limits', () => {
  it('defaults: 30 s per request, 10 s for headers, keep-alive 72 s (above a 60 s gateway idle timeout), 1024 connections', () => {
    expect(loadConfig({}).connections).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000, maxConnections: 1024, maxRequestsPerSocket: 0 })
  })
  it('reads every setting', () => {
    const c = loadConfig({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '65000', MAX_CONNECTIONS: '0', MAX_REQUESTS_PER_SOCKET: '1000' }).connections
    expect(c).toEqual({ requestTimeoutMs: 5000, headersTimeoutMs: 2000, keepAliveTimeoutMs: 65_000, maxConnections: 0, maxRequestsPerSocket: 1000 })
  })
  it('refuses a headers timeout longer than the request timeout, and zero timeouts', () => {
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '2000' })).toThrow(/HEADERS_TIMEOUT_MS=2000: must not exceed REQUEST_TIMEOUT_MS/)
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(/REQUEST_TIMEOUT_MS/)
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT_MS: '10' })).toThrow(/KEEP_ALIVE_TIMEOUT_MS/)
  })
  it('checks connections every quarter of the shorter timeout', () => {
    expect(connectionCheckIntervalMs(loadConfig({}).connections)).toBe(2500)
    expect(connectionCheckIntervalMs(loadConfig({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '600' }).connections)).toBe(150)
    expect(connectionCheckIntervalMs(loadConfig({ REQUEST_TIMEOUT_MS: '100', HEADERS_TIMEOUT_MS: '100' }).connections)).toBe(25)
  })
})

describe('listen errors', () => {
  const err = (code: string) => Object.assign(new Error(`listen ${code}`), { code })
  it('say what went wrong in one line', () => {
    expect(listenErrorLine(err('EADDRINUSE'), '0.0.0.0', 3000)).toBe('port 3000 on 0.0.0.0 is already in use (EADDRINUSE); stop the other process or set PORT')
    expect(listenErrorLine(err('EACCES'), '0.0.0.0', 80)).toMatch(/^no permission to listen on port 80/)
    expect(listenErrorLine(err('EADDRNOTAVAIL'), '10.9.9.9', 3000)).toMatch(/^HOST=10.9.9.9 is not an address of this machine/)
    expect(listenErrorLine(err('ENOTFOUND'), 'nowhere.invalid', 3000)).toMatch(/^HOST=nowhere.invalid cannot be resolved/)
    expect(listenErrorLine(err('EWHATEVER'), 'h', 1)).toBe('cannot listen on h:1: listen EWHATEVER')
    for (const code of ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EOTHER']) expect(listenErrorLine(err(code), 'h', 1)).not.toContain('\n')
  })
})
