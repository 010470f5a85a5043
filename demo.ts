import { buildApp } from './app.js'
import { generateKey } from './lib/api-keys.js'
import { loadConfig } from './lib/config.js'
import { startFakeGitea } from './lib/fake-gitea/server.js'
import type { FastifyInstance } from 'fastify'

export interface DemoOptions {
  host?: string
  /** Preferred port; when taken, any free port is used. */
  port?: number
  auditLogPath?: string
  logLevel?: string
}

export interface Demo {
  url: string
  key: string
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
  const gitea = await startFakeGitea()
  const key = generateKey()
  const auditLogPath = options.auditLogPath ?? 'logs/demo-audit.log'
  const config = loadConfig({
    GITEA_URL: gitea.url,
    GITEA_TOKEN: gitea.token,
    MCP_API_KEYS: key,
    MCP_HOST: host,
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
  const url = `http://${host}:${port}`
  return {
    url,
    key,
    auditLogPath,
    commands: demoCommands(url, key),
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

function demoCommands (url: string, key: string): Demo['commands'] {
  const auth = `-H "Authorization: Bearer ${key}"`
  const json = "-H 'Content-Type: application/json'"
  return [
    { title: 'Liveness (public)', command: `curl -s ${url}/health` },
    { title: 'Without a key: 401', command: `curl -s -i ${url}/mcp/tools` },
    { title: 'List the tools', command: `curl -s ${auth} ${url}/mcp/tools` },
    { title: 'Call a tool', command: `curl -s ${auth} ${json} -d '{"name":"list_repositories","arguments":{}}' ${url}/mcp/tool/call` },
    { title: 'Read a file', command: `curl -s ${auth} ${json} -d '{"name":"get_file_contents","arguments":{"owner":"acme","repo":"platform","path":"README.md"}}' ${url}/mcp/tool/call` },
    { title: 'Speak MCP (JSON-RPC over Streamable HTTP)', command: `curl -s ${auth} ${json} -H 'Accept: application/json, text/event-stream' -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' ${url}/mcp` },
    // @2 pins the CLI that takes --header; on Node 20 npm would otherwise pick an old release (2.x declares Node 22 but runs on 20).
    { title: 'A real MCP client: the MCP Inspector CLI (npx downloads it the first time)', command: `npx -y @modelcontextprotocol/inspector@2 --cli ${url}/mcp --transport http --header "Authorization: Bearer ${key}" --method tools/list` }
  ]
}
