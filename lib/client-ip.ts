import { isIP } from 'node:net'
import { normalizeIP } from '@fastify/rate-limit'

/**
 * Client addresses as one canonical string each, so that one client cannot
 * count as several by spelling its address differently (`::ffff:9.9.9.9`,
 * `::FFFF:9.9.9.9` and `::ffff:909:909` are all 9.9.9.9; `2001:DB8::1` is
 * `2001:db8::1`). The normalisation is @fastify/rate-limit's own, so the
 * lockout and the per-key rate limit agree on who a client is.
 */

/** Prefix length one IPv6 client is counted by: a host usually holds a whole /64. */
export const IPV6_CLIENT_PREFIX = 64

/** The canonical text of an IP address (IPv4-mapped IPv6 as IPv4, IPv6 lower case and compressed), or null when `value` is not one. */
export function canonicalAddress (value: string): string | null {
  const trimmed = value.trim()
  if (isIP(trimmed) === 0) return null
  return normalizeIP(trimmed, 128)
}

/**
 * The client address of a request: the one Fastify resolved (the socket's, or
 * the forwarded one a trusted proxy vouched for), canonical. A forwarded value
 * that is not an address is ignored: the client is then the proxy itself, the
 * peer of the socket, so junk in X-Forwarded-For never becomes an identity.
 */
export function clientAddress (resolved: string, peer: string | undefined): string {
  return canonicalAddress(resolved) ?? canonicalAddress(peer ?? '') ?? 'unknown'
}

/**
 * What failures are counted against: an IPv4 address itself, an IPv6 address's
 * /64 (written `2001:db8::/64`), since whoever holds one address of a /64
 * usually holds them all.
 */
export function lockoutKey (address: string): string {
  const canonical = canonicalAddress(address)
  if (canonical === null) return address
  if (isIP(canonical) === 4) return canonical
  return `${normalizeIP(canonical, IPV6_CLIENT_PREFIX)}/${IPV6_CLIENT_PREFIX}`
}
