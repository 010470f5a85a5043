/**
 * Memory of big-file reads: the server's RSS growth while READERS (default
 * 10) get_file_contents calls read the same file at once, per read, as a
 * multiple of the cap (MAX_FILE_SIZE_BYTES, default 1 MiB). Issue 13's goal:
 * at most 2x the cap per concurrent read, whatever the file's size.
 *
 * Scenarios, each in a fresh process (so one's freed memory does not hide
 * another's), against the fake Gitea in a process of its own:
 *   small     README.md (765 bytes): the baseline, what a call costs anyway
 *   before    data/fixtures/customers.csv (2 MiB) read the old way: the
 *             contents endpoint's base64 copy of the whole file, cut afterwards
 *   after     the same file as the server reads it now: media, streamed, stopped at the
 *             cap, and only the lines the answer could hold decoded (not the whole file)
 *   after-12  data/seed/products.sql (12 MiB), streamed
 * Each figure is the median of ROUNDS (default 3) peaks.
 *
 *   npm run bench:file-memory
 *   READERS=20 ROUNDS=5 npm run bench:file-memory
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createGiteaClient } from '../lib/gitea/client.js'
import type { GiteaClient } from '../lib/gitea/types.js'
import { callTool } from '../lib/tools/registry.js'
import type { ToolContext } from '../lib/tools/types.js'
import { median } from './common.js'
import { startChildGitea } from './fake-gitea-child.js'

const READERS = Number(process.env.READERS ?? 10)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const CAP = Number(process.env.MAX_FILE_SIZE_BYTES ?? 1_048_576)
const MiB = 1024 * 1024
const out = (line: string): void => { process.stdout.write(`${line}\n`) }

// What this benchmark gave, "after" lines (net of the baseline), for comparison with the run above.
const MEASURED = [
  'quiet machine, before (the whole read decoded to one string): 2.14x',
  'load 6 to 15, before, three runs: 1.64x, 1.21x, 1.93x (2 MiB file); 1.62x, 1.88x, 1.20x (12 MiB file)',
  'same conditions, after (only the lines that could be shown decoded), two runs: 0.23x, 1.14x (2 MiB file); 0.13x, 0.11x (12 MiB file)',
  'quiet machine, after: 0.43x (2 MiB file), 0.19x (12 MiB file), net of the small-file baseline'
]

const SCENARIOS: Record<string, { path: string, old: boolean, label: string }> = {
  small: { path: 'README.md', old: false, label: 'small file (765 B), baseline' },
  before: { path: 'data/fixtures/customers.csv', old: true, label: '2 MiB file, before: contents API base64, cut afterwards' },
  after: { path: 'data/fixtures/customers.csv', old: false, label: '2 MiB file, after: streamed (media), stopped at the cap' },
  'after-12': { path: 'data/seed/products.sql', old: false, label: '12 MiB file, after: streamed (media), stopped at the cap' }
}

/** One scenario in this process: the median peak RSS growth of ROUNDS rounds of READERS concurrent reads, in bytes. */
async function measure (name: string, url: string, token: string): Promise<number> {
  const scenario = SCENARIOS[name]
  if (scenario === undefined) throw new Error(`unknown scenario ${name}`)
  const client = createGiteaClient({ baseUrl: url, token, timeoutMs: 60_000 })
  // The old path: the contents endpoint, whose base64 `content` files.ts still uses when it is there.
  const gitea: GiteaClient = scenario.old ? { ...client, getContentsMeta: client.getContents } : client
  const ctx: ToolContext = { gitea, limits: { maxFileBytes: CAP, maxResponseBytes: 100_000 } }
  const read = async (): Promise<void> => {
    const outcome = await callTool('get_file_contents', { owner: 'acme', repo: 'platform', path: scenario.path }, ctx)
    if (outcome.outcome !== 'ok') throw new Error(outcome.result.content[0]?.text ?? 'failed')
  }
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
  await read()
  const peaks: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    gc()
    gc()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const before = process.memoryUsage.rss()
    let peak = before
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()) }, 1)
    await Promise.all(Array.from({ length: READERS }, read))
    peak = Math.max(peak, process.memoryUsage.rss())
    clearInterval(sampler)
    peaks.push(peak - before)
  }
  return median(peaks)
}

async function runChild (name: string, url: string, token: string): Promise<number> {
  const self = fileURLToPath(import.meta.url)
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self], {
    env: { ...process.env, SCENARIO: name, GITEA_URL: url, GITEA_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let text = ''
  child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`scenario ${name} failed (${String(code)})`)
  return Number(text.trim())
}

if (process.env.SCENARIO !== undefined) {
  out(String(await measure(process.env.SCENARIO, process.env.GITEA_URL ?? '', process.env.GITEA_TOKEN ?? '')))
} else {
  const gitea = await startChildGitea()
  const growth: Record<string, number> = {}
  try {
    for (const name of Object.keys(SCENARIOS)) growth[name] = await runChild(name, gitea.url, gitea.token)
  } finally {
    await gitea.close()
  }
  out(`get_file_contents memory: ${READERS} concurrent reads, MAX_FILE_SIZE_BYTES ${(CAP / MiB).toFixed(2)} MiB, peak RSS growth (median of ${ROUNDS}):`)
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    const perRead = (growth[name] ?? 0) / READERS
    out(`  ${scenario.label.padEnd(58)} ${(perRead / MiB).toFixed(2).padStart(6)} MiB per read = ${(perRead / CAP).toFixed(2)}x the cap`)
  }
  const base = (growth.small ?? 0) / READERS
  const net = (name: string): number => Math.max(0, ((growth[name] ?? 0) / READERS) - base) / CAP
  out(`  net of the small-file baseline: before ${net('before').toFixed(2)}x the cap, after ${net('after').toFixed(2)}x (2 MiB), ${net('after-12').toFixed(2)}x (12 MiB); goal <= 2x`)
  out('\nMeasured on the project machine (defaults: 10 readers, 3 rounds, 1 MiB cap; load 6 to 15, so peaks vary from run to run):')
  for (const line of MEASURED) out(`  ${line}`)
}
