// What the documented `npx -y @modelcontextprotocol/inspector@2 --cli …` commands do, done with
// the MCP SDK's own client, so the tests that check those commands need no network: the line is
// split into words by sh (quoting and `$KEY` expand as they would for the real CLI), then its
// URL, transport, headers, method, tool name and tool arguments drive the SDK client. An option
// this double does not know fails the test, so the docs cannot drift to one it ignores.

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'

const run = promisify(execFile)

export const INSPECTOR_COMMAND = /^npx -y @modelcontextprotocol\/inspector@2 --cli /

export interface InspectorCall {
  url: string
  headers: Record<string, string>
  method: 'tools/list' | 'tools/call'
  toolName?: string
  toolArgs: Record<string, string>
}

/** The words sh passes to npx for this line, with `env` for its variables. */
async function shellWords (line: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const { stdout } = await run('sh', ['-c', `printf '%s\\0' ${line}`], { env })
  return stdout.split('\0').slice(0, -1)
}

export async function parseInspectorLine (line: string, env: NodeJS.ProcessEnv = process.env): Promise<InspectorCall> {
  if (!INSPECTOR_COMMAND.test(line)) throw new Error(`not an Inspector CLI command: ${line}`)
  const words = (await shellWords(line, env)).slice(4) // npx -y @modelcontextprotocol/inspector@2 --cli
  const url = words.shift() ?? ''
  const call: InspectorCall = { url, headers: {}, method: 'tools/list', toolArgs: {} }
  while (words.length > 0) {
    const option = words.shift()
    const value = words.shift() ?? ''
    if (option === '--transport' && value === 'http') continue
    if (option === '--header') {
      const colon = value.indexOf(':')
      call.headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim()
    } else if (option === '--method' && (value === 'tools/list' || value === 'tools/call')) {
      call.method = value
    } else if (option === '--tool-name') {
      call.toolName = value
    } else if (option === '--tool-arg') {
      const equals = value.indexOf('=')
      call.toolArgs[value.slice(0, equals)] = value.slice(equals + 1)
    } else {
      throw new Error(`the Inspector double does not know ${option ?? ''} ${value}`)
    }
  }
  return call
}

/** Runs the command's request with the SDK client and returns what the Inspector would print. */
export async function runInspectorLine (line: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, unknown>> {
  const call = await parseInspectorLine(line, env)
  const client = new Client({ name: 'inspector-cli-double', version: '2.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(call.url), { requestInit: { headers: call.headers } }))
  try {
    if (call.method === 'tools/list') return await client.listTools()
    return await client.callTool({ name: call.toolName ?? '', arguments: call.toolArgs })
  } finally {
    await client.close()
  }
}
