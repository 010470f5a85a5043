#!/usr/bin/env node
import { startDemo } from '../demo.js'

const port = process.env.MCP_PORT !== undefined ? Number(process.env.MCP_PORT) : undefined
const demo = await startDemo({ port })

const lines = [
  '',
  'aegis-gitea-mcp demo: the MCP server against a built-in sample Gitea',
  '',
  `  MCP endpoint  ${demo.url}/mcp`,
  `  API key       ${demo.key}`,
  `  audit log     ${demo.auditLogPath}`,
  '',
  'This key is freshly generated and lives only as long as this demo. Try:',
  ''
]
for (const { title, command } of demo.commands) lines.push(`# ${title}`, command, '')
lines.push('Press Ctrl-C to stop.', '')
process.stdout.write(lines.join('\n'))

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void demo.close().then(() => process.exit(0))
  })
}
