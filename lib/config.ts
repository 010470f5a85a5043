import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { Type, type Static, type TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { parseKeyEntry, type KeyEntry } from './api-keys.js'
import { combineKeys, KeysFileError, readKeysFileSync } from './keys/keys-file.js'
import { GITEA_NAME, readRepoAllowlist, splitList, type RepoAllowlist } from './repo-patterns.js'
import { readToolsets, type ToolsetName } from './tools/toolsets.js'

// The REPO_ALLOWLIST parser lives in a module with no dependencies (aegis-keys reads key scopes with it).
export { GITEA_NAME_PATTERN, readRepoAllowlist, splitList, type RepoAllowlist } from './repo-patterns.js'

/** sysexits.h EX_CONFIG: what the process exits with when its configuration is wrong. */
export const EXIT_CONFIG = 78

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Every variable of the contract, as the environment spells it. Secrets are marked `secret`. */
export const EnvSchema = Type.Object({
  GITEA_URL: Type.String({ minLength: 1, description: 'Base URL of the Gitea instance (/api/v1 is added by the server)' }),
  GITEA_TOKEN: Type.String({ minLength: 1, secret: true, description: 'Access token of a read-only Gitea bot user' }),
  MCP_HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Address to bind (0.0.0.0 in the container)' }),
  MCP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'Port to bind' }),
  AUTH_ENABLED: Type.Boolean({ default: true, description: 'false lets every request in (loud warning, audited)' }),
  MCP_API_KEYS: Type.String({ default: '', secret: true, description: 'Comma-separated keys (32+ characters) or sha256:<64 hex> digests' }),
  MCP_API_KEYS_FILE: Type.String({ default: '', description: 'File of key entries (one JSON object a line: key_id, digest, description, created_at, expires_at), re-read on SIGHUP and when it changes' }),
  MAX_AUTH_FAILURES: Type.Integer({ minimum: 1, maximum: 10_000, default: 5, description: 'Failed authentications per client IP before lockout' }),
  AUTH_FAILURE_WINDOW: Type.Integer({ minimum: 1, maximum: 86_400, default: 300, description: 'Seconds failures are counted in, and a lockout lasts' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 120, description: 'Requests a minute one key may make to /mcp* (0 = no limit)' }),
  TRUST_PROXY: Type.String({ default: '', description: 'Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed' }),
  MCP_ALLOWED_ORIGINS: Type.String({ default: '', description: 'Comma-separated origins allowed to send an Origin header to /mcp*' }),
  MCP_ALLOWED_HOSTS: Type.String({ default: '', description: 'Comma-separated extra Host names the server answers to, besides loopback names (when bound to loopback) and MCP_DOMAIN' }),
  CLIENT_REQUEST_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 600, default: 30, description: 'Time a client has to send a whole request (headers and body); past it the connection is closed' }),
  AUDIT_LOG_PATH: Type.String({ minLength: 1, default: 'logs/audit.log', description: 'Audit log file (JSON lines); - for standard output' }),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map(level => Type.Literal(level)), { default: 'info', description: 'Application log level' }),
  REQUEST_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 600, default: 30, description: 'Time limit for one request to Gitea' }),
  MAX_FILE_SIZE_BYTES: Type.Integer({ minimum: 1024, maximum: 104_857_600, default: 1_048_576, description: 'Most bytes of one file read from Gitea' }),
  MAX_RESPONSE_BYTES: Type.Integer({ minimum: 4096, maximum: 10_485_760, default: 100_000, description: 'Largest tool result in bytes' }),
  REPO_ALLOWLIST: Type.String({ default: '', description: 'Comma-separated owner/repo and owner/* patterns; empty = all the token can read' }),
  MCP_TOOLSETS: Type.String({ default: '', description: 'Comma-separated toolsets to expose (all for every tool); empty = the default toolsets' }),
  MCP_DOMAIN: Type.String({ default: '', description: 'Public host name, used by the compose file for Traefik routing' }),
  METRICS_PORT: Type.String({ default: '', description: 'Port of the Prometheus /metrics listener (its own, never the public port); empty = no metrics' }),
  METRICS_HOST: Type.String({ default: '', description: 'Address the metrics listener binds; empty = the same as MCP_HOST' }),
  ALERT_WEBHOOK_URL: Type.String({ default: '', secret: true, description: 'Slack-compatible webhook for security and health alerts; empty = no alerts' }),
  PUBLIC_URL: Type.String({ default: '', description: 'The server\'s public base URL (https://mcp.example.com): OAuth issuer, and <PUBLIC_URL>/mcp the resource' }),
  OAUTH_ENABLED: Type.Boolean({ default: false, description: 'OAuth 2.1 authorization in front of the keys, for ChatGPT\'s and Claude\'s connector UIs; needs PUBLIC_URL and AUTH_ENABLED=true' }),
  OAUTH_REDIRECT_URIS: Type.String({ default: '', description: 'Comma-separated redirect URIs allowed besides ChatGPT\'s, Claude\'s and loopback ones' }),
  OAUTH_SIGN_IN: Type.String({ default: 'key', description: 'How a person signs in on the authorize page: key, gitea, or key,gitea' }),
  GITEA_OAUTH_CLIENT_ID: Type.String({ default: '', description: 'Client ID of the OAuth2 application registered in Gitea, for "Sign in with Gitea"' }),
  GITEA_OAUTH_CLIENT_SECRET: Type.String({ default: '', secret: true, description: 'Client secret of that OAuth2 application' }),
  GITEA_OAUTH_ALLOWED_ORGS: Type.String({ default: '', description: 'Comma-separated Gitea organisations whose members may sign in with Gitea; empty = any Gitea user' }),
  GITEA_PUBLIC_URL: Type.String({ default: '', description: 'Gitea\'s base URL as people\'s browsers reach it, for "Sign in with Gitea"; empty = GITEA_URL' }),
  DATA_DIR: Type.String({ minLength: 1, default: 'data', description: 'Directory of state that must survive a restart (OAuth signing keys, clients, grants, refresh tokens)' }),
  REDIS_URL: Type.String({ default: '', secret: true, description: 'redis:// or rediss:// URL of the Redis (or Valkey) that replicas share lockout and rate limits through; unset = this process\'s memory' })
})
export type Env = Static<typeof EnvSchema>

export interface AppConfig {
  gitea: { url: string, token: string, timeoutMs: number }
  server: {
    host: string
    port: number
    /** CLIENT_REQUEST_TIMEOUT_SECONDS in milliseconds. */
    clientRequestTimeoutMs: number
  }
  auth: {
    enabled: boolean
    /** MCP_API_KEYS (source 'env') and, as read at start-up, the keys file (source 'file'). */
    keys: KeyEntry[]
    /** MCP_API_KEYS_FILE as an absolute path; null when unset. */
    keysFile: string | null
    maxFailures: number
    failureWindowSeconds: number
    rateLimitPerMinute: number
  }
  trustProxy: string[]
  allowedOrigins: string[]
  /** MCP_ALLOWED_HOSTS, lower-cased, without ports. */
  allowedHosts: string[]
  auditLogPath: string
  logLevel: Env['LOG_LEVEL']
  limits: { maxFileBytes: number, maxResponseBytes: number }
  /** REPO_ALLOWLIST, parsed. */
  repoAllowlist: RepoAllowlist
  /** MCP_DOMAIN, lower-cased; '' when unset. */
  domain: string
  /** The Prometheus listener: null when METRICS_PORT is unset. */
  metrics: { port: number, host: string } | null
  /** ALERT_WEBHOOK_URL: null when unset. A secret (its path is the credential): log only its host. */
  alerts: { webhookUrl: string } | null
  /** PUBLIC_URL without a trailing slash; '' when unset. */
  publicUrl: string
  oauth: OAuthConfig
  /** REDIS_URL; null when unset (state in this process's memory). */
  redis: RedisConfig | null
  /** MCP_TOOLSETS, parsed: the toolsets served (always with `core`), in TOOLSETS order. */
  toolsets: ToolsetName[]
}

export interface OAuthConfig {
  enabled: boolean
  /** OAUTH_REDIRECT_URIS, each as given (compared exactly). */
  redirectUris: string[]
  /** DATA_DIR as an absolute path. */
  dataDir: string
  /** OAUTH_SIGN_IN: which sign-ins the authorize page offers. */
  signIn: { key: boolean, gitea: boolean }
  /** "Sign in with Gitea": null unless OAUTH_SIGN_IN names gitea. */
  gitea: GiteaSignInConfig | null
}

export interface GiteaSignInConfig {
  clientId: string
  /** A secret: never logged, never in a message. */
  clientSecret: string
  /** GITEA_OAUTH_ALLOWED_ORGS, lower-cased; [] = any Gitea user. */
  allowedOrgs: string[]
  /** GITEA_PUBLIC_URL without a trailing slash: where browsers are sent to sign in; null = GITEA_URL. */
  browserUrl: string | null
}

export interface RedisConfig {
  /** The URL as given: it may carry a password, so it is never logged. */
  url: string
  /** `host:port`, for logs and audit records. */
  host: string
}

export class ConfigError extends Error {
  readonly problems: string[]
  constructor (problems: string[]) {
    super(`invalid configuration:\n${problems.map(p => `  ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/**
 * The environment the server runs with: a `.env` in `cwd` when present, under
 * the process environment (a variable set in the environment wins).
 */
export function readEnvironment (env: NodeJS.ProcessEnv, cwd: string): Record<string, string | undefined> {
  const file = resolve(cwd, '.env')
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {}
  return { ...fromFile, ...env }
}

/**
 * Checks the environment against EnvSchema and then the rules a schema cannot
 * say (URLs, key lengths, list entries); throws one ConfigError listing every
 * problem of both passes, in the order of .env.example.
 */
export function loadConfig (env: Record<string, string | undefined>): AppConfig {
  const raw: Record<string, unknown> = {}
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = env[name]
    // An empty variable means "use the default", as in most .env conventions.
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim()
  }
  const candidate = Value.Default(EnvSchema, coerce(raw)) as Record<string, unknown>
  const problems = schemaProblems(candidate)
  // A variable the schema refused is not judged again by the checks below.
  const refused = new Set(problems.map(variableOf))
  const config = toAppConfig(candidate as Env, problems, refused)
  if (problems.length > 0) throw new ConfigError(inEnvOrder(problems))
  return config
}

function variableOf (problem: string): string {
  return problem.slice(0, problem.indexOf(':'))
}

const ENV_ORDER = Object.keys(EnvSchema.properties)

// Stable: the lines of one variable keep their order.
function inEnvOrder (problems: string[]): string[] {
  return problems
    .map((problem, index) => ({ problem, index, rank: ENV_ORDER.indexOf(variableOf(problem)) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(item => item.problem)
}

/**
 * Environment values are strings: turn exact integers and booleans into their
 * types and leave anything else as it is, for the schema to reject. (TypeBox's
 * Convert is looser: it would read "1.5" or "1e3" as numbers.)
 */
function coerce (raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(raw)) {
    const type = (EnvSchema.properties as Record<string, { type?: string }>)[name]?.type
    if (typeof value === 'string' && type === 'integer' && /^-?\d{1,15}$/.test(value)) out[name] = Number(value)
    else if (typeof value === 'string' && type === 'boolean' && /^(true|false)$/i.test(value)) out[name] = value.toLowerCase() === 'true'
    else out[name] = value
  }
  return out
}

// One line per variable, checked one by one (TypeBox caps the length of one error list).
function schemaProblems (candidate: Record<string, unknown>): string[] {
  const problems: string[] = []
  for (const [name, schema] of Object.entries(EnvSchema.properties) as Array<[string, TSchema]>) {
    const value = candidate[name]
    if (value === undefined) {
      problems.push(`${name}: is required (${describe(name)})`)
      continue
    }
    const error = Value.Errors(schema, value)[0]
    if (error !== undefined) problems.push(`${name}: ${explain(name, error.message)}`)
  }
  return problems
}

function describe (name: string): string {
  const schema = (EnvSchema.properties as Record<string, TSchema & { description?: string }>)[name]
  return schema?.description ?? name
}

// TypeBox's messages are about JSON types; these say what the variable wants. Never the value.
function explain (name: string, message: string): string {
  const schema = (EnvSchema.properties as Record<string, TSchema & { minimum?: number, maximum?: number, type?: string }>)[name]
  if (name === 'LOG_LEVEL') return `must be one of ${LOG_LEVELS.join(', ')}`
  if (schema?.type === 'boolean') return 'must be true or false'
  if (schema?.type === 'integer') return `must be a whole number from ${schema.minimum ?? 0} to ${schema.maximum ?? 'any'}`
  return message
}

// `refused`: variables the schema refused; their value here is not of their type, so only
// what does not depend on them is checked.
function toAppConfig (env: Env, problems: string[], refused: Set<string>): AppConfig {
  const keysFile = env.MCP_API_KEYS_FILE === '' ? null : resolve(env.MCP_API_KEYS_FILE)
  const keys = withKeysFile(parseKeys(env.MCP_API_KEYS, problems), keysFile, problems)
  const authKnown = !refused.has('AUTH_ENABLED')
  if (authKnown && env.AUTH_ENABLED && keys.length === 0 && !problems.some(p => p.startsWith('MCP_API_KEYS'))) {
    problems.push('MCP_API_KEYS: at least one key is required while AUTH_ENABLED=true, in MCP_API_KEYS or MCP_API_KEYS_FILE (set AUTH_ENABLED=false only on a trusted network)')
  }
  return {
    gitea: { url: refused.has('GITEA_URL') ? '' : checkGiteaUrl(env.GITEA_URL, problems), token: env.GITEA_TOKEN, timeoutMs: env.REQUEST_TIMEOUT_SECONDS * 1000 },
    server: { host: env.MCP_HOST, port: env.MCP_PORT, clientRequestTimeoutMs: env.CLIENT_REQUEST_TIMEOUT_SECONDS * 1000 },
    auth: {
      enabled: env.AUTH_ENABLED,
      keys,
      keysFile,
      maxFailures: env.MAX_AUTH_FAILURES,
      failureWindowSeconds: env.AUTH_FAILURE_WINDOW,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE
    },
    trustProxy: checkTrustProxy(env.TRUST_PROXY, problems),
    allowedOrigins: checkOrigins(env.MCP_ALLOWED_ORIGINS, problems),
    allowedHosts: checkHosts(env.MCP_ALLOWED_HOSTS, problems),
    auditLogPath: env.AUDIT_LOG_PATH,
    logLevel: env.LOG_LEVEL,
    limits: { maxFileBytes: env.MAX_FILE_SIZE_BYTES, maxResponseBytes: env.MAX_RESPONSE_BYTES },
    repoAllowlist: checkRepoAllowlist(env.REPO_ALLOWLIST, problems),
    domain: checkDomain(env.MCP_DOMAIN, problems),
    metrics: checkMetrics(env, refused, problems),
    alerts: checkAlertWebhook(env.ALERT_WEBHOOK_URL, problems),
    ...checkOAuth(env, problems, refused),
    redis: checkRedisUrl(env.REDIS_URL, problems),
    toolsets: checkToolsets(env.MCP_TOOLSETS, problems)
  }
}

function checkMetrics (env: Env, refused: Set<string>, problems: string[]): AppConfig['metrics'] {
  // An IPv6 address may be written as in a URL ([::1]); listen() wants it bare.
  const host = env.METRICS_HOST === '' ? env.MCP_HOST : env.METRICS_HOST.replace(/^\[(.*)\]$/, '$1')
  if (env.METRICS_HOST !== '' && !isHostName(normalHost(env.METRICS_HOST))) {
    problems.push('METRICS_HOST: must be an address to bind, like 127.0.0.1 or 0.0.0.0 (empty = as MCP_HOST)')
  }
  if (env.METRICS_PORT === '') return null
  if (!/^\d{1,5}$/.test(env.METRICS_PORT) || Number(env.METRICS_PORT) < 1 || Number(env.METRICS_PORT) > 65535) {
    problems.push('METRICS_PORT: must be a whole number from 1 to 65535 (empty = no metrics)')
    return null
  }
  const port = Number(env.METRICS_PORT)
  if (!refused.has('MCP_PORT') && port === env.MCP_PORT) {
    problems.push('METRICS_PORT: must differ from MCP_PORT (metrics are never served on the public port)')
  }
  return { port, host }
}

// Never quotes the value: a webhook URL's path is its credential.
function checkAlertWebhook (value: string, problems: string[]): AppConfig['alerts'] {
  if (value === '') return null
  const url = parseUrl(value)
  if (url === null) {
    problems.push('ALERT_WEBHOOK_URL: is not a valid URL (expected e.g. https://hooks.slack.com/services/...)')
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push('ALERT_WEBHOOK_URL: must start with http:// or https://')
    return null
  }
  return { webhookUrl: url.href }
}

/** The OAuth variables; OAUTH_ENABLED needs a usable PUBLIC_URL and AUTH_ENABLED=true (the keys are what a person signs in with). */
function checkOAuth (env: Env, problems: string[], refused: Set<string>): { publicUrl: string, oauth: OAuthConfig } {
  const publicUrl = checkPublicUrl(env.PUBLIC_URL, problems)
  const enabled = !refused.has('OAUTH_ENABLED') && env.OAUTH_ENABLED
  if (enabled && env.PUBLIC_URL === '') problems.push('OAUTH_ENABLED: needs PUBLIC_URL, the server\'s public base URL (e.g. https://mcp.example.com)')
  if (enabled && !refused.has('AUTH_ENABLED') && !env.AUTH_ENABLED) problems.push('OAUTH_ENABLED: needs AUTH_ENABLED=true (people sign in with an API key)')
  const signIn = checkSignIn(env.OAUTH_SIGN_IN, problems)
  return {
    publicUrl,
    oauth: {
      enabled,
      redirectUris: checkRedirectUris(env.OAUTH_REDIRECT_URIS, problems),
      dataDir: resolve(env.DATA_DIR),
      signIn,
      gitea: signIn.gitea ? checkGiteaSignIn(env, problems) : null
    }
  }
}

const SIGN_IN_METHODS = ['key', 'gitea'] as const

function checkSignIn (value: string, problems: string[]): OAuthConfig['signIn'] {
  const methods = splitList(value.toLowerCase())
  const unknown = methods.filter(method => !(SIGN_IN_METHODS as readonly string[]).includes(method))
  if (methods.length === 0 || unknown.length > 0) {
    problems.push('OAUTH_SIGN_IN: must be key, gitea, or key,gitea')
    return { key: true, gitea: false }
  }
  return { key: methods.includes('key'), gitea: methods.includes('gitea') }
}

/** "Sign in with Gitea": the application registered in Gitea, and who may use it. The secret's value is never quoted. */
function checkGiteaSignIn (env: Env, problems: string[]): GiteaSignInConfig {
  const missing = (name: string): void => {
    problems.push(`${name}: required when OAUTH_SIGN_IN includes gitea (from the OAuth2 application registered in Gitea: Settings > Applications > OAuth2 Applications)`)
  }
  const clientId = env.GITEA_OAUTH_CLIENT_ID.trim()
  if (clientId === '') missing('GITEA_OAUTH_CLIENT_ID')
  if (env.GITEA_OAUTH_CLIENT_SECRET.trim() === '') missing('GITEA_OAUTH_CLIENT_SECRET')
  const allowedOrgs = splitList(env.GITEA_OAUTH_ALLOWED_ORGS).map(org => org.toLowerCase())
  allowedOrgs.forEach((org, index) => {
    if (!GITEA_NAME.test(org)) problems.push(`GITEA_OAUTH_ALLOWED_ORGS: entry ${index + 1} is not a Gitea organisation name`)
  })
  let browserUrl: string | null = null
  if (env.GITEA_PUBLIC_URL !== '') {
    const found = giteaUrlProblems(env.GITEA_PUBLIC_URL)
    for (const problem of found) problems.push(`GITEA_PUBLIC_URL: ${problem}`)
    if (found.length === 0) browserUrl = new URL(env.GITEA_PUBLIC_URL.trim()).href.replace(/\/+$/, '')
  }
  return { clientId, clientSecret: env.GITEA_OAUTH_CLIENT_SECRET.trim(), allowedOrgs, browserUrl }
}

function parseUrl (value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

function checkPublicUrl (value: string, problems: string[]): string {
  if (value === '') return ''
  const url = parseUrl(value)
  if (url === null) {
    problems.push('PUBLIC_URL: is not a valid URL (expected e.g. https://mcp.example.com)')
    return ''
  }
  const before = problems.length
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    problems.push('PUBLIC_URL: must start with https:// (http:// only for a loopback host such as 127.0.0.1)')
  }
  if (url.username !== '' || url.password !== '') problems.push('PUBLIC_URL: must not contain a user name or password')
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) problems.push('PUBLIC_URL: must not have a query string or fragment')
  // The server answers /mcp, /oauth/* and /.well-known/* at its root; a prefix would need a proxy to strip it.
  if (url.pathname !== '/') problems.push('PUBLIC_URL: must have no path (e.g. https://mcp.example.com): the server serves /mcp, /oauth and /.well-known at its root')
  return problems.length === before ? url.href.replace(/\/+$/, '') : ''
}

function checkRedirectUris (value: string, problems: string[]): string[] {
  return splitList(value).filter((entry, index) => {
    const url = parseUrl(entry)
    if (url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '' && !entry.includes('#')) return true
    problems.push(`OAUTH_REDIRECT_URIS: entry ${index + 1} must be an absolute http(s) URL without a fragment`)
    return false
  })
}

function parseKeys (value: string, problems: string[]): KeyEntry[] {
  const entries: KeyEntry[] = []
  const seen = new Map<string, number>()
  splitList(value).forEach((item, index) => {
    const position = index + 1
    try {
      const entry = parseKeyEntry(item)
      const first = seen.get(entry.keyId)
      if (first !== undefined) {
        problems.push(`MCP_API_KEYS: entry ${position} repeats entry ${first}`)
        return
      }
      seen.set(entry.keyId, position)
      entries.push(entry)
    } catch (error) {
      problems.push(`MCP_API_KEYS: entry ${position}: ${(error as Error).message}`)
    }
  })
  return entries
}

// The keys file is read once here, so a bad one stops the start like any bad variable.
function withKeysFile (envKeys: KeyEntry[], path: string | null, problems: string[]): KeyEntry[] {
  if (path === null) return envKeys
  try {
    return combineKeys(envKeys, readKeysFileSync(path).entries)
  } catch (error) {
    if (!(error instanceof KeysFileError)) throw error
    const where = error.unreadable ? `cannot read ${path}: ` : ''
    for (const problem of error.problems) problems.push(`MCP_API_KEYS_FILE: ${where}${problem}`)
    return envKeys
  }
}

function checkGiteaUrl (value: string, problems: string[]): string {
  const found = giteaUrlProblems(value)
  for (const problem of found) problems.push(`GITEA_URL: ${problem}`)
  return found.length === 0 ? new URL(value.trim()).href.replace(/\/+$/, '') : value
}

/**
 * What is wrong with a GITEA_URL, one phrase per problem ([] = usable). The
 * one copy of these rules: the config checks the variable with it, and the
 * Gitea client refuses a base URL with it. Never echoes the value (it may
 * hold credentials).
 */
export function giteaUrlProblems (value: string): string[] {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return ['is not a valid URL (expected e.g. https://git.example.com)']
  }
  const problems: string[] = []
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('must start with http:// or https://')
  if (url.username !== '' || url.password !== '') problems.push('must not contain a user name or password (the token goes in GITEA_TOKEN)')
  if (url.search !== '' || url.hash !== '') problems.push('must not have a query string or fragment')
  if (/\/api\/v1\/?$/.test(url.pathname)) problems.push('give the Gitea root, without /api/v1 (the server adds it)')
  return problems
}

// Names proxy-addr understands, for Docker networks: loopback, linklocal, uniquelocal (10/8, 172.16/12, 192.168/16, fc00::/7).
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function checkTrustProxy (value: string, problems: string[]): string[] {
  const entries = splitList(value)
  if (entries.some(entry => entry.toLowerCase() === 'true' || entry === '*')) {
    problems.push('TRUST_PROXY: trusting every proxy lets any client choose its own IP; list the proxy IPs or CIDRs instead')
    return []
  }
  entries.forEach((entry, index) => {
    if (!isAddressOrRange(entry)) problems.push(`TRUST_PROXY: entry ${index + 1} is not an IP address, a CIDR range or one of ${[...NAMED_RANGES].join(', ')}`)
  })
  return entries
}

function isAddressOrRange (entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  if (!/^\d{1,3}$/.test(prefix)) return false
  return Number(prefix) <= (family === 4 ? 32 : 128)
}

function checkOrigins (value: string, problems: string[]): string[] {
  return splitList(value).map((entry, index) => {
    const origin = entry.replace(/\/+$/, '')
    try {
      const url = new URL(origin)
      if (url.origin === origin.toLowerCase() || url.origin === origin) return url.origin
    } catch {}
    problems.push(`MCP_ALLOWED_ORIGINS: entry ${index + 1} must be an origin like https://chat.example.com (scheme, host and optional port, no path)`)
    return origin
  })
}

// A host name as it appears in a Host header, without a port: letters, digits, dots, dashes.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/

function checkHosts (value: string, problems: string[]): string[] {
  return splitList(value).map((entry, index) => {
    const host = normalHost(entry)
    if (!isHostName(host)) {
      problems.push(`MCP_ALLOWED_HOSTS: entry ${index + 1} must be a host name like mcp.example.com (no scheme, port or path)`)
    }
    return host
  })
}

function checkDomain (value: string, problems: string[]): string {
  if (value === '') return ''
  const host = normalHost(value)
  if (!isHostName(host)) problems.push('MCP_DOMAIN: must be a host name like mcp.example.com (no scheme, port or path)')
  return host
}

// Host names compare lower-case, without the root's trailing dot.
function normalHost (value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '')
}

function isHostName (host: string): boolean {
  return HOST_NAME.test(host) || isIP(host.replace(/^\[|\]$/g, '')) !== 0
}

const REDIS_PROTOCOLS = new Set(['redis:', 'rediss:'])

// Problems name the part that is wrong, never the value: the URL may hold a password.
function checkRedisUrl (value: string, problems: string[]): RedisConfig | null {
  if (value === '') return null
  const url = parseUrl(value)
  if (url === null) {
    problems.push('REDIS_URL: is not a valid URL (expected e.g. redis://redis:6379 or rediss://user:password@host:6380/0)')
    return null
  }
  const before = problems.length
  if (!REDIS_PROTOCOLS.has(url.protocol)) problems.push('REDIS_URL: must start with redis:// or rediss:// (TLS)')
  if (url.hostname === '') problems.push('REDIS_URL: names no host')
  if (!/^(\/\d{0,2})?$/.test(url.pathname)) problems.push('REDIS_URL: the path may only be a database number, like /0')
  if (url.search !== '' || url.hash !== '') problems.push('REDIS_URL: must not have a query string or fragment')
  if (problems.length > before) return null
  const port = url.port === '' ? '6379' : url.port
  return { url: value, host: `${url.hostname}:${port}` }
}

function checkToolsets (value: string, problems: string[]): ToolsetName[] {
  const { toolsets, problems: found } = readToolsets(value)
  for (const problem of found) problems.push(`MCP_TOOLSETS: ${problem}`)
  return toolsets
}

function checkRepoAllowlist (value: string, problems: string[]): RepoAllowlist {
  const { allowlist, problems: found } = readRepoAllowlist(value)
  for (const problem of found) problems.push(`REPO_ALLOWLIST: ${problem}`)
  return allowlist
}

/** Parses REPO_ALLOWLIST-style patterns; throws an Error naming every malformed entry. */
export function parseRepoAllowlist (value: string): RepoAllowlist {
  const { allowlist, problems } = readRepoAllowlist(value)
  if (problems.length > 0) throw new Error(problems.map(problem => `REPO_ALLOWLIST: ${problem}`).join('; '))
  return allowlist
}
