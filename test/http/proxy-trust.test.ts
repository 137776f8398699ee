// Which peers may speak for the client: the TRUST_PROXY list, with the keywords and CIDRs
// Fastify's trustProxy accepts (both read the same list).
import { describe, expect, it } from 'vitest'
import { trustedPeerCheck } from '../../src/plugins/proxy-trust.js'

describe('trustedPeerCheck', () => {
  it('trusts nobody when TRUST_PROXY is empty', () => {
    const trusted = trustedPeerCheck([])
    expect(trusted('127.0.0.1')).toBe(false)
    expect(trusted(undefined)).toBe(false)
  })
  it('trusts addresses inside the listed CIDRs, IPv4-mapped IPv6 included', () => {
    const trusted = trustedPeerCheck(['10.0.0.0/8', '192.168.1.7'])
    expect(trusted('10.244.3.17')).toBe(true)
    expect(trusted('::ffff:10.1.2.3')).toBe(true)
    expect(trusted('192.168.1.7')).toBe(true)
    expect(trusted('192.168.1.8')).toBe(false)
    expect(trusted('11.0.0.1')).toBe(false)
    expect(trusted(undefined)).toBe(false)
  })
  it('understands the loopback keyword', () => {
    const trusted = trustedPeerCheck(['loopback'])
    expect(trusted('127.0.0.1')).toBe(true)
    expect(trusted('::1')).toBe(true)
    expect(trusted('203.0.113.5')).toBe(false)
  })
})
