#!/usr/bin/env node
import { demoOptions, startDemo } from '../demo.js'

let options
try {
  options = demoOptions(process.argv.slice(2), process.env)
} catch (error) {
  process.stderr.write(`demo: ${(error as Error).message}\n`)
  process.exit(64) // EX_USAGE
}
const demo = await startDemo(options)

const access = demo.noAuth
  ? [
      '  authentication OFF (AUTH_ENABLED=false): no key needed, loopback only'
    ]
  : [
      `  API key       ${demo.key}`
    ]
const lines = [
  '',
  'aegis-gitea-mcp demo: the MCP server against a built-in sample Gitea',
  '',
  `  MCP endpoint  ${demo.url}/mcp`,
  ...access,
  `  audit log     ${demo.auditLogPath}`,
  ...(demo.giteaPeople.length === 0
    ? []
    : [
        '',
        `OAuth is on. Connect an OAuth-capable MCP client (ChatGPT, Claude, the MCP Inspector) to ${demo.url}/mcp:`,
        'its sign-in page offers the API key above and "Sign in with Gitea", where the sample Gitea lets you',
        'pick who you are:',
        ...demo.giteaPeople.map(person => `  ${person.login}: ${person.sees}`)
      ]),
  '',
  demo.noAuth ? 'No header needed. Try:' : 'This key is freshly generated and lives only as long as this demo. Try:',
  ''
]
for (const { title, command } of demo.commands) lines.push(`# ${title}`, command, '')
lines.push('Press Ctrl-C to stop.', '')
process.stdout.write(lines.join('\n'))

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    demo.close().then(() => process.exit(0), () => process.exit(1))
  })
}
