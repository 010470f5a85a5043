import t from 'tap'
import { parseRepoAllowlist } from '../../../lib/config.js'
import { DENIED_SCOPE, describeScope, narrowAllowlist, NO_REPOSITORIES, readRepoScope, readToolsetScope, resolveScope, sameScope, scopeOfKey, splitScopeOption } from '../../../lib/keys/scope.js'

const everything = parseRepoAllowlist('')

t.test('narrowAllowlist: the intersection of REPO_ALLOWLIST and a key\'s repositories, never more', async t => {
  const key = parseRepoAllowlist('acme/platform, acme/handbook, globex/*')
  t.equal(narrowAllowlist(everything, undefined), everything, 'no key scope: the server\'s')
  t.equal(narrowAllowlist(everything, null), everything)
  t.equal(narrowAllowlist(everything, key), key, 'an open server: the key\'s')
  const server = parseRepoAllowlist('acme/*, globex/plans, initech/web')
  t.equal(narrowAllowlist(server, everything), server, 'a key with every repository: the server\'s')

  const both = narrowAllowlist(server, key)
  t.same(both.patterns, ['acme/platform', 'acme/handbook', 'globex/plans'], 'owner/* meets owner/repo in the repository; disjoint owners meet nowhere')
  t.equal(both.allowsAll, false)
  for (const [owner, repo, allowed] of [['acme', 'platform', true], ['ACME', 'Handbook', true], ['acme', 'website', false], ['globex', 'plans', true], ['globex', 'other', false], ['initech', 'web', false]] as const) {
    t.equal(both.allows(owner, repo), allowed, `${owner}/${repo}`)
  }
  t.same(narrowAllowlist(parseRepoAllowlist('acme/*'), parseRepoAllowlist('ACME/*')).patterns.map(pattern => pattern.toLowerCase()), ['acme/*'], 'the same owner twice is one pattern')

  const none = narrowAllowlist(parseRepoAllowlist('acme/*'), parseRepoAllowlist('globex/*'))
  t.same(none.patterns, [], 'disjoint: no pattern')
  t.equal(none.allowsAll, false, 'and that allows nothing, not everything')
  t.equal(none.allows('acme', 'platform'), false)
  t.equal(none.allows('globex', 'plans'), false)
})

t.test('scopeOfKey: the keyring\'s entry now; unknown key ids see nothing; no key is not narrowed', async t => {
  const scope = resolveScope({ repos: ['acme/platform'], toolsets: ['issues'] })
  const keys = { find: (keyId: string) => keyId === 'aaaaaaaaaaaa' ? { scope } : keyId === 'bbbbbbbbbbbb' ? {} : undefined }
  t.equal(scopeOfKey(keys, 'aaaaaaaaaaaa'), scope)
  t.equal(scopeOfKey(keys, 'bbbbbbbbbbbb'), undefined, 'a key with no scope')
  t.equal(scopeOfKey(keys, null), undefined, 'auth off: no key, no narrowing')
  t.equal(scopeOfKey(keys, 'cccccccccccc'), DENIED_SCOPE, 'a key gone since the request authenticated: fail closed')
  t.equal(DENIED_SCOPE.repos, NO_REPOSITORIES)
  t.equal(NO_REPOSITORIES.allows('acme', 'platform'), false)
  t.same(DENIED_SCOPE.toolsets, [])
})

t.test('reading, describing and comparing scopes as written', async t => {
  t.same(readRepoScope(['acme/platform', ' acme/* ']), { patterns: ['acme/platform', 'acme/*'], problems: [] })
  t.same(readRepoScope(['x'], '--repos'), { patterns: null, problems: ['--repos entry 1 is not owner/repo or owner/* (Gitea names: letters, digits, "-", "_", ".")'] })
  t.same(readToolsetScope([' Issues', 'all']), { names: ['issues', 'all'], problems: [] })
  t.same(splitScopeOption(' acme/a, ,acme/b '), ['acme/a', 'acme/b'])
  t.equal(describeScope({ repos: ['acme/a', 'acme/*'], toolsets: ['issues'] }), 'repos acme/a, acme/*; toolsets issues')
  t.equal(describeScope({ repos: null, toolsets: null }), '')
  t.ok(sameScope({ repos: ['acme/b', 'ACME/a'], toolsets: null }, { repos: ['acme/a', 'acme/b'], toolsets: null }), 'order and case aside')
  t.notOk(sameScope({ repos: ['acme/a'], toolsets: null }, { repos: null, toolsets: null }), 'narrowed is not the same as open')
})
