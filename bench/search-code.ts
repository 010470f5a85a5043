/**
 * What search_code's cache buys: a search over a repository of FILES text
 * files (the sample `acme/monorepo`, default 2000) the first time (resolve
 * the ref, read the recursive tree, read every file in batches of 30,
 * search) and again on the same commit (resolve the ref, search the cached
 * text), through the real client and callTool against the fake Gitea on
 * localhost. Each cold round uses a new client, so a new, empty cache.
 * Then memory: the heap used before, after the searches, and after
 * searching REPOS different repositories, which the LRU caps at
 * CODE_CACHE_ENTRIES indexes (CODE_CACHE_BYTES in all).
 *
 * Then big repositories (SIZES, default 20000,100000 files, each served by
 * the fake Gitea in a process of its own): the first search and the one
 * after it, with their time, the Gitea requests they made, the files
 * searched, the note, and the heap and cache they left.
 *
 *   npm run bench:search                      # 2000 files, 5 rounds
 *   FILES=5000 ROUNDS=3 REPOS=12 npm run bench:search
 *   SIZES=20000 npm run bench:search
 *
 * Times on localhost leave out Gitea's own cost per request (git reads),
 * which makes the first search slower against a real Gitea, not the second.
 */
import { CODE_CACHE_BYTES, CODE_CACHE_ENTRIES, codeSearchCacheFor } from '../lib/tools/code-search-cache.js'
import { GitHistory, signature } from '../test/fake-gitea/data.js'
import { largeRepoData } from '../test/fake-gitea/sample-data.js'
import { monorepoHistory } from '../test/fake-gitea/sample-repos.js'
import { startFakeGitea } from '../test/fake-gitea/server.js'
import { createGiteaClient } from '../lib/gitea/client.js'
import type { GiteaClient } from '../lib/gitea/types.js'
import { callTool } from '../lib/tools/registry.js'
import type { ToolContext } from '../lib/tools/types.js'
import { mapMethods } from '../lib/gitea/methods.js'
import { SEARCH_CODE_BUDGET_MS } from '../lib/tools/search-code.js'
import { median } from './common.js'
import { startChildGitea } from './fake-gitea-child.js'

const FILES = Number(process.env.FILES ?? 2000)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const REPOS = Number(process.env.REPOS ?? 12)
const QUERY = process.env.QUERY ?? 'export function describe'

const data = largeRepoData(FILES)
const template = data.repositories.find((r) => r.name === 'monorepo')
if (template === undefined) throw new Error('no acme/monorepo in largeRepoData')
// More repositories of the same size (each a different commit) for the LRU phase.
for (let i = 1; i <= REPOS; i++) {
  const h: GitHistory = monorepoHistory(FILES)
  h.commit({ branch: 'main', author: signature('Bench', 'bench@acme.example', `2024-07-${String((i % 28) + 1).padStart(2, '0')}T00:00:00`, 0), message: `Variant ${i}`, files: { 'VARIANT.md': `variant ${i}\n` } })
  data.repositories.push({ ...template, id: 1000 + i, name: `monorepo-${i}`, git: h.git })
}
const gitea = await startFakeGitea({ data })

function context (client: GiteaClient): ToolContext {
  return { gitea: client, limits: { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 } }
}

function newClient (): GiteaClient {
  return createGiteaClient({ baseUrl: gitea.url, token: gitea.token, timeoutMs: 60_000 })
}

interface Outcome { ms: number, result: Record<string, unknown> }

async function search (ctx: ToolContext, args: Record<string, unknown>): Promise<Outcome> {
  const started = process.hrtime.bigint()
  const outcome = await callTool('search_code', { owner: 'acme', repo: 'monorepo', query: QUERY, ...args }, ctx)
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (outcome.outcome !== 'ok') throw new Error(`search_code failed: ${outcome.result.content[0]?.text ?? ''}`)
  return { ms, result: outcome.result.structuredContent ?? {} }
}

const gc = (globalThis as { gc?: () => void }).gc
function heapMiB (): number {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed / (1024 * 1024)
}

const out = (line: string): void => { process.stdout.write(`${line}\n`) }

// Warm up the JIT and the fake (its lazily built objects) once, then measure.
await search(context(newClient()), {})
const heapBefore = heapMiB()

const cold: number[] = []
const warm: number[] = []
const otherQuery: number[] = []
let peak = 0
let last: Outcome | undefined
let fileReads = 0
for (let round = 1; round <= ROUNDS; round++) {
  const ctx = context(newClient())
  const requestsBefore = gitea.requests.length
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed) }, 5)
  const first = await search(ctx, {})
  clearInterval(sampler)
  fileReads = gitea.requests.slice(requestsBefore).filter((r) => r.path.endsWith('/file-contents')).length
  const second = await search(ctx, {})
  const third = await search(ctx, { query: 'module 1', case_sensitive: true })
  if (first.result.cached !== false || second.result.cached !== true || third.result.cached !== true) throw new Error('the cache did not behave')
  cold.push(first.ms)
  warm.push(second.ms)
  otherQuery.push(third.ms)
  last = first
  out(`round ${round}: first ${first.ms.toFixed(1)} ms, second (cached) ${second.ms.toFixed(2)} ms, another query (cached) ${third.ms.toFixed(2)} ms`)
}
const heapAfterSearches = heapMiB()

// The LRU: one client searching REPOS different repositories.
const lruClient = newClient()
const lruCtx = context(lruClient)
const heapLruStart = heapMiB()
const lruHeap: number[] = []
for (let i = 1; i <= REPOS; i++) {
  await search(lruCtx, { repo: `monorepo-${i}` })
  lruHeap.push(heapMiB())
}
const cache = codeSearchCacheFor(lruClient)

await gitea.close()

const searched = last?.result.searched as { files: number, bytes: number } | undefined
out('')
out(`search_code over acme/monorepo: ${searched?.files ?? 0} text files, ${((searched?.bytes ?? 0) / 1024).toFixed(0)} KiB, query ${JSON.stringify(QUERY)} ` +
  `(${String(last?.result.total_files)} files match); first search reads the tree and ${fileReads} batches of files. Medians of ${ROUNDS} rounds:`)
out(`  first search (empty cache)       ${median(cold).toFixed(1)} ms`)
out(`  second search (same commit)      ${median(warm).toFixed(2)} ms`)
out(`  another query (same commit)      ${median(otherQuery).toFixed(2)} ms`)
out(`  ratio first / second             ${(median(cold) / median(warm)).toFixed(1)}x`)
out(`heap used${gc === undefined ? ' (run with --expose-gc for steadier figures)' : ''}:`)
out(`  before the searches              ${heapBefore.toFixed(1)} MiB`)
out(`  peak during a first search       ${(peak / (1024 * 1024)).toFixed(1)} MiB`)
out(`  after ${ROUNDS} rounds (each a new cache) ${heapAfterSearches.toFixed(1)} MiB`)
out(`  one client, ${REPOS} repositories: ${heapLruStart.toFixed(1)} MiB before, then ${lruHeap.map((h) => h.toFixed(1)).join(', ')} MiB`)
out(`  its cache: ${cache.count} indexes (cap ${CODE_CACHE_ENTRIES}), ${(cache.bytes / (1024 * 1024)).toFixed(2)} MiB of text (cap ${(CODE_CACHE_BYTES / (1024 * 1024)).toFixed(0)} MiB)`)

// Big repositories: what a first search costs, and what it leaves.
const SIZES = (process.env.SIZES ?? '20000,100000').split(',').map(Number).filter((n) => n > 0)
out('')
out(`big repositories (time budget ${SEARCH_CODE_BUDGET_MS / 1000} s per search, cache cap ${(CODE_CACHE_BYTES / (1024 * 1024)).toFixed(0)} MiB):`)
for (const size of SIZES) {
  const child = await startChildGitea({ FILES: String(size) })
  try {
    const counts: Record<string, number> = {}
    const client = mapMethods(createGiteaClient({ baseUrl: child.url, token: child.token, timeoutMs: 60_000 }), (name, method) => async (...args: unknown[]) => {
      counts[name] = (counts[name] ?? 0) + 1
      return await method(...args)
    })
    const ctx = context(client)
    for (const label of ['first search', 'second search']) {
      for (const name of Object.keys(counts)) delete counts[name]
      const heapStart = heapMiB()
      let peakHeap = 0
      const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed) }, 5)
      const found = await search(ctx, {})
      clearInterval(sampler)
      const r = found.result as { searched: { files: number, bytes: number }, total_files: number, complete: boolean, note?: string, skipped: Record<string, number> }
      const requests = Object.entries(counts).map(([name, n]) => `${name} ${n}`).join(', ')
      out(`  ${size} files, ${label}: ${(found.ms / 1000).toFixed(1)} s; Gitea requests: ${requests}; searched ${r.searched.files} files ` +
        `(${(r.searched.bytes / (1024 * 1024)).toFixed(1)} MiB), ${r.total_files} match, complete ${String(r.complete)}; ` +
        `heap ${heapStart.toFixed(0)} -> peak ${(peakHeap / (1024 * 1024)).toFixed(0)} MiB; cache ${(codeSearchCacheFor(client).bytes / (1024 * 1024)).toFixed(1)} MiB`)
      out(`    note: ${r.note ?? '(none)'}`)
    }
  } finally {
    await child.close()
  }
}
