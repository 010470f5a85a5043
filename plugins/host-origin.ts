import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isIP } from 'node:net'
import type { AppConfig } from '../lib/config.js'
import { HostNotAllowedError, OriginNotAllowedError } from '../lib/errors.js'
import { auditRequest } from './audit.js'

// DNS-rebinding and cross-site protection for the /mcp scope, as the MCP
// transport spec asks: a request must name this server in `Host`, and a
// browser's `Origin` must be the server's own (the Host the request was sent
// to) or one listed in MCP_ALLOWED_ORIGINS. Clients that send no Origin
// (server to server) pass the Origin check.

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1']
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }

/** A Host header's parts: the name lower-case, without brackets or trailing dot; port '' when absent. */
export interface HostParts { name: string, port: string }

/**
 * The host names /mcp* answers to: loopback names when bound to loopback,
 * MCP_DOMAIN and MCP_ALLOWED_HOSTS. null means any: bound beyond loopback
 * with no name configured (a bare `docker run`), where there is no name to
 * check against; the plugin warns about that at start.
 */
export function allowedHostNames (config: AppConfig): Set<string> | null {
  const names = new Set<string>()
  if (isLoopbackAddress(config.server.host)) for (const name of LOOPBACK_NAMES) names.add(name)
  for (const host of [config.domain, ...config.allowedHosts]) if (host !== '') names.add(unbracket(host))
  return names.size === 0 ? null : names
}

export function isLoopbackAddress (address: string): boolean {
  const host = unbracket(address.toLowerCase())
  if (host === 'localhost') return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1' || host.startsWith('::ffff:127.')
}

/** Parses a Host header (`name`, `name:port`, `[v6]:port`); null when it is not one. */
export function parseHost (value: string | undefined): HostParts | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s/]+)(?::(\d{1,5}))?$/i.exec(value?.trim() ?? '')
  if (match === null) return null
  return { name: unbracket((match[1] ?? '').toLowerCase()).replace(/\.$/, ''), port: match[2] ?? '' }
}

/**
 * Whether `origin` is the request's own: same host name and port as its Host
 * header, whatever the scheme (TLS may end at a proxy). A missing port is the
 * default port of the Origin's scheme, on both sides.
 */
export function isOwnOrigin (origin: string, host: HostParts): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  const defaultPort = DEFAULT_PORTS[url.protocol]
  if (defaultPort === undefined || url.pathname !== '/' || url.search !== '' || url.username !== '') return false
  const name = unbracket(url.hostname).replace(/\.$/, '')
  return name === host.name && (url.port === '' ? defaultPort : url.port) === (host.port === '' ? defaultPort : host.port)
}

function unbracket (host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1')
}

/** The Host and Origin checks, as onRequest hooks of the scope it is registered in (before auth). */
export default fp(async function hostOriginPlugin (app) {
  const names = allowedHostNames(app.config)
  if (names === null) {
    app.log.warn(`MCP_HOST=${app.config.server.host} with neither MCP_DOMAIN nor MCP_ALLOWED_HOSTS: /mcp answers to any Host name, so there is no DNS-rebinding check. Set MCP_DOMAIN (or MCP_ALLOWED_HOSTS) to the host name(s) clients use.`)
  }
  app.addHook('onRequest', async (request) => {
    const host = parseHost(request.headers.host)
    if (names !== null && (host === null || !names.has(host.name))) refuseHost(app, request)
    const origin = request.headers.origin
    if (origin === undefined) return
    if (app.config.allowedOrigins.includes(origin.replace(/\/+$/, ''))) return
    if (host !== null && isOwnOrigin(origin, host)) return
    refuseOrigin(app, request, origin)
  })
}, { fastify: '5.x', name: 'host-origin', dependencies: ['config', 'audit'] })

function refuseHost (app: FastifyInstance, request: FastifyRequest): never {
  app.audit.record('host_rejected', 'medium', auditRequest(request), { host: (request.headers.host ?? '').slice(0, 200) })
  throw new HostNotAllowedError('This server does not answer to that Host name; the operator can add it to MCP_ALLOWED_HOSTS (or set MCP_DOMAIN).')
}

function refuseOrigin (app: FastifyInstance, request: FastifyRequest, origin: string): never {
  app.audit.record('origin_rejected', 'medium', auditRequest(request), { origin: origin.slice(0, 200) })
  throw new OriginNotAllowedError('This Origin may not call the MCP endpoint; the operator can add it to MCP_ALLOWED_ORIGINS.')
}
