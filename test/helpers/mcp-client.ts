// The MCP SDK's own client against an app listening on a real loopback port:
// what the end-to-end tests use to call the server as a user's client would.
import type { Test } from 'tap'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { FastifyInstance } from 'fastify'
import { bearer } from './app.js'

/** Listens on 127.0.0.1, any free port; the base URL. */
export async function listenLocal (app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return `http://127.0.0.1:${address.port}`
}

/** An SDK client connected to `<base>/mcp` over Streamable HTTP with `key`; closed at the test's end. */
export async function connectClient (t: Test, base: string, key: string, name = 'e2e-test'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: bearer(key) } }))
  t.teardown(async () => { await client.close() })
  return client
}

/** The text of a tool result's first content block ('' when it has none). */
export function textOf (result: unknown): string {
  return ((result as { content: Array<{ type: 'text', text: string }> }).content[0])?.text ?? ''
}
