import t from 'tap'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { ConfigError, GITEA_NAME_PATTERN, giteaUrlProblems, loadConfig, parseRepoAllowlist, readEnvironment } from '../../lib/config.js'
import { parseBaseUrl } from '../../lib/gitea/paths.js'
import { NAME_PATTERN, Owner } from '../../lib/tools/schemas.js'
import { keyIdOf, sha256 } from '../../lib/api-keys.js'

const KEY = 'agm_config_test_key_0123456789abcdefghijklmno'
const TOKEN = '0123456789abcdef0123456789abcdef01234567'
const BASE = { GITEA_URL: 'https://git.example.com', GITEA_TOKEN: TOKEN, MCP_API_KEYS: KEY }

function problemsOf (env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

t.test('defaults follow the contract', async t => {
  const config = loadConfig(BASE)
  t.same(config.server, { host: '127.0.0.1', port: 8080, clientRequestTimeoutMs: 30_000 })
  t.same(config.allowedHosts, [])
  t.equal(config.auth.enabled, true)
  t.equal(config.auth.maxFailures, 5)
  t.equal(config.auth.failureWindowSeconds, 300)
  t.equal(config.auth.rateLimitPerMinute, 120)
  t.same(config.trustProxy, [])
  t.same(config.allowedOrigins, [])
  t.equal(config.auditLogPath, 'logs/audit.log')
  t.equal(config.logLevel, 'info')
  t.equal(config.gitea.timeoutMs, 30_000)
  t.same(config.limits, { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 })
  t.equal(config.repoAllowlist.allowsAll, true, 'no REPO_ALLOWLIST: everything the token can read')
  t.equal(config.domain, '')
  t.same(config.auth.keys.map(k => k.keyId), [keyIdOf(KEY)])
})

t.test('values are converted and checked', async t => {
  const config = loadConfig({
    ...BASE,
    GITEA_URL: 'https://example.com/gitea/',
    MCP_PORT: '9000',
    AUTH_ENABLED: 'true',
    MCP_API_KEYS: ` ${KEY} , sha256:${sha256('agm_other_key_0123456789abcdefghijklmnopq').toString('hex')} ,`,
    TRUST_PROXY: '172.18.0.0/16, 10.0.0.1, ::1, fd00::/8, loopback',
    MCP_ALLOWED_ORIGINS: 'https://chatgpt.com, http://localhost:6274/',
    REQUEST_TIMEOUT_SECONDS: '5',
    LOG_LEVEL: 'debug'
  })
  t.equal(config.gitea.url, 'https://example.com/gitea', 'sub-path kept, trailing slash dropped')
  t.equal(config.server.port, 9000)
  t.equal(config.auth.keys.length, 2, 'plain and hashed keys mix; empty entries ignored')
  t.same(config.trustProxy, ['172.18.0.0/16', '10.0.0.1', '::1', 'fd00::/8', 'loopback'])
  t.same(config.allowedOrigins, ['https://chatgpt.com', 'http://localhost:6274'])
  t.equal(config.gitea.timeoutMs, 5000)
  t.equal(config.logLevel, 'debug')
})

t.test('AUTH_ENABLED=false needs no key', async t => {
  const config = loadConfig({ ...BASE, AUTH_ENABLED: 'false', MCP_API_KEYS: '' })
  t.equal(config.auth.enabled, false)
  t.same(config.auth.keys, [])
})

t.test('every problem is one line naming the variable, never a secret', async t => {
  const secretShortKey = 'tooShortSecretValue'
  const problems = problemsOf({
    GITEA_TOKEN: TOKEN,
    MCP_API_KEYS: secretShortKey
  })
  t.match(problems, [/^GITEA_URL: is required/, /^MCP_API_KEYS: entry 1: a key must be at least 32 characters/])
  t.equal(problems.length, 2)

  const many = problemsOf({
    ...BASE,
    MCP_API_KEYS: `${secretShortKey},${KEY},${KEY},sha256:beef`,
    GITEA_URL: 'ftp://user:pw@git.example.com/api/v1?x=1',
    TRUST_PROXY: '10.0.0.0/33,not-an-ip,1.2.3.4/8/1',
    MCP_ALLOWED_ORIGINS: 'https://chatgpt.com/path'
  })
  t.same(many.filter(p => p.startsWith('MCP_API_KEYS')), [
    'MCP_API_KEYS: entry 1: a key must be at least 32 characters (this one has 19)',
    'MCP_API_KEYS: entry 3 repeats entry 2',
    'MCP_API_KEYS: entry 4: a sha256: entry must be followed by exactly 64 hex digits'
  ])
  t.match(many.join('\n'), /GITEA_URL: must start with http/)
  t.match(many.join('\n'), /GITEA_URL: must not contain a user name or password/)
  t.match(many.join('\n'), /GITEA_URL: must not have a query string/)
  t.match(many.join('\n'), /GITEA_URL: give the Gitea root, without \/api\/v1/)
  t.same(many.filter(p => p.startsWith('TRUST_PROXY')).length, 3, 'each bad entry named')
  t.match(many.join('\n'), /MCP_ALLOWED_ORIGINS: entry 1 must be an origin/)
  for (const secret of [secretShortKey, KEY, TOKEN, 'pw']) {
    t.notOk(many.some(p => p.includes(secret)), `no problem line contains ${secret.slice(0, 4)}...`)
  }
})

t.test('wrong types and ranges', async t => {
  const problems = problemsOf({
    ...BASE,
    MCP_PORT: '70000',
    AUTH_ENABLED: 'maybe',
    MAX_AUTH_FAILURES: '0',
    RATE_LIMIT_PER_MINUTE: 'lots',
    LOG_LEVEL: 'verbose',
    MAX_FILE_SIZE_BYTES: '1.5'
  })
  t.same(problems.sort(), [
    'AUTH_ENABLED: must be true or false',
    'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    'MAX_AUTH_FAILURES: must be a whole number from 1 to 10000',
    'MAX_FILE_SIZE_BYTES: must be a whole number from 1024 to 104857600',
    'MCP_PORT: must be a whole number from 0 to 65535',
    'RATE_LIMIT_PER_MINUTE: must be a whole number from 0 to 1000000'
  ])
})

t.test('auth on without keys, and trusting every proxy, are refused', async t => {
  t.match(problemsOf({ ...BASE, MCP_API_KEYS: '' }), [/^MCP_API_KEYS: at least one key is required while AUTH_ENABLED=true/])
  t.match(problemsOf({ ...BASE, TRUST_PROXY: 'true' }), [/^TRUST_PROXY: trusting every proxy lets any client choose its own IP/])
  t.match(problemsOf({ ...BASE, GITEA_URL: 'not a url' }), [/^GITEA_URL: is not a valid URL/])
})

t.test('.env is read under the process environment', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-config-'))
  writeFileSync(join(dir, '.env'), 'GITEA_URL=https://from-file.example\nMCP_PORT=9100\n# comment\nLOG_LEVEL="warn"\n')
  const env = readEnvironment({ MCP_PORT: '9200' }, dir)
  t.equal(env.GITEA_URL, 'https://from-file.example')
  t.equal(env.MCP_PORT, '9200', 'the environment wins')
  t.equal(env.LOG_LEVEL, 'warn', 'quotes removed')
  t.same(readEnvironment({ A: '1' }, join(dir, 'missing')), { A: '1' }, 'no .env is fine')
})

t.test('MCP_API_KEYS_FILE: read at start-up, with or instead of MCP_API_KEYS', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-config-keys-'))
  const fileKey = 'agm_config_file_key_0123456789abcdefghijklmn'
  const digest = sha256(fileKey).toString('hex')
  const line = (fields: Record<string, unknown> = {}): string => JSON.stringify({ key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: 'laptop', created_at: '2026-01-01T00:00:00Z', expires_at: '2026-04-01T00:00:00Z', ...fields })
  writeFileSync(join(dir, 'keys.jsonl'), `${line()}\n`)

  const alone = loadConfig({ ...BASE, MCP_API_KEYS: '', MCP_API_KEYS_FILE: join(dir, 'keys.jsonl') })
  t.equal(alone.auth.keysFile, join(dir, 'keys.jsonl'))
  t.same(alone.auth.keys.map(k => [k.keyId, k.source, k.description, k.expiresAt?.toISOString()]), [[keyIdOf(fileKey), 'file', 'laptop', '2026-04-01T00:00:00.000Z']], 'a keys file is enough')
  const both = loadConfig({ ...BASE, MCP_API_KEYS_FILE: join(dir, 'keys.jsonl') })
  t.same(both.auth.keys.map(k => k.source), ['env', 'file'], 'the union of both')
  t.equal(loadConfig(BASE).auth.keysFile, null)
  const relativePath = relative(process.cwd(), join(dir, 'keys.jsonl'))
  t.equal(loadConfig({ ...BASE, MCP_API_KEYS_FILE: relativePath }).auth.keysFile, join(dir, 'keys.jsonl'), 'a relative path is resolved once, against the working directory')
  t.match(problemsOf({ ...BASE, AUTH_ENABLED: 'false', MCP_API_KEYS: '', MCP_API_KEYS_FILE: join(dir, 'nope') }), [/^MCP_API_KEYS_FILE: cannot read/], 'a keys file that is set must be readable, even with auth off')

  writeFileSync(join(dir, 'scoped.jsonl'), `\n${line({ repos: ['acme/platform'], toolsets: ['issues'] })}\n`)
  const scoped = loadConfig({ ...BASE, MCP_API_KEYS_FILE: join(dir, 'scoped.jsonl') }).auth.keys.find(k => k.source === 'file')
  t.same([scoped?.scope?.repos?.patterns, scoped?.scope?.toolsets], [['acme/platform'], ['core', 'issues']], 'a key\'s scope is read at start-up')
  writeFileSync(join(dir, 'bad-scope.jsonl'), `\n${line({ repos: ['acme/platform', 'acme'], toolsets: ['isues'] })}\n`)
  t.same(problemsOf({ ...BASE, MCP_API_KEYS_FILE: join(dir, 'bad-scope.jsonl') }), [
    'MCP_API_KEYS_FILE: line 2: "repos" entry 2 is not owner/repo or owner/* (Gitea names: letters, digits, "-", "_", ".")',
    'MCP_API_KEYS_FILE: line 2: "toolsets" entry 1 is not a toolset (known: core, repos, code, history, issues, pulls, releases, wiki, milestones, actions, or all)'
  ], 'a bad scope stops the start with its line number')
})

t.test('MCP_API_KEYS_FILE: unreadable, invalid or overlapping is a config error, one line per problem', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-config-keys-'))
  const digest = sha256(KEY).toString('hex')
  const good = JSON.stringify({ key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: '', created_at: null, expires_at: null })
  writeFileSync(join(dir, 'bad.jsonl'), `${good}\n${KEY}\n{"key_id":"zz"}\n`)
  writeFileSync(join(dir, 'overlap.jsonl'), `${good}\n`)
  writeFileSync(join(dir, 'empty.jsonl'), '')

  t.same(problemsOf({ ...BASE, MCP_API_KEYS: '', MCP_API_KEYS_FILE: join(dir, 'missing.jsonl') }), [`MCP_API_KEYS_FILE: cannot read ${join(dir, 'missing.jsonl')}: no such file`])
  const bad = problemsOf({ ...BASE, MCP_API_KEYS: '', MCP_API_KEYS_FILE: join(dir, 'bad.jsonl') })
  t.same(bad, [
    'MCP_API_KEYS_FILE: line 2: is not valid JSON (each line must be one JSON object)',
    'MCP_API_KEYS_FILE: line 3: "digest" is missing',
    'MCP_API_KEYS_FILE: line 3: "description" is missing',
    'MCP_API_KEYS_FILE: line 3: "created_at" is missing',
    'MCP_API_KEYS_FILE: line 3: "expires_at" is missing',
    'MCP_API_KEYS_FILE: line 3: "key_id" must be 12 lowercase hex digits'
  ])
  t.notOk(bad.some(p => p.includes(KEY)), 'never the key on a line')
  t.notOk(bad.some(p => p.includes('at least one key')), 'no second complaint about missing keys')
  t.same(problemsOf({ ...BASE, MCP_API_KEYS_FILE: join(dir, 'overlap.jsonl') }), [`MCP_API_KEYS_FILE: key id ${keyIdOf(KEY)} is in MCP_API_KEYS too; keep it in one place`])
  t.match(problemsOf({ ...BASE, MCP_API_KEYS: '', MCP_API_KEYS_FILE: join(dir, 'empty.jsonl') }), [/^MCP_API_KEYS: at least one key is required while AUTH_ENABLED=true, in MCP_API_KEYS or MCP_API_KEYS_FILE/])
})

t.test('MCP_ALLOWED_HOSTS takes host names, lower-cased, and refuses URLs and ports', async t => {
  t.same(loadConfig({ ...BASE, MCP_ALLOWED_HOSTS: 'MCP.Example.com, mcp.internal.' }).allowedHosts, ['mcp.example.com', 'mcp.internal'])
  for (const bad of ['https://mcp.example.com', 'mcp.example.com:8443', 'mcp.example.com/mcp', 'bad_host!']) {
    t.throws(() => loadConfig({ ...BASE, MCP_ALLOWED_HOSTS: bad }), /MCP_ALLOWED_HOSTS: entry 1 must be a host name/, bad)
  }
})

t.test('CLIENT_REQUEST_TIMEOUT_SECONDS is whole seconds from 1 to 600', async t => {
  t.equal(loadConfig({ ...BASE, CLIENT_REQUEST_TIMEOUT_SECONDS: '5' }).server.clientRequestTimeoutMs, 5000)
  t.throws(() => loadConfig({ ...BASE, CLIENT_REQUEST_TIMEOUT_SECONDS: '0' }), /CLIENT_REQUEST_TIMEOUT_SECONDS: must be a whole number from 1 to 600/)
})

t.test('every problem in one run: required variables, bad values and semantic checks together', async t => {
  // No .env at all: every required variable is named at once, the keys included.
  t.same(problemsOf({}), [
    'GITEA_URL: is required (Base URL of the Gitea instance (/api/v1 is added by the server))',
    'GITEA_TOKEN: is required (Access token of a read-only Gitea bot user)',
    'MCP_API_KEYS: at least one key is required while AUTH_ENABLED=true, in MCP_API_KEYS or MCP_API_KEYS_FILE (set AUTH_ENABLED=false only on a trusted network)'
  ])
  // A wrong type beside a short key and a bad URL: all named.
  t.same(problemsOf({ ...BASE, GITEA_URL: 'git.example.com', REQUEST_TIMEOUT_SECONDS: 'soon', MCP_API_KEYS: 'short-key' }), [
    'GITEA_URL: is not a valid URL (expected e.g. https://git.example.com)',
    'MCP_API_KEYS: entry 1: a key must be at least 32 characters (this one has 9)',
    'REQUEST_TIMEOUT_SECONDS: must be a whole number from 1 to 600'
  ], 'in the order of .env.example')
  // A malformed REPO_ALLOWLIST is a problem line like any other, beside the rest.
  const all = problemsOf({ GITEA_TOKEN: TOKEN, MCP_API_KEYS: 'short-key', MAX_AUTH_FAILURES: '0', REPO_ALLOWLIST: 'acme/plat/form, acme/*, */x', MCP_DOMAIN: 'https://mcp.example.com' })
  t.same(all, [
    'GITEA_URL: is required (Base URL of the Gitea instance (/api/v1 is added by the server))',
    'MCP_API_KEYS: entry 1: a key must be at least 32 characters (this one has 9)',
    'MAX_AUTH_FAILURES: must be a whole number from 1 to 10000',
    'REPO_ALLOWLIST: entry 1 "acme/plat/form" is not owner/repo or owner/*',
    'REPO_ALLOWLIST: entry 3 "*/x": owner "*" is not a valid Gitea name (letters, digits, "-", "_", ".", at most 100)',
    'MCP_DOMAIN: must be a host name like mcp.example.com (no scheme, port or path)'
  ])
  t.notOk(all.some(p => p.includes('short-key') || p.includes(TOKEN)), 'never a secret')
})

t.test('a variable with a wrong type is not judged again by the checks that depend on it', async t => {
  t.same(problemsOf({ ...BASE, AUTH_ENABLED: 'maybe', MCP_API_KEYS: '' }), ['AUTH_ENABLED: must be true or false'], 'no guess about keys while auth is unknown')
})

t.test('REPO_ALLOWLIST is parsed once, here: the config carries the patterns', async t => {
  const { repoAllowlist } = loadConfig({ ...BASE, REPO_ALLOWLIST: ' acme/platform , Globex/* ,, ' })
  t.same(repoAllowlist.patterns, ['acme/platform', 'Globex/*'])
  t.equal(repoAllowlist.allowsAll, false)
  t.equal(repoAllowlist.allows('ACME', 'Platform'), true)
  t.equal(repoAllowlist.allows('globex', 'anything'), true)
  t.equal(repoAllowlist.allows('acme', 'website'), false)
  t.throws(() => parseRepoAllowlist('acme/plat/form'), /REPO_ALLOWLIST: entry 1 "acme\/plat\/form" is not owner\/repo or owner\/\*/)
  t.match(problemsOf({ ...BASE, REPO_ALLOWLIST: `acme/${'r'.repeat(101)}` }), [/^REPO_ALLOWLIST: entry 1 .*at most 100/], 'the same name rule as the tools\' owner and repo arguments')
})

t.test('one Gitea name pattern: the tools\' argument schemas use the config\'s', async t => {
  t.equal(NAME_PATTERN, GITEA_NAME_PATTERN)
  t.equal((Owner as { pattern?: string }).pattern, GITEA_NAME_PATTERN)
})

t.test('GITEA_URL rules live here once; the Gitea client applies the same ones', async t => {
  t.same(giteaUrlProblems('https://git.example.com/gitea/'), [])
  t.same(giteaUrlProblems('ftp://bot:pw@git.example.com/api/v1?x=1'), [
    'must start with http:// or https://',
    'must not contain a user name or password (the token goes in GITEA_TOKEN)',
    'must not have a query string or fragment',
    'give the Gitea root, without /api/v1 (the server adds it)'
  ])
  t.throws(() => parseBaseUrl('https://git.example.com/api/v1'), /GITEA_URL give the Gitea root, without \/api\/v1/, 'the client refuses what the config refuses')
})

t.test('MCP_TOOLSETS: names (any case), all, or empty for the default; core is always in', async t => {
  t.same(loadConfig(BASE).toolsets, ['core', 'repos', 'code', 'history', 'issues', 'pulls', 'releases'], 'the default')
  t.same(loadConfig({ ...BASE, MCP_TOOLSETS: '  ' }).toolsets, loadConfig(BASE).toolsets, 'empty is the default')
  t.same(loadConfig({ ...BASE, MCP_TOOLSETS: 'all' }).toolsets, ['core', 'repos', 'code', 'history', 'issues', 'pulls', 'releases', 'wiki', 'milestones', 'actions'])
  t.same(loadConfig({ ...BASE, MCP_TOOLSETS: 'actions' }).toolsets, ['core', 'actions'], 'an opt-in toolset by name')
  t.same(loadConfig({ ...BASE, MCP_TOOLSETS: 'Pulls, issues,issues' }).toolsets, ['core', 'issues', 'pulls'], 'in toolset order, once each')
  t.same(loadConfig({ ...BASE, MCP_TOOLSETS: 'core' }).toolsets, ['core'], 'search and fetch alone')
  t.same(problemsOf({ ...BASE, MCP_TOOLSETS: 'repos,wikis,action' }), [
    'MCP_TOOLSETS: unknown toolset "wikis" (known: core, repos, code, history, issues, pulls, releases, wiki, milestones, actions, or all)',
    'MCP_TOOLSETS: unknown toolset "action" (known: core, repos, code, history, issues, pulls, releases, wiki, milestones, actions, or all)'
  ])
  t.same(problemsOf({ ...BASE, MCP_TOOLSETS: 'all,typo' }), ['MCP_TOOLSETS: unknown toolset "typo" (known: core, repos, code, history, issues, pulls, releases, wiki, milestones, actions, or all)'], 'a typo next to all is still reported')
  t.same(problemsOf({ ...BASE, MCP_TOOLSETS: 'nope', MCP_DOMAIN: 'a:1' }).map(problem => problem.slice(0, problem.indexOf(':'))), ['MCP_TOOLSETS', 'MCP_DOMAIN'], 'reported with the other problems, in .env.example order')
})

t.test('MCP_DOMAIN is a host name, lower-cased', async t => {
  t.equal(loadConfig({ ...BASE, MCP_DOMAIN: 'MCP.Example.com' }).domain, 'mcp.example.com')
  t.match(problemsOf({ ...BASE, MCP_DOMAIN: 'mcp.example.com:443' }), [/^MCP_DOMAIN: must be a host name/])
})

t.test('METRICS_PORT: unset is off; a port from 1 to 65535 other than MCP_PORT; METRICS_HOST defaults to MCP_HOST', async t => {
  t.equal(loadConfig(BASE).metrics, null)
  t.same(loadConfig({ ...BASE, METRICS_PORT: '9464' }).metrics, { port: 9464, host: '127.0.0.1' })
  t.same(loadConfig({ ...BASE, METRICS_PORT: '9464', MCP_HOST: '0.0.0.0' }).metrics, { port: 9464, host: '0.0.0.0' })
  t.same(loadConfig({ ...BASE, METRICS_PORT: '9464', MCP_HOST: '0.0.0.0', METRICS_HOST: '127.0.0.1' }).metrics, { port: 9464, host: '127.0.0.1' })
  t.same(loadConfig({ ...BASE, METRICS_PORT: '9464', METRICS_HOST: '[::1]' }).metrics, { port: 9464, host: '::1' })
  for (const bad of ['0', '65536', 'nine', '94.64', '-1']) {
    t.same(problemsOf({ ...BASE, METRICS_PORT: bad }), ['METRICS_PORT: must be a whole number from 1 to 65535 (empty = no metrics)'], bad)
  }
  t.same(problemsOf({ ...BASE, METRICS_PORT: '8080' }), ['METRICS_PORT: must differ from MCP_PORT (metrics are never served on the public port)'])
  t.same(problemsOf({ ...BASE, METRICS_PORT: '9000', MCP_PORT: '9000' }), ['METRICS_PORT: must differ from MCP_PORT (metrics are never served on the public port)'])
  t.same(problemsOf({ ...BASE, METRICS_PORT: '9464', METRICS_HOST: 'http://0.0.0.0/' }), ['METRICS_HOST: must be an address to bind, like 127.0.0.1 or 0.0.0.0 (empty = as MCP_HOST)'])
})

t.test('ALERT_WEBHOOK_URL: unset is off; an absolute http(s) URL; a bad one is named, never quoted', async t => {
  t.equal(loadConfig(BASE).alerts, null)
  const url = 'https://hooks.slack.example/services/T000/B000/SECRETPATH'
  t.same(loadConfig({ ...BASE, ALERT_WEBHOOK_URL: url }).alerts, { webhookUrl: url })
  const relativeUrl = problemsOf({ ...BASE, ALERT_WEBHOOK_URL: '/services/T000/SECRETPATH' })
  t.same(relativeUrl, ['ALERT_WEBHOOK_URL: is not a valid URL (expected e.g. https://hooks.slack.com/services/...)'])
  const ftp = problemsOf({ ...BASE, ALERT_WEBHOOK_URL: 'ftp://hooks.example/SECRETPATH' })
  t.same(ftp, ['ALERT_WEBHOOK_URL: must start with http:// or https://'])
  t.notOk([...relativeUrl, ...ftp].join('\n').includes('SECRETPATH'))
})

t.test('OAuth: PUBLIC_URL, OAUTH_ENABLED, OAUTH_REDIRECT_URIS, OAUTH_SIGN_IN, DATA_DIR', async t => {
  const off = loadConfig(BASE)
  t.same(off.oauth, { enabled: false, redirectUris: [], dataDir: join(process.cwd(), 'data'), signIn: { key: true, gitea: false }, gitea: null })
  t.equal(off.publicUrl, '')

  const on = loadConfig({ ...BASE, PUBLIC_URL: 'https://mcp.example.com/', OAUTH_ENABLED: 'true', OAUTH_REDIRECT_URIS: 'https://ide.example.com/cb, http://127.0.0.1:9/x', DATA_DIR: '/var/lib/aegis', OAUTH_SIGN_IN: 'key' })
  t.equal(on.publicUrl, 'https://mcp.example.com', 'no trailing slash')
  t.same(on.oauth, { enabled: true, redirectUris: ['https://ide.example.com/cb', 'http://127.0.0.1:9/x'], dataDir: '/var/lib/aegis', signIn: { key: true, gitea: false }, gitea: null })
  t.equal(loadConfig({ ...BASE, PUBLIC_URL: 'http://127.0.0.1:8080', OAUTH_ENABLED: 'true' }).publicUrl, 'http://127.0.0.1:8080', 'http for loopback')
  t.same(problemsOf({ ...BASE, PUBLIC_URL: 'https://mcp.example.com/base' }), ['PUBLIC_URL: must have no path (e.g. https://mcp.example.com): the server serves /mcp, /oauth and /.well-known at its root'])

  t.same(problemsOf({ ...BASE, OAUTH_ENABLED: 'true', AUTH_ENABLED: 'false', OAUTH_SIGN_IN: 'gitea', OAUTH_REDIRECT_URIS: 'https://ok.example.com/cb,nonsense,ftp://x/y', DATA_DIR: '' }), [
    'OAUTH_ENABLED: needs PUBLIC_URL, the server\'s public base URL (e.g. https://mcp.example.com)',
    'OAUTH_ENABLED: needs AUTH_ENABLED=true (people sign in with an API key)',
    'OAUTH_REDIRECT_URIS: entry 2 must be an absolute http(s) URL without a fragment',
    'OAUTH_REDIRECT_URIS: entry 3 must be an absolute http(s) URL without a fragment',
    'GITEA_OAUTH_CLIENT_ID: required when OAUTH_SIGN_IN includes gitea (from the OAuth2 application registered in Gitea: Settings > Applications > OAuth2 Applications)',
    'GITEA_OAUTH_CLIENT_SECRET: required when OAUTH_SIGN_IN includes gitea (from the OAuth2 application registered in Gitea: Settings > Applications > OAuth2 Applications)'
  ], 'every problem in one run')
  t.same(problemsOf({ ...BASE, PUBLIC_URL: 'http://mcp.example.com' }), ['PUBLIC_URL: must start with https:// (http:// only for a loopback host such as 127.0.0.1)'])
  t.same(problemsOf({ ...BASE, PUBLIC_URL: 'https://mcp.example.com/?a=1' }), ['PUBLIC_URL: must not have a query string or fragment'])
  t.same(problemsOf({ ...BASE, PUBLIC_URL: 'https://user:secret@mcp.example.com' }), ['PUBLIC_URL: must not contain a user name or password'])
  t.same(problemsOf({ ...BASE, PUBLIC_URL: 'mcp.example.com' }), ['PUBLIC_URL: is not a valid URL (expected e.g. https://mcp.example.com)'])
  t.same(problemsOf({ ...BASE, OAUTH_ENABLED: 'yes' }), ['OAUTH_ENABLED: must be true or false'])
})

t.test('OAUTH_SIGN_IN: key, gitea or both; Gitea sign-in needs the OAuth2 application, whose secret is never echoed', async t => {
  const gitea = { GITEA_OAUTH_CLIENT_ID: 'b3c1d2e4-client', GITEA_OAUTH_CLIENT_SECRET: 'gto_s3cret-value' }
  const both = loadConfig({ ...BASE, OAUTH_SIGN_IN: 'key, Gitea', ...gitea, GITEA_OAUTH_ALLOWED_ORGS: 'Acme, globex' })
  t.same(both.oauth.signIn, { key: true, gitea: true })
  t.same(both.oauth.gitea, { clientId: 'b3c1d2e4-client', clientSecret: 'gto_s3cret-value', allowedOrgs: ['acme', 'globex'], browserUrl: null })
  const only = loadConfig({ ...BASE, OAUTH_SIGN_IN: 'gitea', ...gitea, GITEA_PUBLIC_URL: 'https://git.example.com/' })
  t.same(only.oauth.signIn, { key: false, gitea: true })
  t.equal(only.oauth.gitea?.browserUrl, 'https://git.example.com')
  t.same(only.oauth.gitea?.allowedOrgs, [], 'empty: any Gitea user')
  t.equal(loadConfig({ ...BASE, ...gitea }).oauth.gitea, null, 'key only: the Gitea application is not used')

  t.same(problemsOf({ ...BASE, OAUTH_SIGN_IN: 'github' }), ['OAUTH_SIGN_IN: must be key, gitea, or key,gitea'])
  t.same(problemsOf({ ...BASE, OAUTH_SIGN_IN: ' , ' }), ['OAUTH_SIGN_IN: must be key, gitea, or key,gitea'])
  const problems = problemsOf({ ...BASE, OAUTH_SIGN_IN: 'key,gitea', GITEA_OAUTH_CLIENT_SECRET: 'gto_s3cret-value', GITEA_OAUTH_ALLOWED_ORGS: 'acme,not an org', GITEA_PUBLIC_URL: 'ftp://git.example.com' })
  t.same(problems, [
    'GITEA_OAUTH_CLIENT_ID: required when OAUTH_SIGN_IN includes gitea (from the OAuth2 application registered in Gitea: Settings > Applications > OAuth2 Applications)',
    'GITEA_OAUTH_ALLOWED_ORGS: entry 2 is not a Gitea organisation name',
    'GITEA_PUBLIC_URL: must start with http:// or https://'
  ])
  t.notOk(problems.join('\n').includes('s3cret'), 'the secret is never quoted')
})

t.test('REDIS_URL: unset means memory; a redis:// or rediss:// URL, whose password is never echoed', async t => {
  t.equal(loadConfig(BASE).redis, null, 'unset: state in memory, as before')
  t.same(loadConfig({ ...BASE, REDIS_URL: 'redis://redis:6379' }).redis, { url: 'redis://redis:6379', host: 'redis:6379' })
  t.same(loadConfig({ ...BASE, REDIS_URL: 'rediss://aegis:s3cret-pw@cache.example.com/2' }).redis,
    { url: 'rediss://aegis:s3cret-pw@cache.example.com/2', host: 'cache.example.com:6379' }, 'the host for logs carries no password')
  const problems = [
    ...problemsOf({ ...BASE, REDIS_URL: 'http://:s3cret-pw@redis:6379' }),
    ...problemsOf({ ...BASE, REDIS_URL: 'redis://:s3cret-pw@redis:6379/0?tls=1' }),
    ...problemsOf({ ...BASE, REDIS_URL: 'redis://:s3cret-pw@redis:6379/keys' }),
    ...problemsOf({ ...BASE, REDIS_URL: 's3cret-pw' })
  ]
  t.same(problems, [
    'REDIS_URL: must start with redis:// or rediss:// (TLS)',
    'REDIS_URL: must not have a query string or fragment',
    'REDIS_URL: the path may only be a database number, like /0',
    'REDIS_URL: is not a valid URL (expected e.g. redis://redis:6379 or rediss://user:password@host:6380/0)'
  ])
  t.notMatch(problems.join('\n'), /s3cret/, 'no line names the password')
})
