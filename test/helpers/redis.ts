import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'

// REDIS_SERVER names another binary, e.g. valkey-server (it takes the same options).
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server'

/** A real redis-server on loopback, with no persistence, in a folder of its own. */
export interface TestRedis {
  port: number
  url: string
  /** Stops the server (SIGTERM) and waits until it has exited. */
  stop: () => Promise<void>
  /** Starts it again on the same port, empty. */
  restart: () => Promise<void>
}

/** Fails (never skips) when redis-server is missing: .ci/run installs it. */
export function requireRedisServer (): void {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' })
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(`${REDIS_SERVER} is not installed: these tests need a real Redis. Install Debian's package (apt-get install redis-server), as .ci/run does.`)
  }
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

async function launch (port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) resolve()
    })
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.once('error', reject)
    child.once('exit', code => { reject(new Error(`redis-server exited with ${String(code)} before it was ready:\n${output}`)) })
  })
  return child
}

/** Starts Redis for the test, and stops it (and removes its folder) when the test ends. */
export async function startRedis (t: Test): Promise<TestRedis> {
  requireRedisServer()
  const dir = mkdtempSync(join(tmpdir(), 'aegis-redis-'))
  const port = await freePort()
  let child: ChildProcess | null = await launch(port, dir)
  const stop = async (): Promise<void> => {
    const running = child
    child = null
    if (running === null || running.exitCode !== null) return
    const exited = new Promise(resolve => running.once('exit', resolve))
    running.kill('SIGTERM')
    await exited
  }
  t.teardown(async () => {
    await stop()
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: async () => {
      await stop()
      child = await launch(port, dir)
    }
  }
}
