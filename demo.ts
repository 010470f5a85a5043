import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from './app.js'
import { generateKey } from './lib/api-keys.js'
import { loadConfig } from './lib/config.js'
import { GITEA_CALLBACK_PATH } from './lib/oauth/gitea-oauth.js'
import { SAMPLE_OAUTH_APP, SAMPLE_PEOPLE } from './test/fake-gitea/handlers-oauth.js'
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
  /**
   * OAuth on, for connectors (ChatGPT, Claude, the MCP Inspector): the sign-in page offers the
   * demo's key and "Sign in with Gitea" against the sample Gitea. Loopback hosts only.
   */
  oauth?: boolean
}

export interface Demo {
  url: string
  key: string
  noAuth: boolean
  /** OAuth on: the sample Gitea people who can "Sign in with Gitea", each with what they see (empty when off). */
  giteaPeople: ReadonlyArray<{ login: string, sees: string }>
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
  const oauth = options.oauth === true
  if (oauth && noAuth) throw new Error('--oauth signs people in, so it needs authentication on: leave out --no-auth')
  if (oauth && !isLoopback(host)) throw new Error(`--oauth serves http://127.0.0.1 (https is needed anywhere else), so it binds loopback only, not MCP_HOST=${host}`)
  const gitea = await startFakeGitea()
  const key = generateKey()
  const auditLogPath = options.auditLogPath ?? 'logs/demo-audit.log'
  // OAuth names its own URL (PUBLIC_URL) before it listens: the port is chosen first.
  const oauthPort = oauth ? await freePort(host, options.port ?? 8080) : undefined
  const publicUrl = oauthPort === undefined ? '' : `http://${host.includes(':') ? `[${host}]` : host}:${oauthPort}`
  const dataDir = oauth ? mkdtempSync(join(tmpdir(), 'aegis-demo-')) : undefined
  if (oauth) gitea.oauth.app.redirectUris.push(`${publicUrl}${GITEA_CALLBACK_PATH}`)
  const oauthEnv: Record<string, string> = dataDir === undefined
    ? {}
    : {
        OAUTH_ENABLED: 'true',
        PUBLIC_URL: publicUrl,
        DATA_DIR: dataDir,
        OAUTH_SIGN_IN: 'key,gitea',
        GITEA_OAUTH_CLIENT_ID: SAMPLE_OAUTH_APP.clientId,
        GITEA_OAUTH_CLIENT_SECRET: SAMPLE_OAUTH_APP.clientSecret
      }
  const removeDataDir = (): void => { if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true }) }
  const config = loadConfig({
    ...oauthEnv,
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
    if (oauthPort === undefined) await listen(app, host, options.port ?? 8080)
    else await app.listen({ host, port: oauthPort })
  } catch (error) {
    await gitea.close()
    removeDataDir()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    url,
    key,
    noAuth,
    giteaPeople: oauth ? SAMPLE_PEOPLE.map(login => ({ login, sees: PEOPLE_SEE[login] })) : [],
    auditLogPath,
    commands: [
      ...demoCommands(url, noAuth ? undefined : key),
      ...(oauth ? [{ title: 'OAuth: where connectors find the authorization server', command: `curl -s ${url}/.well-known/oauth-protected-resource/mcp` }] : [])
    ],
    close: async () => {
      await app.close()
      await gitea.close()
      removeDataDir()
    }
  }
}

/** `preferred` when it is free on `host`, else any free port. */
async function freePort (host: string, preferred: number): Promise<number> {
  const probe = async (port: number): Promise<number> => await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : port) })
    })
  })
  try {
    return await probe(preferred)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    return await probe(0)
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

const PEOPLE_SEE: Record<typeof SAMPLE_PEOPLE[number], string> = {
  alice: 'reads the private acme repositories',
  hank: 'reads globex only, none of acme\'s private repositories'
}

const NO_AUTH_LOOPBACK_ONLY = (host: string): string => `--no-auth lets in anyone who can connect, so it binds loopback only (127.0.0.1, ::1, localhost), not MCP_HOST=${host}`

/** Hosts only this machine can reach: the names and addresses of loopback. */
export function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** `npm run demo` arguments and environment: MCP_HOST, MCP_PORT, --no-auth, --oauth. */
export function demoOptions (argv: readonly string[], env: NodeJS.ProcessEnv): DemoOptions {
  const unknown = argv.filter(arg => arg !== '--no-auth' && arg !== '--oauth')
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0] ?? ''}; usage: npm run demo [-- --no-auth | --oauth]`)
  if (argv.includes('--oauth') && argv.includes('--no-auth')) throw new Error('--oauth and --no-auth do not go together: OAuth signs people in')
  const port = env.MCP_PORT !== undefined && env.MCP_PORT !== '' ? Number(env.MCP_PORT) : undefined
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new Error(`MCP_PORT must be a port number, not ${env.MCP_PORT ?? ''}`)
  const host = env.MCP_HOST !== undefined && env.MCP_HOST !== '' ? env.MCP_HOST : undefined
  const noAuth = argv.includes('--no-auth')
  if (noAuth && host !== undefined && !isLoopback(host)) throw new Error(NO_AUTH_LOOPBACK_ONLY(host))
  return { host, port, noAuth, ...(argv.includes('--oauth') ? { oauth: true } : {}) }
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
