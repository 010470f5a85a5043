import { buildApp } from '../app.js'
import { loadConfig } from '../lib/config.js'
import { startFakeGitea } from '../test/fake-gitea/server.js'
import autocannon from 'autocannon'
import { createServer } from 'node:http'
import Fastify from 'fastify'
const gitea = await startFakeGitea()
const key = 'agm_test_key_one_000000000000000000000000000000'
const config = loadConfig({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: key, RATE_LIMIT_PER_MINUTE: '0', AUDIT_LOG_PATH: '/tmp/h13-audit.log', LOG_LEVEL: 'warn' })
const app = await buildApp({ config })
await app.listen({ host: '127.0.0.1', port: 0 })
const port = (app.server.address() as any).port
const body = Buffer.from(await (await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' })).arrayBuffer())
const plain = createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); s.end(body) }) })
await new Promise<void>(r => plain.listen(0, '127.0.0.1', r))
const bare = Fastify()
bare.post('/', async (_q, reply) => await reply.type('application/json').send(body.toString()))
await bare.listen({ host: '127.0.0.1', port: 0 })
const run = async (url: string, method: 'GET' | 'POST' = 'POST') => (await autocannon({ url, method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' }, body: method === 'POST' ? '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' : undefined, connections: 50, duration: 3 })).requests.average
for (let i = 0; i < 2; i++) {
  console.log('plain', await run(`http://127.0.0.1:${(plain.address() as any).port}/`))
  console.log('bare fastify', await run(`http://127.0.0.1:${(bare.server.address() as any).port}/`))
  console.log('health', await run(`http://127.0.0.1:${port}/health`, 'GET'))
  console.log('GET /mcp/tools', await run(`http://127.0.0.1:${port}/mcp/tools`, 'GET'))
  console.log('POST tools/list', await run(`http://127.0.0.1:${port}/mcp`))
}
await app.close(); await gitea.close(); plain.close(); await bare.close()
