// acme/handbook's engineering guidelines, imported from the old wiki in one
// commit: a dozen generated pages (about 130 kB of text, so the commit's diff
// is larger than the default response budget of 100 kB) and an exact rename
// (engineering/on-call.md → engineering/on-call/rotation.md) that `git diff -M`
// shows as one.

import type { GitHistory } from './data.js'
import { blobBytes } from './git-objects.js'
import { getBlob, getCommit, lookupPath } from './revision.js'
import { bob } from './sample-platform.js'

const TOPICS: Array<[string, string, string[]]> = [
  ['api-design', 'API design', ['endpoint', 'status code', 'pagination cursor', 'error body', 'version header']],
  ['code-style', 'Code style', ['function', 'module', 'type annotation', 'comment', 'naming convention']],
  ['dependencies', 'Dependencies', ['package', 'lock file', 'licence', 'major upgrade', 'transitive dependency']],
  ['error-handling', 'Error handling', ['exception', 'retry', 'timeout', 'error message', 'fallback']],
  ['git-workflow', 'Git workflow', ['branch', 'commit message', 'rebase', 'merge request', 'tag']],
  ['logging', 'Logging', ['log line', 'log level', 'request id', 'personal data', 'structured field']],
  ['observability', 'Observability', ['metric', 'dashboard', 'alert', 'trace', 'service level objective']],
  ['performance', 'Performance', ['query', 'index', 'cache', 'benchmark', 'payload']],
  ['releases', 'Releases', ['release note', 'feature flag', 'migration', 'rollback', 'changelog']],
  ['review-checklist', 'Review checklist', ['diff', 'test case', 'edge case', 'naming', 'documentation']],
  ['security', 'Security', ['secret', 'token', 'input', 'dependency alert', 'access review']],
  ['testing', 'Testing', ['unit test', 'fixture', 'integration test', 'flaky test', 'coverage report']]
]

const VERBS = ['Prefer', 'Document', 'Review', 'Measure', 'Name', 'Keep', 'Avoid', 'Check', 'Automate', 'Explain']
const REASONS = [
  'so that the next person does not have to guess',
  'because incidents start where assumptions end',
  'which keeps on-call nights quiet',
  'since customers notice before we do otherwise',
  'as agreed in the 2024 engineering offsite',
  'so reviews stay short and friendly',
  'which makes the billing team\'s audits painless',
  'because the cost of fixing it later is always higher'
]

/** Deterministic pseudo-random numbers (mulberry32). */
function random (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T> (r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T
}

/** One guideline page: an introduction and 36 numbered rules of three sentences each (about 11 kB). */
export function guidelinePage (index: number): string {
  const [, title, nouns] = TOPICS[index] as [string, string, string[]]
  const r = random(7919 * (index + 1))
  const lines = [`# ${title}`, '', `How Acme engineers approach ${title.toLowerCase()}. Imported from the old wiki; propose changes with a pull request.`, '']
  for (let rule = 1; rule <= 36; rule++) {
    const noun = pick(r, nouns)
    lines.push(`## ${rule}. ${pick(r, VERBS)} every ${noun}`, '')
    lines.push(`${pick(r, VERBS)} each ${noun} ${pick(r, REASONS)}.`)
    lines.push(`When the ${pick(r, nouns)} and the ${noun} disagree, the ${noun} wins unless the team lead says otherwise.`)
    lines.push(`Examples live in \`acme/platform\`; search for "${noun}" there before inventing a new pattern.`, '')
  }
  return lines.join('\n')
}

/** Adds the wiki import to acme/handbook's `main` (which must hold engineering/on-call.md). */
export function importGuidelines (h: GitHistory): void {
  const head = getCommit(h.git, h.git.branches.get('main') ?? '')
  const entry = head !== undefined ? lookupPath(h.git, head.tree, 'engineering/on-call.md') : undefined
  const blob = entry !== undefined ? getBlob(h.git, entry.sha) : undefined
  if (blob === undefined) throw new Error('acme/handbook has no engineering/on-call.md to move')
  const files: Record<string, string | Buffer | null> = {
    'engineering/on-call.md': null,
    'engineering/on-call/rotation.md': blobBytes(blob)
  }
  TOPICS.forEach(([slug], i) => { files[`engineering/guidelines/${slug}.md`] = guidelinePage(i) })
  h.commit({
    branch: 'main',
    author: bob('2025-01-20T10:00:00'),
    message: 'Import the engineering guidelines from the old wiki\n\nOne page per topic, converted from the wiki export. The on-call page moves\nunder engineering/on-call/ next to the guidelines.',
    files
  })
}
