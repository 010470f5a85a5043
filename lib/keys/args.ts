import { parseArgs } from 'node:util'
import { CliError, EXIT } from './errors.js'

export type OptionSpec = Record<string, { type: 'string' | 'boolean', short?: string }>
export type ParsedOptions = Record<string, string | boolean | undefined>

/**
 * Parses a sub-command's options strictly: an unknown option, a missing value or
 * a stray argument is a usage error, reported in one line that never repeats a
 * value (it could be a key pasted in the wrong place).
 */
export function parseOptions (args: readonly string[], options: OptionSpec): ParsedOptions {
  return parseCommandLine(args, options, false).values
}

/** As parseOptions, for a command that also takes arguments (file names). */
export function parseCommandLine (args: readonly string[], options: OptionSpec, allowPositionals = true): { values: ParsedOptions, positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals })
    return { values: values as ParsedOptions, positionals }
  } catch (error) {
    throw new CliError(EXIT.USAGE, usageMessage(error as Error & { code?: string }))
  }
}

function usageMessage (error: Error & { code?: string }): string {
  const option = /'(--?[A-Za-z0-9][A-Za-z0-9-]{0,40})/.exec(error.message)?.[1] ?? 'an option'
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown option ${option}`
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': return 'unexpected argument (every option starts with --)'
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('does not take') ? `${option} takes no value` : `${option} needs a value`
    default: return 'invalid arguments'
  }
}

/** A whole number of days from `min` to `max`; `fallback` when the option is absent. */
export function daysOption (value: string | boolean | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliError(EXIT.USAGE, `${name} must be a whole number from ${min} to ${max}`)
  }
  return Number(value)
}

/** A free-text option (a description): printable, one line, at most 200 characters. */
export function textOption (value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined
  const text = String(value).trim()
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new CliError(EXIT.USAGE, `${name} must be one line of printable text`)
  if (text.length > 200) throw new CliError(EXIT.USAGE, `${name} must be at most 200 characters`)
  return text
}

/** A string option that must not be empty (a path). */
export function pathOption (value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '') throw new CliError(EXIT.USAGE, `${name} needs a value`)
  return value
}

/** A key id: 12 lowercase hex digits. */
export function keyIdOption (value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^[0-9a-f]{12}$/.test(value)) {
    throw new CliError(EXIT.USAGE, `${name} takes a key id: the 12 hex digits aegis-keys and the audit log show (never the key itself)`)
  }
  return value
}

/** Usage error when more than one of `names` was given. */
export function exclusive (values: ParsedOptions, ...names: string[]): void {
  const given = names.filter(name => values[name] !== undefined)
  if (given.length > 1) throw new CliError(EXIT.USAGE, `${given.map(name => `--${name}`).join(' and ')} cannot be used together`)
}

const EXIT_CODES = `Exit codes:
  0    done
  1    cancelled at a question (nothing was changed)
  64   usage error: unknown option, bad or conflicting option values
  65   invalid input: a malformed line, a duplicate key, a key shorter than 32 characters
  66   a file or directory to read is missing or unreadable
  74   a file could not be written (every change was undone)
`

export const GENERAL_HELP = `Usage: aegis-keys <command> [options]

Makes, rotates and checks the API keys of aegis-gitea-mcp, and checks its
audit log.

Commands:
  generate    make a new key; print it once, with its digest and the .env line
  rotate      add a new key beside the old ones, which expire after a grace period;
              --retire KEY_ID removes a key
  check-age   report each key's age and expiry, with exit codes for cron
  verify-audit FILE...
              check the hash chain of audit log files, with exit codes for cron

Run "aegis-keys <command> --help" for a command's options.

Exit codes:
  0    done (check-age: every key is fine; verify-audit: the chain holds)
  1    check-age: a key expires within the warning days
       verify-audit: a line was changed, removed or inserted (the line is named)
       generate, rotate: cancelled at a question (nothing was changed)
  2    check-age: a key expires within the critical days
  3    check-age: a key has expired
  64   usage error: unknown command or option, bad or conflicting option values
  65   invalid input: a malformed line, a duplicate key, a key shorter than 32 characters
  66   a file or directory to read is missing or unreadable
  74   a file could not be written (every change was undone)
`

export const GENERATE_OPTIONS: OptionSpec = {
  description: { type: 'string' },
  repos: { type: 'string' },
  toolsets: { type: 'string' },
  'expires-in-days': { type: 'string' },
  'metadata-dir': { type: 'string' },
  'no-metadata': { type: 'boolean' },
  'keys-file': { type: 'string' },
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

export const GENERATE_HELP = `Usage: aegis-keys generate [options]

Makes a new API key: "agm_" and 256 random bits in base64url (47 characters).
Prints the key once, with its key id, its sha256: digest and the line to add
to the server's .env, and writes the metadata file <dir>/<key_id>.json (mode
0600, directory 0700), which never holds the key. On a terminal with no
options it asks a few questions; with any option, or without a terminal, it
asks nothing.

Options:
  --description TEXT    what the key is for, e.g. the client that uses it
  --expires-in-days N   days until the key expires (default 90; 0 = never)
  --metadata-dir DIR    where metadata files go (default keys)
  --no-metadata         write no metadata file
  --keys-file FILE      also add the key's entry (its digest, never the key) to
                        this keys file (MCP_API_KEYS_FILE); created (0600) when
                        missing. A running server picks it up without a restart.
  --repos LIST          narrow the key to these repositories: comma-separated
                        owner/repo and owner/* patterns, as in REPO_ALLOWLIST
                        (needs --keys-file: MCP_API_KEYS has no place for it)
  --toolsets LIST       narrow the key to these toolsets: comma-separated names
                        as in MCP_TOOLSETS (needs --keys-file). The server
                        applies the narrower of the key's and its own settings.
  --json                print only {"key", "key_id", "digest", "hint",
                        "created_at", "expires_at", "env_line"}, and "repos",
                        "toolsets" for a narrowed key
  --yes                 ask nothing
  -h, --help            show this help

${EXIT_CODES}`

export const ROTATE_OPTIONS: OptionSpec = {
  'env-file': { type: 'string' },
  'keys-file': { type: 'string' },
  'grace-days': { type: 'string' },
  now: { type: 'boolean' },
  key: { type: 'string' },
  retire: { type: 'string' },
  description: { type: 'string' },
  repos: { type: 'string' },
  toolsets: { type: 'string' },
  'expires-in-days': { type: 'string' },
  'metadata-dir': { type: 'string' },
  'no-metadata': { type: 'boolean' },
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

export const ROTATE_HELP = `Usage: aegis-keys rotate [options]
       aegis-keys rotate --retire KEY_ID [options]

Replaces the server's keys with no downtime. Backs the file up to
<file>.backup-YYYYMMDDTHHMMSSZ (mode 0600), adds a new key beside the old
ones, and sets the old ones to expire after the grace period. Every file is
replaced atomically (a temporary file, then a rename): never half-written.

With an .env, the new key goes into MCP_API_KEYS as its sha256: digest. An
.env has no place for expiry dates: the grace period is kept in the metadata
files (check-age reports it), and an old key stops working when it is retired
and the server restarted. With a keys file (MCP_API_KEYS_FILE), the server
itself refuses an old key after its expires_at, and a running server picks up
the change without a restart.

Options:
  --env-file FILE       the .env that holds MCP_API_KEYS (default .env)
  --keys-file FILE      rotate a keys file (MCP_API_KEYS_FILE) instead
  --grace-days N        days the old keys keep working, 1 to 365 (default 7)
  --now                 emergency (a compromised key): the old keys stop working
                        at once (.env: removed from MCP_API_KEYS; keys file:
                        expired now, so their use is audited as expired_key)
  --key KEY_ID          rotate only this key (default: every key still valid)
  --retire KEY_ID       remove this key from the file, and its metadata file
  --description TEXT    what the new key is for
  --expires-in-days N   days until the new key expires (default 90; 0 = never)
  --repos LIST          the new key's repositories (owner/repo, owner/*;
                        keys file only); default: the replaced key's
  --toolsets LIST       the new key's toolsets (keys file only); default: the
                        replaced key's. Replacing several keys whose scopes
                        differ needs --key KEY_ID, one at a time.
  --metadata-dir DIR    metadata directory (default keys)
  --no-metadata         read and write no metadata file
  --json                print the result as JSON
  --yes                 ask nothing
  -h, --help            show this help

${EXIT_CODES}
Node.js itself checks the file after --env-file: when it is missing, node stops
with "node: FILE: not found" (exit 9) before aegis-keys runs.
`

export const CHECK_AGE_OPTIONS: OptionSpec = {
  'metadata-dir': { type: 'string' },
  'keys-file': { type: 'string' },
  'warn-days': { type: 'string' },
  'critical-days': { type: 'string' },
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

export const CHECK_AGE_HELP = `Usage: aegis-keys check-age [options]

Reports each key's age and expiry, from the metadata files (<DIR>/*.json) or
a keys file. For cron: the exit code is the worst finding, so

  aegis-keys check-age --metadata-dir /srv/aegis/keys || mail -s "aegis keys" ops

Options:
  --metadata-dir DIR    read the metadata files in DIR (default keys)
  --keys-file FILE      read a keys file (MCP_API_KEYS_FILE) instead
  --warn-days N         warn when a key expires within N days (default 14)
  --critical-days N     critical when a key expires within N days (default 7)
  --json                print {"checked_at", "status", "exit_code", "warn_days",
                        "critical_days", "keys": [{"key_id", "description",
                        "created_at", "expires_at", "age_days", "days_left",
                        "status", "repos", "toolsets"}]} (repos and toolsets:
                        the key's scope, null when it is not narrowed)
  --yes                 accepted for scripts; check-age never asks anything
  -h, --help            show this help

Exit codes:
  0    every key is fine
  1    a key expires within the warning days
  2    a key expires within the critical days
  3    a key has expired
  64   usage error: unknown option, bad or conflicting option values
  65   invalid input: a malformed line or file, no key found
  66   the file or directory is missing or unreadable
`

export const VERIFY_AUDIT_OPTIONS: OptionSpec = {
  'from-genesis': { type: 'boolean' },
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

export const VERIFY_AUDIT_HELP = `Usage: aegis-keys verify-audit [options] FILE [FILE...]

Checks the hash chain of the server's audit log (AUDIT_LOG_PATH). Every line
ends with two fields: prev_hash, the SHA-256 of the line before it (its exact
bytes, without the newline; the first line ever has 64 zeros), and hash, the
SHA-256 of the line's own text as written, minus the hash field. A line
changed, removed, moved or inserted breaks the chain where it happened; the
first such line is named:

  logs/audit.log: line 5 was changed: its text does not match its hash

Several files are checked as one chain, oldest first, each continuing from the
last line of the one before it (rotated files; names ending .gz are read
compressed):

  aegis-keys verify-audit logs/audit.log.2.gz logs/audit.log.1 logs/audit.log

The first file may continue a rotated one that is not given: its first line's
prev_hash is then taken as the start, and the output says "the chain starts
from a rotated file". The file is read as a stream: a large log needs little
memory. Lines removed from the very end of the newest file leave no trace in
it: keep the last_hash of --json somewhere else to compare with later.

Options:
  --from-genesis        the first file must start the chain (prev_hash of 64
                        zeros): refuse one that continues a rotated file
  --json                print {"ok", "files", "lines", "start" ("genesis",
                        "continued" or "empty"), "first_prev_hash", "last_hash",
                        "problem": null or {"file", "line", "kind", "message"}}
  --yes                 accepted for scripts; verify-audit never asks anything
  -h, --help            show this help

Exit codes:
  0    the hash chain holds
  1    a line was changed, removed, moved or inserted, or is not a whole record
       (a crash while writing leaves a cut-short last line): its number is named
  64   usage error: no file, an unknown option
  65   a .gz file that is not valid gzip
  66   a file is missing or unreadable
`
