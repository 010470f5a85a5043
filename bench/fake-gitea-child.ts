// Starts bench/fake-gitea-process.ts as a child process and returns its address.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export interface ChildGitea {
  url: string
  token: string
  close: () => Promise<void>
}

export async function startChildGitea (env: Record<string, string> = {}): Promise<ChildGitea> {
  const script = fileURLToPath(new URL('./fake-gitea-process.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve)
    child.once('exit', (code) => { reject(new Error(`the fake Gitea exited with ${String(code)}`)) })
  })
  const { url, token } = JSON.parse(first) as { url: string, token: string }
  return {
    url,
    token,
    close: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve() }))
      child.stdin.end()
      await exited
    }
  }
}
