import t from 'tap'
import { giteaMessage, networkError, redirectError, statusError, timeoutError } from '../../../lib/gitea/http-errors.js'

const info = { host: 'git.example.com', request: 'GET /api/v1/repos/acme/platform' }
const context = { target: 'repository "acme/platform"', scope: 'read:repository' }

/** An error shaped like undici's `fetch failed`, with `cause` carrying the system error. */
function fetchFailed (cause: unknown): Error {
  return new TypeError('fetch failed', { cause })
}

function systemError (code: string, message = code): Error {
  return Object.assign(new Error(message), { code })
}

t.test('giteaMessage takes only a JSON message string, cleaned and shortened', async (t) => {
  t.equal(giteaMessage('{"message":"sha not found [x]","url":"u"}'), 'sha not found [x]')
  t.equal(giteaMessage('{"message":"two\\nlines\\u0000 and\\ttabs"}'), 'two lines and tabs')
  t.equal(giteaMessage(`{"message":"${'m'.repeat(400)}"}`), `${'m'.repeat(300)}…`)
  for (const body of ['', 'null', '"text"', '[1]', '{"message":5}', '{"message":"  "}', '<html>Bad Gateway</html>', '{"msg":"x"}']) {
    t.equal(giteaMessage(body), undefined, body)
  }
})

t.test('statusError words each status', async (t) => {
  t.match(statusError(401, '', context, info), { code: 'gitea_unauthorized', status: 401, message: /GITEA_TOKEN/ })
  t.match(statusError(403, 'null', context, info), { code: 'gitea_forbidden', message: /read:repository scope.*read:user, read:issue and read:organization/ })
  t.notMatch(statusError(403, 'null', context, info).message, /Gitea said/, 'nothing to quote')
  t.match(statusError(404, '', context, info), { code: 'not_found', status: 404, message: 'Repository "acme/platform" not found, or the token cannot read it' })
  t.match(statusError(409, '', context, info), { code: 'empty_repository', message: /no commits/ })
  t.match(statusError(422, '{"message":"bad"}', context, info), { code: 'bad_request', status: 422, message: /Gitea said: "bad"/ })
  t.match(statusError(429, '', context, info), { code: 'gitea_error', status: 429, message: /rate-limiting/ })
  t.match(statusError(503, '', context, info), { code: 'gitea_error', status: 503, message: /^Gitea failed with 503 for GET \/api\/v1\/repos\/acme\/platform/ })
  t.match(statusError(503, '', context, info).detail, 'git.example.com', 'the host only in the detail, for the log')
  for (const status of [401, 403, 404, 409, 422, 429, 503, 207]) {
    t.notMatch(statusError(status, '', context, info).message, 'git.example.com', `${status}: no host in the message`)
  }
  t.equal(statusError(404, '', context, info).detail, undefined, 'a caller\'s mistake needs no log line')
  t.match(statusError(207, '', context, info), { code: 'gitea_error', message: /unexpected status 207/ })
})

t.test('redirectError tells another origin from a rename, and copes with any Location', async (t) => {
  const root = 'https://git.example.com/api/v1'
  const origin = 'https://git.example.com'
  const away = redirectError(302, 'https://evil.example.net/steal', root, origin, info)
  t.match(away, { code: 'gitea_error', status: 302, message: /another address: not followed/, detail: /git\.example\.com redirected .* to https:\/\/evil\.example\.net/ })
  t.notMatch(away.message, /evil|git\.example\.com/, 'neither address in the message')
  t.match(redirectError(301, 'http://git.example.com/api/v1/x', root, origin, info), { message: /another address.*GITEA_URL/, detail: /to http:\/\/git\.example\.com/ }, 'http vs https')
  t.match(redirectError(301, '/api/v1/repos/acme/renamed', root, origin, info), { message: /renamed/ })
  t.notMatch(redirectError(301, '/api/v1/repos/acme/renamed', root, origin, info).message, /acme\/renamed/, 'the new name is not revealed')
  t.match(redirectError(307, null, root, origin, info), { message: /renamed/ })
  t.match(redirectError(307, 'http://[not a host', root, origin, info), { message: /renamed/ })
})

t.test('networkError names the cause and what to check', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [fetchFailed(systemError('ECONNREFUSED')), /connection refused.*GITEA_URL/],
    [fetchFailed(new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')])), /connection refused/],
    [fetchFailed(systemError('ENOTFOUND')), /host name not found/],
    [fetchFailed(systemError('EAI_AGAIN')), /host name not found/],
    [fetchFailed(systemError('EHOSTUNREACH')), /host unreachable/],
    [fetchFailed(systemError('UND_ERR_CONNECT_TIMEOUT')), /host unreachable/],
    [fetchFailed(systemError('ECONNRESET')), /connection closed by the other side/],
    [fetchFailed(systemError('CERT_HAS_EXPIRED')), /TLS failed: CERT_HAS_EXPIRED.*NODE_EXTRA_CA_CERTS/],
    [fetchFailed(systemError('DEPTH_ZERO_SELF_SIGNED_CERT')), /TLS failed/],
    [fetchFailed(systemError('ERR_TLS_CERT_ALTNAME_INVALID')), /TLS failed/],
    [fetchFailed(new Error('bad port')), /refuses to connect to this port/],
    [fetchFailed(systemError('EWEIRD')), /\(EWEIRD; check GITEA_URL/],
    [fetchFailed(new Error('something\nodd at git.example.com')), /\(network error; check GITEA_URL/],
    [new Error('no cause'), /\(network error; check GITEA_URL/],
    ['not even an error', /\(network error;/]
  ]
  for (const [error, message] of cases) {
    t.match(networkError(error, 'git.example.com'), { code: 'gitea_unreachable', status: undefined, message }, String(message))
  }
  const refused = networkError(fetchFailed(systemError('ECONNREFUSED', 'connect ECONNREFUSED git.example.com:3000')), 'git.example.com:3000')
  t.match(refused.message, /^Cannot reach Gitea \(connection refused/)
  t.notMatch(refused.message, 'git.example.com')
  t.match(refused.detail, /^Cannot reach Gitea at git\.example\.com:3000: ECONNREFUSED/)
  t.match(networkError(fetchFailed(new Error('something\nodd at git.example.com')), 'h').detail, /something odd at git\.example\.com/, 'the cause\'s words go to the log')
  // A cause that points back at itself must not loop.
  const loop: Error & { cause?: unknown } = new Error('loop')
  loop.cause = loop
  t.match(networkError(loop, 'h'), { code: 'gitea_unreachable' })
})

t.test('timeoutError gives the limit in seconds and the setting to change', async (t) => {
  t.match(timeoutError('git.example.com', 30_000), { code: 'gitea_timeout', message: /within 30 s \(REQUEST_TIMEOUT_SECONDS\)/, detail: /git\.example\.com/ })
  t.notMatch(timeoutError('git.example.com', 30_000).message, 'git.example.com')
  t.match(timeoutError('git.example.com', 1500).message, /within 1\.5 s/)
})
