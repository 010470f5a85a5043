import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const SERVER = resolve(import.meta.dirname, '../../bin/aegis-gitea-mcp.ts')

export interface ServerProcess {
  child: ChildProcess
  /** Everything it wrote so far, standard output and error together. */
  output: () => string
  exited: Promise<number | null>
}

/**
 * The loader tap runs the tests with (`--import=./test/loader/register.mjs`, from .taprc), for
 * the child, made absolute: the child starts in a temporary folder.
 */
function loaderArgs (): string[] {
  return process.execArgv.map(arg => arg.startsWith('--import=./') ? `--import=${pathToFileURL(resolve(arg.slice('--import='.length))).href}` : arg)
}

/** Runs bin/aegis-gitea-mcp.ts in a child process, with `env` over this process's environment. */
export function startServer (env: Record<string, string>, cwd: string): ServerProcess {
  // The same TypeScript loader (and its environment) tap runs this test with.
  const child = spawn(process.execPath, [...loaderArgs(), SERVER], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  return { child, output: () => output, exited }
}

/** Polls `predicate` until it holds; throws after `timeoutMs`. */
export async function waitFor (predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

const LISTENING = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/

/** Waits until the server listens, and gives its base URL. */
export async function listeningUrl (server: ServerProcess): Promise<string> {
  await waitFor(() => LISTENING.test(server.output()) || server.child.exitCode !== null, 'listening')
  const port = LISTENING.exec(server.output())?.[1]
  if (port === undefined) throw new Error(`the server exited before listening:\n${server.output()}`)
  return `http://127.0.0.1:${port}`
}
