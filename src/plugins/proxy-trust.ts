// Which peers may speak for the client: the addresses and CIDRs in TRUST_PROXY. Only their
// X-Forwarded-* headers are believed (Fastify's trustProxy uses the same list). A gateway that
// sends X-Forwarded-For without being trusted is a configuration mistake: every caller then shares
// the gateway's address (one rate-limit bucket, one address in the logs), so the first few such
// peers are named in a warning.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import proxyAddr from '@fastify/proxy-addr'
import type { Config } from '../config.js'

/** How many distinct untrusted forwarding peers are warned about before the warnings stop. */
export const UNTRUSTED_FORWARDER_WARNINGS = 5

declare module 'fastify' {
  interface FastifyRequest {
    /** True when the TCP peer is listed in TRUST_PROXY, so its X-Forwarded-* headers count. */
    fromTrustedProxy: boolean
  }
}

/** A predicate telling whether a peer address is one of the trusted proxies. */
export function trustedPeerCheck(trustProxy: string[]): (peerAddress: string | undefined) => boolean {
  if (trustProxy.length === 0) return () => false
  const trust = proxyAddr.compile(trustProxy)
  return (peerAddress) => peerAddress !== undefined && trust(peerAddress, 0)
}

export default fp(
  async function proxyTrustPlugin(app: FastifyInstance, { config }: { config: Config }) {
    const isTrusted = trustedPeerCheck(config.trustProxy)
    const warnedPeers = new Set<string>()
    app.decorateRequest('fromTrustedProxy', false)
    app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
      const peer = request.raw.socket.remoteAddress
      request.fromTrustedProxy = isTrusted(peer)
      if (!request.fromTrustedProxy && request.headers['x-forwarded-for'] !== undefined && warnedPeers.size < UNTRUSTED_FORWARDER_WARNINGS) {
        const name = peer ?? 'unknown'
        if (!warnedPeers.has(name)) {
          warnedPeers.add(name)
          app.log.warn(
            { peer: name, trustProxy: config.trustProxy },
            `X-Forwarded-For arrived from ${name}, which TRUST_PROXY does not list: client addresses, rate limits and X-Forwarded-Prefix ignore it. If ${name} is your gateway, add it (or its CIDR) to TRUST_PROXY.`
          )
        }
      }
      done()
    })
  },
  { name: 'proxy-trust' }
)
