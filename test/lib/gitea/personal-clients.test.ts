import t from 'tap'
import { PersonalClients } from '../../../lib/gitea/personal-clients.js'
import { GiteaPerson } from '../../../lib/oauth/gitea-accounts.js'
import type { GiteaClient } from '../../../lib/gitea/types.js'

/** A stand-in client that only records which token built it. */
function builder (): { build: (token: string) => GiteaClient, built: string[] } {
  const built: string[] = []
  const build = (token: string): GiteaClient => {
    built.push(token)
    // Every method answers with the token the client was built with.
    return new Proxy({ host: 'gitea.example' }, { get: (target, name) => name in target ? target[name as 'host'] : async () => token }) as unknown as GiteaClient
  }
  return { built, build }
}

t.test('one client and one search_code cache per person; a new token rebuilds the client but keeps the cache', async t => {
  const { build, built } = builder()
  const people = new PersonalClients(build)
  const alice = people.of(new GiteaPerson('gitea:2', 'alice', 'token-a1'))
  const again = people.of(new GiteaPerson('gitea:2', 'alice', 'token-a1'))
  t.equal(again.client, alice.client, 'same token: same client')
  t.equal(again.codeCache, alice.codeCache)
  const hank = people.of(new GiteaPerson('gitea:7', 'hank', 'token-h1'))
  t.not(hank.codeCache, alice.codeCache, 'never another person\'s cache')
  const refreshed = people.of(new GiteaPerson('gitea:2', 'alice', 'token-a2'))
  t.not(refreshed.client, alice.client, 'a refreshed token gets a client of its own')
  t.equal(refreshed.codeCache, alice.codeCache, 'the same person keeps their cache')
  t.same(built, ['token-a1', 'token-h1', 'token-a2'])
  t.equal(await refreshed.client.getVersion(), 'token-a2', 'calls go out with the person\'s current token')
})

t.test('at most `max` people are kept: the least recently used goes', async t => {
  const { build } = builder()
  const people = new PersonalClients(build, undefined, 2)
  const first = people.of(new GiteaPerson('gitea:1', 'a', 't1')).codeCache
  const b = people.of(new GiteaPerson('gitea:2', 'b', 't2')).codeCache
  people.of(new GiteaPerson('gitea:1', 'a', 't1'))
  people.of(new GiteaPerson('gitea:3', 'c', 't3'))
  t.equal(people.of(new GiteaPerson('gitea:1', 'a', 't1')).codeCache, first, 'used recently: kept')
  t.not(people.of(new GiteaPerson('gitea:2', 'b', 't2')).codeCache, b, 'b was dropped and starts afresh')
})
