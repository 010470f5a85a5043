import t from 'tap'
import { createVersionCheck, giteaRelease, isSupportedGitea, olderThan, versionWarning } from '../../../lib/gitea/version.js'

t.test('reads release, dev, rc and Forgejo version strings', async t => {
  t.same(giteaRelease('1.26.3'), [1, 26, 3])
  t.same(giteaRelease('v1.24.0'), [1, 24, 0])
  t.same(giteaRelease('1.27.0+dev-51-g4aa0d70'), [1, 27, 0])
  t.same(giteaRelease('1.25.0-rc1'), [1, 25, 0])
  t.same(giteaRelease('1.22'), [1, 22, 0])
  t.same(giteaRelease('10.0.1+gitea-1.22.0'), [1, 22, 0], 'Forgejo: the Gitea it is compatible with')
  t.equal(giteaRelease('development'), null)
})

t.test('the floor is 1.24.0', async t => {
  t.equal(isSupportedGitea('1.24.0'), true)
  t.equal(isSupportedGitea('1.26.3'), true)
  t.equal(isSupportedGitea('2.0.0'), true)
  t.equal(isSupportedGitea('1.23.8'), false)
  t.equal(isSupportedGitea('1.9.4'), false)
  t.equal(isSupportedGitea('main'), null)
  t.equal(olderThan('1.23.8', '1.24.0'), true)
  t.equal(olderThan('1.24.0', '1.24.0'), false)
  t.equal(olderThan('unknown', '1.24.0'), false, 'an unreadable version is taken as new')
  t.equal(versionWarning('1.26.3'), null)
  t.equal(versionWarning('main'), null)
  t.match(versionWarning('1.21.11'), /^Gitea 1\.21\.11 at GITEA_URL is older than 1\.24\.0/)
})

t.test('the check asks until answered, shares one request, and warns once', async t => {
  let asks = 0
  let fail = true
  const warnings: string[] = []
  const check = createVersionCheck(async () => { asks++; if (fail) throw new Error('down'); return '1.22.6' }, (warning) => warnings.push(warning))
  t.equal(await check.check(), null)
  t.equal(check.current(), null)
  fail = false
  t.same(await Promise.all([check.check(), check.check()]), ['1.22.6', '1.22.6'])
  t.equal(await check.check(), '1.22.6')
  t.equal(asks, 2, 'one failed ask, then one shared ask')
  t.equal(warnings.length, 1)
})
