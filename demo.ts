import { buildApp } from './app.js'
import { generateKey } from './lib/api-keys.js'
import { loadConfig } from './lib/config.js'
import { startFakeGitea } from './test/fake-gitea/server.js'
import type { FastifyInstance } from 'fastify'

export interface DemoOptions {
  host?: string
  /** Preferred port; when taken, any free port is used. */
  port?: number
  auditLogPath?: string
  logLevel?: string
  /**
   * Authentication off (AUTH_ENABLED=false), for MCP clients that cannot send a header, such as
   * the MCP conformance suite. Loopback hosts only.
   */
  noAuth?: boolean
}

export interface Demo {
  url: string
  key: string
  noAuth: boolean
  auditLogPath: string
  /** Ready-to-paste shell commands against this demo. */
  commands: Array<{ title: string, command: string }>
  close: () => Promise<void>
}

/**
 * The whole service against the built-in sample Gitea, with a fresh key:
 * what `npm run demo` shows a newcomer, and what its test runs.
 */
export async function startDemo (options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? '127.0.0.1'
  const noAuth = options.noAuth === true
  if (noAuth && !isLoopback(host)) throw new Error(NO_AUTH_LOOPBACK_ONLY(host))
  const gitea = await startFakeGitea()
  const key = generateKey()
  const auditLogPath = options.auditLogPath ?? 'logs/demo-audit.log'
  const config = loadConfig({
    GITEA_URL: gitea.url,
    GITEA_TOKEN: gitea.token,
    MCP_API_KEYS: key,
    MCP_HOST: host,
    AUTH_ENABLED: noAuth ? 'false' : 'true',
    AUDIT_LOG_PATH: auditLogPath,
    LOG_LEVEL: options.logLevel ?? 'warn'
  })
  let app: FastifyInstance
  try {
    app = await buildApp({ config })
    await listen(app, host, options.port ?? 8080)
  } catch (error) {
    await gitea.close()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    url,
    key,
    noAuth,
    auditLogPath,
    commands: demoCommands(url, noAuth ? undefined : key),
    close: async () => {
      await app.close()
      await gitea.close()
    }
  }
}

async function listen (app: FastifyInstance, host: string, port: number): Promise<void> {
  try {
    await app.listen({ host, port })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    await app.listen({ host, port: 0 })
  }
}

const NO_AUTH_LOOPBACK_ONLY = (host: string): string => `--no-auth lets in anyone who can connect, so it binds loopback only (127.0.0.1, ::1, localhost), not MCP_HOST=${host}`

/** Hosts only this machine can reach: the names and addresses of loopback. */
export function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** `npm run demo` arguments and environment: MCP_HOST, MCP_PORT, --no-auth. */
export function demoOptions (argv: readonly string[], env: NodeJS.ProcessEnv): DemoOptions {
  const unknown = argv.filter(arg => arg !== '--no-auth')
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0] ?? ''}; usage: npm run demo [-- --no-auth]`)
  const port = env.MCP_PORT !== undefined && env.MCP_PORT !== '' ? Number(env.MCP_PORT) : undefined
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new Error(`MCP_PORT must be a port number, not ${env.MCP_PORT ?? ''}`)
  const host = env.MCP_HOST !== undefined && env.MCP_HOST !== '' ? env.MCP_HOST : undefined
  const noAuth = argv.includes('--no-auth')
  if (noAuth && host !== undefined && !isLoopback(host)) throw new Error(NO_AUTH_LOOPBACK_ONLY(host))
  return { host, port, noAuth }
}

/** Commands against the demo; with no key (authentication off) none sends a header. */
function demoCommands (url: string, key: string | undefined): Demo['commands'] {
  const auth = key === undefined ? '' : ` -H "Authorization: Bearer ${key}"`
  const json = " -H 'Content-Type: application/json'"
  const header = key === undefined ? '' : ` --header "Authorization: Bearer ${key}"`
  return [
    { title: 'Liveness (public)', command: `curl -s ${url}/health` },
    ...(key === undefined ? [] : [{ title: 'Without a key: 401', command: `curl -s -i ${url}/mcp/tools` }]),
    { title: 'List the tools', command: `curl -s${auth} ${url}/mcp/tools` },
    { title: 'Call a tool', command: `curl -s${auth}${json} -d '{"name":"list_repositories","arguments":{}}' ${url}/mcp/tool/call` },
    { title: 'Read a file', command: `curl -s${auth}${json} -d '{"name":"get_file_contents","arguments":{"owner":"acme","repo":"platform","path":"README.md"}}' ${url}/mcp/tool/call` },
    { title: 'Speak MCP (JSON-RPC over Streamable HTTP)', command: `curl -s${auth}${json} -H 'Accept: application/json, text/event-stream' -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' ${url}/mcp` },
    // @2 pins the CLI that takes --header; on Node 20 npm would otherwise pick an old release (2.x declares Node 22 but runs on 20).
    { title: 'A real MCP client: the MCP Inspector CLI (npx downloads it the first time)', command: `npx -y @modelcontextprotocol/inspector@2 --cli ${url}/mcp --transport http${header} --method tools/list` }
  ]
}
