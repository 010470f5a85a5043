// The floor of bench:tool-call and bench:tool-call-phases.
import { Agent, createServer, request } from 'node:http'
import { baseUrlOf, type Listening } from './common.js'

/** The call bench:tool-call and bench:tool-call-phases time: a small file, the one the bare proxy reads. */
export const README_CALL = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: 'README.md' } } })

/**
 * The floor of any server in between: a bare node:http server (in this
 * process, like the app) that answers the POST by asking the fake Gitea the
 * two things the server asks for a file (its metadata and its bytes, at the
 * same time) and sending both back. What the app adds beyond it is its own:
 * the bearer check, the audit lines, MCP and the tool.
 */
export async function listenBareProxy (giteaUrl: string, token: string): Promise<Listening> {
  const agent = new Agent({ keepAlive: true })
  const ask = (path: string): Promise<Buffer> => new Promise((resolve, reject) => {
    const req = request(`${giteaUrl}/api/v1/repos/acme/platform/${path}`, { headers: { authorization: `token ${token}` }, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => { resolve(Buffer.concat(chunks)) })
    })
    req.on('error', reject)
    req.end()
  })
  const proxy = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      Promise.all([ask('contents-ext/README.md?includes=lfs_metadata'), ask('media/README.md')]).then(([meta, bytes]) => {
        const body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { meta: JSON.parse(meta.toString()), text: bytes.toString() } })
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
        res.end(body)
      }, () => { res.writeHead(502).end() })
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  return { url: baseUrlOf(proxy), close: async () => { agent.destroy(); await new Promise((resolve) => proxy.close(resolve)) } }
}
