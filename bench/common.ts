// What the benchmarks share: the median of their rounds, the app built from the
// real config and listening on loopback, as a user would run it, and the plain
// node:http baseline.
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../app.js'
import { loadConfig } from '../lib/config.js'

/** The middle value (the upper one of an even count); 0 for none. */
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

export interface Listening { url: string, close: () => Promise<void> }

/** `http://127.0.0.1:<port>` of a listening server. */
export function baseUrlOf (server: Server): string {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return `http://127.0.0.1:${address.port}`
}

/** The baseline of the request benchmarks: plain node:http answering every request with `body`. */
export async function listenPlain (body: Buffer, contentType: string): Promise<Listening> {
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, { 'content-type': contentType, 'content-length': body.length })
      response.end(body)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: baseUrlOf(server), close: async () => { await new Promise(resolve => server.close(resolve)) } }
}

const logs = mkdtempSync(join(tmpdir(), 'aegis-bench-'))
let apps = 0

/**
 * The app with `env` (GITEA_URL, GITEA_TOKEN, keys...), no rate limit, warnings
 * only, its audit log in a temporary folder; `url` is its base URL.
 */
export async function listenApp (env: Record<string, string>): Promise<Listening> {
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', AUDIT_LOG_PATH: join(logs, `audit-${++apps}.log`), ...env })
  const app = await buildApp({ config })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { url: baseUrlOf(app.server), close: async () => { await app.close() } }
}
