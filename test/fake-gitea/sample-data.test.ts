// The sample data: what the demo and the tests rely on being there.
import t from 'tap'
import { findRepository } from './data.js'
import { isLazy } from './git-objects.js'
import { getBlob, lookupPath, peelToCommit } from './revision.js'
import { largeRepoData, sampleData } from './sample-data.js'
import { startFakeGitea } from './server.js'

t.test('the repositories and who can see them', async (t) => {
  const data = sampleData()
  t.same(data.repositories.map((r) => `${r.owner}/${r.name}${r.private ? ' (private)' : ''}`).sort(), [
    'acme/empty (private)', 'acme/handbook (private)', 'acme/infra (private)', 'acme/platform (private)', 'acme/website',
    'aegis-bot/notes (private)', 'alice/public-snippets', 'globex/secret-plans (private)'
  ])
  t.equal(data.tokenOwner, 'aegis-bot')
  const bots = data.teams.find((team) => team.org === 'acme' && team.members.includes('aegis-bot'))
  t.equal(bots?.permission, 'read', 'the bot only reads')
  t.notOk(data.teams.some((team) => team.org === 'globex' && team.members.includes('aegis-bot')))
})

t.test('acme/platform has the files, refs and history the docs describe', async (t) => {
  const repo = findRepository(sampleData(), 'acme', 'platform')
  if (repo === undefined) throw new Error('missing')
  const git = repo.git
  t.same([...git.branches.keys()].sort(), ['feature/login-rate-limit', 'main'])
  t.same([...git.tags.keys()].sort(), ['v1.0.0', 'v1.1.0'])
  t.equal(git.objects.get(git.tags.get('v1.1.0') ?? '')?.type, 'tag', 'v1.1.0 is annotated')
  t.equal(git.objects.get(git.tags.get('v1.0.0') ?? '')?.type, 'commit', 'v1.0.0 is lightweight')
  const head = peelToCommit(git, git.branches.get('main') ?? '')
  if (head === undefined) throw new Error('no head')
  const modes = new Map<string, string>([
    ['README.md', '100644'], ['package.json', '100644'], ['src/services/billing/tax.ts', '100644'],
    ['docs/images/architecture.png', '100644'], ['docs/legacy/tarifs-2019.txt', '100644'],
    ['data/fixtures/customers.csv', '100644'], ['data/seed/products.sql', '100644'],
    ['CONTRIBUTING.md', '120000'], ['scripts/deploy.sh', '100755'], ['vendor/api-schemas', '160000'], ['src/routes', '40000']
  ])
  for (const [path, mode] of modes) t.equal(lookupPath(git, head.tree, path)?.mode, mode, path)
  const big = getBlob(git, lookupPath(git, head.tree, 'data/seed/products.sql')?.sha ?? '')
  t.ok(big !== undefined && big.size > 10 * 1024 * 1024 && big.size < 13 * 1024 * 1024, 'about 12 MiB')
  t.ok(big !== undefined && isLazy(big.content), 'generated on demand, not held in memory')
  const csv = getBlob(git, lookupPath(git, head.tree, 'data/fixtures/customers.csv')?.sha ?? '')
  t.ok(csv !== undefined && Math.abs(csv.size - 2 * 1024 * 1024) < 64 * 1024, 'about 2 MiB')
})

t.test('sample data is deterministic and each call returns an independent copy', async (t) => {
  const a = sampleData()
  const b = sampleData()
  const heads = (d: typeof a): string[] => d.repositories.map((r) => [...r.git.branches.values()].join(','))
  t.same(heads(a), heads(b), 'same commit ids every time')
  a.repositories.pop()
  a.users[0]!.fullName = 'changed'
  t.equal(b.repositories.length, 8)
  t.not(b.users[0]!.fullName, 'changed')
})

t.test('largeRepoData adds acme/monorepo with the requested number of files, quickly', async (t) => {
  const start = process.hrtime.bigint()
  const data = largeRepoData(2500)
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  t.ok(ms < 3000, `built in ${ms.toFixed(0)} ms`)
  const repo = findRepository(data, 'acme', 'monorepo')
  t.ok(repo, 'monorepo present')
  t.equal(data.repositories.length, 9)
  const gitea = await startFakeGitea({ data })
  t.teardown(() => gitea.close())
  const res = await fetch(`${gitea.url}/api/v1/repos/acme/monorepo/git/trees/main?recursive=1&per_page=1000&page=3`,
    { headers: { Authorization: `token ${gitea.token}` } })
  const body = await res.json() as { total_count: number, tree: Array<{ type: string }> }
  t.ok(body.total_count > 2500, 'files and directories')
  t.equal(body.tree.length, body.total_count - 2000, 'the third page holds the rest')
  const files = await fetch(`${gitea.url}/api/v1/repos/acme/monorepo/contents/packages/pkg-00/src/core`,
    { headers: { Authorization: `token ${gitea.token}` } })
  const listing = await files.json() as Array<{ type: string, name: string }>
  t.ok(listing.length > 10 && listing.every((e) => e.type === 'file' && e.name.endsWith('.ts')))
  let count = 0
  for (const o of repo!.git.objects.values()) if (o.type === 'blob') count++
  t.equal(count, 2500 + 2, '2500 modules plus README.md and package.json (all distinct)')
})
