// The client one tool call uses: REPO_ALLOWLIST in front, Gitea's internal
// detail logged, and the request id given to the caller instead.
import t from 'tap'
import { parseRepoAllowlist } from '../../../lib/gitea/allowlist.js'
import { clientForCall } from '../../../lib/gitea/call-client.js'
import { GiteaError } from '../../../lib/gitea/errors.js'
import type { GiteaClient } from '../../../lib/gitea/types.js'

function failingClient (error: GiteaError): GiteaClient {
  const fail = async (): Promise<never> => { throw error }
  return new Proxy({ host: 'gitea.internal:3000' }, { get: (target, name) => name === 'host' ? target.host : fail }) as unknown as GiteaClient
}

t.test('a failure with internal detail is logged with it; the caller gets the request id', async (t) => {
  const logged: Array<[object, string]> = []
  const error = new GiteaError('gitea_unreachable', 'Cannot reach Gitea (connection refused).', undefined, 'Cannot reach Gitea at gitea.internal:3000: ECONNREFUSED')
  const gitea = clientForCall(failingClient(error), {
    requestId: 'req-42',
    log: { warn: (details, message) => { logged.push([details, message]) } },
    allowlist: parseRepoAllowlist('')
  })
  const thrown = await gitea.getRepo('acme', 'platform').catch((e: unknown) => e) as GiteaError
  t.type(thrown, GiteaError)
  t.equal(thrown.code, 'gitea_unreachable')
  t.match(thrown.message, /^Cannot reach Gitea \(connection refused\)\. \(request id req-42: the server log has the details\)$/)
  t.notMatch(thrown.message, 'gitea.internal')
  t.same(logged, [[{ gitea_call: 'getRepo', error_code: 'gitea_unreachable', status: undefined, detail: error.detail }, 'Gitea call failed']])
})

t.test('a caller\'s own error passes unchanged and unlogged; refusals reach onDenied', async (t) => {
  const logged: unknown[] = []
  const denied: string[] = []
  const missing = new GiteaError('not_found', 'Repository "acme/platform" not found, or the token cannot read it', 404)
  const gitea = clientForCall(failingClient(missing), {
    requestId: 'req-43',
    log: { warn: (details) => { logged.push(details) } },
    allowlist: parseRepoAllowlist('acme/*'),
    onDenied: (owner, repo) => denied.push(`${owner}/${repo}`)
  })
  t.equal(await gitea.getRepo('acme', 'platform').catch((e: unknown) => e), missing)
  await t.rejects(gitea.listTags('globex', 'secret-plans', {}), { code: 'not_found' })
  t.same(denied, ['globex/secret-plans'])
  t.same(logged, [])
  t.equal(gitea.host, 'gitea.internal:3000')
})

t.test('per-call clients share their methods (built once, not per call), each with its own call', async (t) => {
  const logged: string[] = []
  const error = new GiteaError('gitea_unreachable', 'Cannot reach Gitea.', undefined, 'detail')
  const make = (requestId: string): GiteaClient => clientForCall(failingClient(error), {
    requestId,
    log: { warn: () => { logged.push(requestId) } },
    allowlist: parseRepoAllowlist('')
  })
  const one = make('req-1')
  const two = make('req-2')
  t.equal(one.getRepo, two.getRepo, 'the same function')
  const bound = two.listTags.bind(two)
  await t.rejects(bound('acme', 'platform', {}), { message: /request id req-2/ }, 'a bound method reports with its own call')
  await t.rejects(one.getRepo('acme', 'platform'), { message: /request id req-1/ })
  t.same(logged, ['req-2', 'req-1'])
})
