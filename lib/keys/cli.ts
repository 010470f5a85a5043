import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { generateKey, keyHint, keyIdOf, sha256 } from '../api-keys.js'
import { checkAges, type AgeInput, type AgeReport } from './age.js'
import {
  CHECK_AGE_HELP, CHECK_AGE_OPTIONS, daysOption, exclusive, GENERAL_HELP, GENERATE_HELP, GENERATE_OPTIONS,
  keyIdOption, parseCommandLine, parseOptions, pathOption, ROTATE_HELP, ROTATE_OPTIONS, textOption, VERIFY_AUDIT_HELP,
  VERIFY_AUDIT_OPTIONS, type ParsedOptions
} from './args.js'
import { Changes } from './changes.js'
import { addDays, daysBetween, formatDate } from './dates.js'
import { readEnvKeys, writeEnvKeys } from './env-file.js'
import { CliError, describeFsError, EXIT } from './errors.js'
import { formatKeysFile, MAX_KEYS_FILE_BYTES, parseKeysFile, type KeysFileEntry } from './keys-file.js'
import { formatMetadata, metadataPath, readMetadata, readMetadataDir, type KeyMetadata } from './metadata.js'
import { parseEnvEntries, retiringExpiry, rotationTargets, withoutKey, type RotationOptions } from './rotation.js'
import { describeScope, readRepoScope, readToolsetScope, sameScope, splitScopeOption, type ScopeText } from './scope.js'
import { openAuditFiles, verifyAuditFiles } from './verify-audit.js'
import { askUntil, createPrompter, description, wholeNumber, yesNo, type Prompter } from './wizard.js'
import type { ChainReport } from '../audit-chain.js'

export interface Output { write (text: string): unknown }

/** Everything `aegis-keys` touches outside the file system, so tests can run it in process. */
export interface CliIo {
  stdout: Output
  stderr: Output
  stdin: NodeJS.ReadableStream
  /** Standard input and output are a terminal: the wizard may ask its questions. */
  interactive: boolean
  /** Relative paths are resolved against this directory. */
  cwd: string
  now: () => Date
}

const DEFAULT_EXPIRY_DAYS = 90
const MAX_EXPIRY_DAYS = 3650
const DEFAULT_GRACE_DAYS = 7
const COMMANDS = ['generate', 'rotate', 'check-age', 'verify-audit']

/** Runs `aegis-keys <argv>` and resolves to the exit code. Never throws. */
export async function runAegisKeys (argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv
  const name = command !== undefined && COMMANDS.includes(command) ? `aegis-keys ${command}` : 'aegis-keys'
  try {
    switch (command) {
      case undefined:
        io.stderr.write(GENERAL_HELP)
        return EXIT.USAGE
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(GENERAL_HELP)
        return EXIT.OK
      case 'generate': return await generate(args, io)
      case 'rotate': return await rotate(args, io)
      case 'check-age': return await checkAge(args, io)
      case 'verify-audit': return await verifyAudit(args, io)
      default: {
        // The word is shown only when it looks like a command, not like a key pasted in the wrong place.
        const shown = /^[A-Za-z-]{1,20}$/.test(command) ? ` "${command}"` : ''
        throw new CliError(EXIT.USAGE, `unknown command${shown}: expected generate, rotate, check-age or verify-audit (see aegis-keys --help)`)
      }
    }
  } catch (error) {
    if (error instanceof CliError) {
      const hint = error.exitCode === EXIT.USAGE && name !== 'aegis-keys' ? ` (see ${name} --help)` : ''
      io.stderr.write(`${name}: ${error.message}${hint}\n`)
      return error.exitCode
    }
    io.stderr.write(`${name}: unexpected error: ${oneLine((error as Error).message)}\n`)
    return 70
  }
}

function oneLine (text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 300)
}

// Text read from files is shown without control characters (no terminal escapes).
function printable (text: string): string {
  return text.replace(/\p{Cc}/gu, '?')
}

// ---------------------------------------------------------------- new keys

interface NewKey {
  key: string
  keyId: string
  /** 64 lowercase hex digits. */
  digest: string
  hint: string
  description: string
  createdAt: Date
  expiresAt: Date | null
  /** What the key is narrowed to (written into its keys file entry and metadata). */
  scope: ScopeText
}

function makeKey (descriptionText: string, expiresInDays: number, now: Date, scope: ScopeText = { repos: null, toolsets: null }): NewKey {
  const key = generateKey()
  return {
    key,
    keyId: keyIdOf(key),
    digest: sha256(key).toString('hex'),
    hint: keyHint(key),
    description: descriptionText,
    createdAt: now,
    expiresAt: expiresInDays === 0 ? null : addDays(now, expiresInDays),
    scope
  }
}

/** The scope fields of a keys file entry or metadata file: only those that narrow. */
function scopeFields (scope: ScopeText): { repos?: readonly string[], toolsets?: readonly string[] } {
  return { ...(scope.repos === null ? {} : { repos: scope.repos }), ...(scope.toolsets === null ? {} : { toolsets: scope.toolsets }) }
}

function scopeOf (entry: { repos?: readonly string[], toolsets?: readonly string[] }): ScopeText {
  return { repos: entry.repos ?? null, toolsets: entry.toolsets ?? null }
}

/** --repos and --toolsets, checked by the parsers the server uses; a field not given is undefined. */
interface ScopeOptions { repos?: string[], toolsets?: string[] }

function scopeOptions (options: ParsedOptions): ScopeOptions {
  const out: ScopeOptions = {}
  const problems: string[] = []
  if (options.repos !== undefined) {
    const { patterns, problems: found } = readRepoScope(splitScopeOption(String(options.repos)), '--repos')
    if (patterns !== null) out.repos = patterns
    problems.push(...found)
  }
  if (options.toolsets !== undefined) {
    const { names, problems: found } = readToolsetScope(splitScopeOption(String(options.toolsets)), '--toolsets')
    if (names !== null) out.toolsets = names
    problems.push(...found)
  }
  if (problems.length > 0) throw new CliError(EXIT.USAGE, problems.join('; '))
  return out
}

function givesScope (scope: ScopeOptions): boolean {
  return scope.repos !== undefined || scope.toolsets !== undefined
}

const SCOPE_NEEDS_KEYS_FILE = '--repos and --toolsets need --keys-file: MCP_API_KEYS has no place for a key\'s scope'

function envLine (key: NewKey): string {
  return `MCP_API_KEYS=sha256:${key.digest}`
}

function metadataOf (key: NewKey): KeyMetadata {
  return { keyId: key.keyId, description: key.description, createdAt: key.createdAt, expiresAt: key.expiresAt, hint: key.hint, ...scopeFields(key.scope) }
}

function keysFileEntryOf (key: NewKey): KeysFileEntry {
  return { keyId: key.keyId, digest: key.digest, description: key.description, createdAt: key.createdAt, expiresAt: key.expiresAt, ...scopeFields(key.scope) }
}

function newKeyJson (key: NewKey): Record<string, unknown> {
  return {
    key: key.key,
    key_id: key.keyId,
    digest: `sha256:${key.digest}`,
    hint: key.hint,
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    env_line: envLine(key),
    ...scopeFields(key.scope)
  }
}

function expiryText (expiresAt: Date | null, now: Date): string {
  if (expiresAt === null) return 'never'
  const days = daysBetween(now, expiresAt)
  return `${formatDate(expiresAt)} (in ${days} day${days === 1 ? '' : 's'})`
}

function printNewKey (out: Output, key: NewKey, now: Date): void {
  out.write([
    'New API key (shown only this once: put it in the client\'s secret store now):',
    '',
    `  ${key.key}`,
    '',
    `  key id    ${key.keyId}`,
    `  hint      ${key.hint}`,
    `  digest    sha256:${key.digest}`,
    `  created   ${formatDate(key.createdAt)}`,
    `  expires   ${expiryText(key.expiresAt, now)}`,
    ...(describeScope(key.scope) === '' ? [] : [`  scope     ${describeScope(key.scope)}`]),
    ''
  ].join('\n') + '\n')
}

// ---------------------------------------------------------------- files

interface InputFile {
  /** As given (for messages). */
  shown: string
  path: string
  bytes: Buffer
  text: string
}

async function readInput (shown: string, cwd: string): Promise<InputFile>
async function readInput (shown: string, cwd: string, missingOk: true): Promise<InputFile | null>
async function readInput (shown: string, cwd: string, missingOk = false): Promise<InputFile | null> {
  const path = resolve(cwd, shown)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if (missingOk && (error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new CliError(EXIT.NO_INPUT, `cannot read ${describeFsError(error, shown)}`)
  }
  return { shown, path, bytes, text: bytes.toString('utf8') }
}

function keysFileEntries (file: InputFile): KeysFileEntry[] {
  if (file.bytes.length > MAX_KEYS_FILE_BYTES) throw new CliError(EXIT.DATA, `${file.shown}: larger than ${MAX_KEYS_FILE_BYTES} bytes; is it a keys file?`)
  const { entries, problems } = parseKeysFile(file.text)
  if (problems.length > 0) throw new CliError(EXIT.DATA, `${file.shown}: ${problems.join('; ')}`)
  return entries
}

// ---------------------------------------------------------------- generate

async function generate (args: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(args, GENERATE_OPTIONS)
  if (options.help === true) {
    io.stdout.write(GENERATE_HELP)
    return EXIT.OK
  }
  exclusive(options, 'no-metadata', 'metadata-dir')
  let descriptionText = textOption(options.description, '--description') ?? ''
  let expiresInDays = daysOption(options['expires-in-days'], '--expires-in-days', 0, MAX_EXPIRY_DAYS, DEFAULT_EXPIRY_DAYS)
  const metadataDirShown = pathOption(options['metadata-dir'], '--metadata-dir') ?? 'keys'
  let writeMetadataFile = options['no-metadata'] !== true
  const keysFileShown = pathOption(options['keys-file'], '--keys-file')
  const scope = scopeOptions(options)
  if (givesScope(scope) && keysFileShown === undefined) throw new CliError(EXIT.USAGE, SCOPE_NEEDS_KEYS_FILE)

  if (io.interactive && args.length === 0) {
    const answers = await withPrompter(io, async prompter => {
      const what = await askUntil(prompter, io.stdout, 'Description (what or who the key is for): ', description)
      if (what === null) return null
      const days = await askUntil(prompter, io.stdout, `Days until it expires, 0 = never [${DEFAULT_EXPIRY_DAYS}]: `, wholeNumber(0, MAX_EXPIRY_DAYS, DEFAULT_EXPIRY_DAYS))
      if (days === null) return null
      const metadata = await askUntil(prompter, io.stdout, `Write a metadata file to ${metadataDirShown}/ (never the key) [Y/n]: `, yesNo(true))
      if (metadata === null) return null
      return { what: what.value, days: days.value, metadata: metadata.value }
    })
    if (answers === null) return cancelled(io)
    descriptionText = answers.what
    expiresInDays = answers.days
    writeMetadataFile = answers.metadata
    io.stdout.write('\n')
  }

  const now = io.now()
  // Read and check everything before any file is written.
  let keysFile: { file: InputFile | null, path: string, entries: KeysFileEntry[] } | null = null
  if (keysFileShown !== undefined) {
    const file = await readInput(keysFileShown, io.cwd, true)
    keysFile = { file, path: resolve(io.cwd, keysFileShown), entries: file === null ? [] : keysFileEntries(file) }
  }
  const key = makeKey(descriptionText, expiresInDays, now, { repos: scope.repos ?? null, toolsets: scope.toolsets ?? null })
  const metadataDir = resolve(io.cwd, metadataDirShown)
  const metadataFile = metadataPath(metadataDir, key.keyId)

  const changes = new Changes()
  if (writeMetadataFile) {
    await changes.ensureDir(metadataDir)
    await changes.write(metadataFile, formatMetadata(metadataOf(key)), 0o600)
  }
  if (keysFile !== null) {
    const before = keysFile.file === null ? '' : keysFile.file.text
    const separator = before === '' || before.endsWith('\n') ? '' : '\n'
    await changes.write(keysFile.path, before + separator + formatKeysFile([keysFileEntryOf(key)]))
  }

  if (options.json === true) {
    io.stdout.write(JSON.stringify(newKeyJson(key)) + '\n')
    return EXIT.OK
  }
  printNewKey(io.stdout, key, now)
  const lines: string[] = []
  if (keysFile !== null) {
    lines.push(`Added to ${keysFileShown ?? ''} (its digest only). A running server with MCP_API_KEYS_FILE=${keysFileShown ?? ''}`,
      'picks it up by itself within a second (or send it SIGHUP).', '')
  } else {
    lines.push('Add it to the server\'s .env as its digest (the server never needs the key itself):', '',
      `  ${envLine(key)}`, '',
      'With keys already there, append it to MCP_API_KEYS after a comma; then restart the server.', '')
  }
  lines.push(writeMetadataFile ? `Metadata: ${metadataPath(metadataDirShown, key.keyId)} (mode 0600)` : 'Metadata: none written')
  io.stdout.write(lines.join('\n') + '\n')
  return EXIT.OK
}

async function withPrompter<T> (io: CliIo, ask: (prompter: Prompter) => Promise<T>): Promise<T> {
  const prompter = createPrompter(io.stdin, io.stdout)
  try {
    return await ask(prompter)
  } finally {
    prompter.close()
  }
}

function cancelled (io: CliIo): number {
  io.stderr.write('\ncancelled; nothing was changed\n')
  return EXIT.WARNING
}

// ---------------------------------------------------------------- rotate

interface RotateSettings {
  target: { kind: 'env' | 'keys', shown: string }
  rotation: RotationOptions
  retire: string | undefined
  description: string | undefined
  expiresInDays: number
  scope: ScopeOptions
  metadataDir: { shown: string, path: string } | null
  json: boolean
}

async function rotate (args: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(args, ROTATE_OPTIONS)
  if (options.help === true) {
    io.stdout.write(ROTATE_HELP)
    return EXIT.OK
  }
  const settings = rotateSettings(options, io)

  if (io.interactive && args.length === 0) {
    const go = await withPrompter(io, async prompter => {
      const grace = await askUntil(prompter, io.stdout, `Days the old keys keep working beside the new one [${DEFAULT_GRACE_DAYS}]: `, wholeNumber(1, 365, DEFAULT_GRACE_DAYS))
      if (grace === null) return false
      settings.rotation.graceDays = grace.value
      const what = await askUntil(prompter, io.stdout, 'Description of the new key: ', description)
      if (what === null) return false
      settings.description = what.value === '' ? undefined : what.value
      const sure = await askUntil(prompter, io.stdout, `Back up ${settings.target.shown}, add a new key and let the old ones expire in ${grace.value} days? [y/N]: `, yesNo(false))
      return sure?.value === true
    })
    if (!go) return cancelled(io)
    io.stdout.write('\n')
  }

  const file = await readInput(settings.target.shown, io.cwd)
  if (settings.retire !== undefined) return await retire(file, settings.retire, settings, io)
  return settings.target.kind === 'env' ? await rotateEnv(file, settings, io) : await rotateKeysFile(file, settings, io)
}

function rotateSettings (options: ParsedOptions, io: CliIo): RotateSettings {
  exclusive(options, 'env-file', 'keys-file')
  exclusive(options, 'now', 'grace-days')
  exclusive(options, 'no-metadata', 'metadata-dir')
  for (const other of ['now', 'grace-days', 'key', 'description', 'expires-in-days', 'repos', 'toolsets']) exclusive(options, 'retire', other)
  const keysFile = pathOption(options['keys-file'], '--keys-file')
  const scope = scopeOptions(options)
  if (givesScope(scope) && keysFile === undefined) throw new CliError(EXIT.USAGE, SCOPE_NEEDS_KEYS_FILE)
  const metadataDirShown = pathOption(options['metadata-dir'], '--metadata-dir') ?? 'keys'
  return {
    target: keysFile !== undefined ? { kind: 'keys', shown: keysFile } : { kind: 'env', shown: pathOption(options['env-file'], '--env-file') ?? '.env' },
    rotation: {
      now: io.now(),
      graceDays: daysOption(options['grace-days'], '--grace-days', 1, 365, DEFAULT_GRACE_DAYS),
      immediate: options.now === true,
      only: keyIdOption(options.key, '--key') ?? null
    },
    retire: keyIdOption(options.retire, '--retire'),
    description: textOption(options.description, '--description'),
    expiresInDays: daysOption(options['expires-in-days'], '--expires-in-days', 0, MAX_EXPIRY_DAYS, DEFAULT_EXPIRY_DAYS),
    scope,
    metadataDir: options['no-metadata'] === true ? null : { shown: metadataDirShown, path: resolve(io.cwd, metadataDirShown) },
    json: options.json === true
  }
}

interface Retiring { keyId: string, expiresAt: Date, removed: boolean }

function newKeyFor (settings: RotateSettings, retiring: ReadonlyArray<{ description: string | null, scope?: ScopeText }>): NewKey {
  const { now } = settings.rotation
  const inherited = retiring.length === 1 && retiring[0]?.description != null && retiring[0].description !== '' ? retiring[0].description : undefined
  const text = settings.description ?? inherited ?? `rotated ${now.toISOString().slice(0, 10)}`
  return makeKey(text, settings.expiresInDays, now, successorScope(settings.scope, retiring.map(r => r.scope ?? { repos: null, toolsets: null })))
}

/**
 * The new key's scope: what --repos and --toolsets say, else the replaced
 * keys' (a successor is never wider than the key it replaces). Keys whose
 * scopes differ cannot share one successor: that would widen one of them.
 */
function successorScope (given: ScopeOptions, replaced: readonly ScopeText[]): ScopeText {
  const pick = (field: keyof ScopeText, option: string): readonly string[] | null => {
    const chosen = given[field]
    if (chosen !== undefined) return chosen
    const first = replaced[0]
    if (first === undefined) return null
    const only = (scope: ScopeText): ScopeText => ({ repos: null, toolsets: null, [field]: scope[field] })
    if (replaced.some(scope => !sameScope(only(scope), only(first)))) {
      throw new CliError(EXIT.DATA, `the keys being replaced have different ${field}: rotate them one at a time (--key KEY_ID), or give ${option} for the new key`)
    }
    return first[field]
  }
  return { repos: pick('repos', '--repos'), toolsets: pick('toolsets', '--toolsets') }
}

async function rotateEnv (file: InputFile, settings: RotateSettings, io: CliIo): Promise<number> {
  const { rotation, metadataDir } = settings
  const envKeys = envKeysOf(file)
  const entries = parseEnvEntries(envKeys.entries, envKeys.lineNumber === null ? file.shown : `${file.shown} line ${envKeys.lineNumber}`)
  const metadata = new Map<string, KeyMetadata | null>()
  if (metadataDir !== null) for (const entry of entries) metadata.set(entry.keyId, await readMetadata(metadataDir.path, entry.keyId))
  // In an .env every listed key works until it is removed.
  const targets = rotationTargets(entries.map(entry => ({ ...entry, expiresAt: null })), rotation)
  const key = newKeyFor(settings, targets.map(target => ({ description: metadata.get(target.keyId)?.description ?? null })))
  const retiring: Retiring[] = targets.map(target => ({
    keyId: target.keyId,
    expiresAt: retiringExpiry(metadata.get(target.keyId)?.expiresAt ?? null, rotation),
    removed: rotation.immediate
  }))
  const removed = new Set(rotation.immediate ? targets.map(target => target.keyId) : [])
  const kept = entries.filter(entry => !removed.has(entry.keyId))
  const text = writeEnvKeys(file.text, [...kept.map(entry => entry.raw), `sha256:${key.digest}`])

  const changes = new Changes()
  const backup = await changes.backup(file.path, file.bytes, rotation.now)
  await changes.write(file.path, text)
  if (metadataDir !== null) {
    await changes.ensureDir(metadataDir.path)
    await changes.write(metadataPath(metadataDir.path, key.keyId), formatMetadata(metadataOf(key)), 0o600)
    // The grace period of an .env key lives in its metadata: written even for a key that had none.
    for (const [index, target] of targets.entries()) {
      const before = metadata.get(target.keyId) ?? null
      const hint = before?.hint ?? (target.plain ? keyHint(target.raw) : null)
      const expiresAt = retiring[index]?.expiresAt ?? rotation.now
      const updated: KeyMetadata = { keyId: target.keyId, description: before?.description ?? '', createdAt: before?.createdAt ?? null, hint, expiresAt }
      await changes.write(metadataPath(metadataDir.path, target.keyId), formatMetadata(updated), 0o600)
    }
  }
  return reportRotation(io, settings, file, backup, key, retiring)
}

function envKeysOf (file: InputFile): ReturnType<typeof readEnvKeys> {
  try {
    return readEnvKeys(file.text)
  } catch (error) {
    throw new CliError(EXIT.DATA, `${file.shown}: ${(error as Error).message}`)
  }
}

async function rotateKeysFile (file: InputFile, settings: RotateSettings, io: CliIo): Promise<number> {
  const { rotation, metadataDir } = settings
  const entries = keysFileEntries(file)
  const targets = rotationTargets(entries, rotation)
  const key = newKeyFor(settings, targets.map(target => ({ description: target.description, scope: scopeOf(target) })))
  const retiring: Retiring[] = targets.map(target => ({ keyId: target.keyId, expiresAt: retiringExpiry(target.expiresAt, rotation), removed: false }))
  const updated = entries.map(entry => {
    const change = retiring.find(r => r.keyId === entry.keyId)
    return change === undefined ? entry : { ...entry, expiresAt: change.expiresAt }
  })
  const metadata = new Map<string, KeyMetadata>()
  if (metadataDir !== null) {
    for (const target of targets) {
      const before = await readMetadata(metadataDir.path, target.keyId)
      if (before !== null) metadata.set(target.keyId, before)
    }
  }

  const changes = new Changes()
  const backup = await changes.backup(file.path, file.bytes, rotation.now)
  await changes.write(file.path, formatKeysFile([...updated, keysFileEntryOf(key)]))
  if (metadataDir !== null) {
    await changes.ensureDir(metadataDir.path)
    await changes.write(metadataPath(metadataDir.path, key.keyId), formatMetadata(metadataOf(key)), 0o600)
    // Metadata of the old keys, where there is some, follows the keys file.
    for (const change of retiring) {
      const before = metadata.get(change.keyId)
      if (before !== undefined) await changes.write(metadataPath(metadataDir.path, change.keyId), formatMetadata({ ...before, expiresAt: change.expiresAt }), 0o600)
    }
  }
  return reportRotation(io, settings, file, backup, key, retiring)
}

function reportRotation (io: CliIo, settings: RotateSettings, file: InputFile, backup: string, key: NewKey, retiring: Retiring[]): number {
  const { now, immediate } = settings.rotation
  const backupShown = `${file.shown}${backup.slice(file.path.length)}`
  if (settings.json) {
    io.stdout.write(JSON.stringify({
      ...newKeyJson(key),
      file: file.shown,
      backup: backupShown,
      retiring: retiring.map(r => ({ key_id: r.keyId, expires_at: r.expiresAt.toISOString(), removed: r.removed }))
    }) + '\n')
    return EXIT.OK
  }
  const env = settings.target.kind === 'env'
  const flag = env ? `--env-file ${file.shown}` : `--keys-file ${file.shown}`
  const lines = [`Backed up ${file.shown} to ${backupShown} (mode 0600).`, '']
  io.stdout.write(lines.join('\n') + '\n')
  printNewKey(io.stdout, key, now)
  const out: string[] = []
  out.push(env
    ? `${file.shown}: MCP_API_KEYS now holds the new key's digest${retiring.length > 0 && !immediate ? ' beside the old key(s)' : ''}.`
    : `${file.shown}: the new key's entry was added.`)
  if (retiring.length === 0) out.push('No current key was found to replace; the new key was added.')
  for (const r of retiring) {
    out.push(immediate
      ? `  ${r.keyId}  ${env ? 'removed from MCP_API_KEYS' : 'expired now'}`
      : `  ${r.keyId}  keeps working until ${formatDate(r.expiresAt)}`)
  }
  out.push('', 'Steps left:', '  1. Give the new key to the client(s) and switch them over.')
  if (env) {
    out.push(immediate
      ? '  2. Restart the server NOW: until it restarts, the old key(s) still work.'
      : '  2. Restart the server so it reads the new MCP_API_KEYS (the old and new keys both work).')
  } else {
    out.push(immediate
      ? '  2. A running server refuses the old key(s) as soon as it re-reads the file (within a second, or send it SIGHUP).'
      : '  2. Nothing to restart: a running server re-reads the keys file when it changes (or on SIGHUP).')
  }
  if (retiring.length > 0) {
    const deadline = immediate ? '' : `, before ${formatDate(retiring.map(r => r.expiresAt).sort((a, b) => a.getTime() - b.getTime())[0] ?? now)}`
    out.push(`  3. Once every client uses the new key${deadline}, retire the old one(s):`)
    for (const r of retiring) out.push(`       aegis-keys rotate ${flag} --retire ${r.keyId}`)
    if (env && !immediate) out.push('     then restart the server again.')
  }
  if (env && settings.metadataDir === null && !immediate && retiring.length > 0) {
    out.push('', 'Note: with --no-metadata the grace period is recorded nowhere; check-age cannot remind you to retire the old key(s).')
  }
  io.stdout.write(out.join('\n') + '\n')
  return EXIT.OK
}

async function retire (file: InputFile, keyId: string, settings: RotateSettings, io: CliIo): Promise<number> {
  const { metadataDir } = settings
  let inFile: boolean
  let text = ''
  if (settings.target.kind === 'env') {
    const envKeys = envKeysOf(file)
    const entries = parseEnvEntries(envKeys.entries, envKeys.lineNumber === null ? file.shown : `${file.shown} line ${envKeys.lineNumber}`)
    inFile = entries.some(entry => entry.keyId === keyId)
    if (inFile) text = writeEnvKeys(file.text, withoutKey(entries, entry => entry.keyId, keyId, file.shown).map(entry => entry.raw))
  } else {
    const entries = keysFileEntries(file)
    inFile = entries.some(entry => entry.keyId === keyId)
    if (inFile) text = formatKeysFile(withoutKey(entries, entry => entry.keyId, keyId, file.shown))
  }
  const metadata = metadataDir === null ? null : await readMetadata(metadataDir.path, keyId)
  if (!inFile && metadata === null) {
    throw new CliError(EXIT.DATA, `key id ${keyId} is not in ${file.shown}${metadataDir === null ? '' : ` and has no metadata in ${metadataDir.shown}`}`)
  }

  const changes = new Changes()
  const backup = inFile ? await changes.backup(file.path, file.bytes, settings.rotation.now) : null
  if (inFile) await changes.write(file.path, text)
  if (metadataDir !== null && metadata !== null) await changes.remove(metadataPath(metadataDir.path, keyId))
  const backupShown = backup === null ? null : `${file.shown}${backup.slice(file.path.length)}`
  const metadataShown = metadataDir === null || metadata === null ? null : metadataPath(metadataDir.shown, keyId)

  if (settings.json) {
    io.stdout.write(JSON.stringify({ retired: keyId, file: file.shown, backup: backupShown, removed_from_file: inFile, metadata_removed: metadataShown !== null }) + '\n')
    return EXIT.OK
  }
  const out: string[] = []
  if (backupShown !== null) out.push(`Backed up ${file.shown} to ${backupShown} (mode 0600).`)
  out.push(inFile ? `Retired key ${keyId}: removed from ${file.shown}.` : `Key ${keyId} was no longer in ${file.shown}.`)
  if (metadataShown !== null) out.push(`Deleted its metadata ${metadataShown}.`)
  if (inFile) {
    out.push(settings.target.kind === 'env'
      ? 'Restart the server: until then the key still works.'
      : 'A running server stops accepting it as soon as it re-reads the file (within a second, or send it SIGHUP).')
  }
  io.stdout.write(out.join('\n') + '\n')
  return EXIT.OK
}

// ---------------------------------------------------------------- check-age

async function checkAge (args: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(args, CHECK_AGE_OPTIONS)
  if (options.help === true) {
    io.stdout.write(CHECK_AGE_HELP)
    return EXIT.OK
  }
  exclusive(options, 'metadata-dir', 'keys-file')
  const warnDays = daysOption(options['warn-days'], '--warn-days', 0, MAX_EXPIRY_DAYS, 14)
  const criticalDays = daysOption(options['critical-days'], '--critical-days', 0, MAX_EXPIRY_DAYS, 7)
  if (criticalDays > warnDays) throw new CliError(EXIT.USAGE, '--critical-days must not be more than --warn-days')
  const keysFileShown = pathOption(options['keys-file'], '--keys-file')
  const metadataDirShown = pathOption(options['metadata-dir'], '--metadata-dir') ?? 'keys'

  let keys: AgeInput[]
  let source: string
  if (keysFileShown !== undefined) {
    keys = keysFileEntries(await readInput(keysFileShown, io.cwd))
    source = keysFileShown
  } else {
    keys = await readMetadataDir(resolve(io.cwd, metadataDirShown))
    source = `${metadataDirShown}/`
  }
  if (keys.length === 0) throw new CliError(EXIT.DATA, `no key found in ${source}`)

  const now = io.now()
  const report = checkAges(keys, { now, warnDays, criticalDays })
  if (options.json === true) {
    io.stdout.write(JSON.stringify(ageJson(report, now, warnDays, criticalDays)) + '\n')
  } else {
    io.stdout.write(ageText(report, source, warnDays, criticalDays))
  }
  return report.exitCode
}

function ageJson (report: AgeReport, now: Date, warnDays: number, criticalDays: number): Record<string, unknown> {
  return {
    checked_at: now.toISOString(),
    status: report.status,
    exit_code: report.exitCode,
    warn_days: warnDays,
    critical_days: criticalDays,
    keys: report.keys.map(key => ({
      key_id: key.keyId,
      description: key.description,
      created_at: key.createdAt?.toISOString() ?? null,
      expires_at: key.expiresAt?.toISOString() ?? null,
      age_days: key.ageDays,
      days_left: key.daysLeft,
      status: key.status,
      repos: key.repos ?? null,
      toolsets: key.toolsets ?? null
    }))
  }
}

function relativeDays (days: number, expired: boolean): string {
  if (days === 0) return expired ? 'expired today' : 'today'
  return expired ? `expired ${Math.abs(days)}d ago` : `in ${days}d`
}

const STATUS_TEXT = { ok: 'ok', warning: 'WARNING', critical: 'CRITICAL', expired: 'EXPIRED' } as const

function ageText (report: AgeReport, source: string, warnDays: number, criticalDays: number): string {
  const lines = [`${report.keys.length} key(s) in ${source} (warning within ${warnDays} days, critical within ${criticalDays}):`, '']
  lines.push('  KEY ID        STATUS    AGE      EXPIRES')
  for (const key of report.keys) {
    const age = key.ageDays === null ? '?' : `${key.ageDays}d`
    const expires = key.expiresAt === null ? 'never' : `${formatDate(key.expiresAt)} (${relativeDays(key.daysLeft ?? 0, key.status === 'expired')})`
    const what = key.description === '' ? '' : `  ${printable(key.description)}`
    const scope = briefScope(scopeOf(key))
    lines.push(`  ${key.keyId}  ${STATUS_TEXT[key.status].padEnd(8)}  ${age.padEnd(7)}  ${expires}${what}${scope === '' ? '' : `  [${scope}]`}`)
  }
  const verdict = {
    ok: 'Every key is fine.',
    warning: `A key expires within ${warnDays} days: rotate it (aegis-keys rotate), or retire it if it has been replaced.`,
    critical: `A key expires within ${criticalDays} days: rotate it now (aegis-keys rotate), or retire it if it has been replaced.`,
    expired: 'A key has expired: rotate it, then retire the expired one (aegis-keys rotate --retire KEY_ID).'
  }[report.status]
  lines.push('', verdict)
  return lines.join('\n') + '\n'
}

/** A key's scope in a few words: the first repositories and how many more. */
function briefScope (scope: ScopeText): string {
  const repos = scope.repos === null || scope.repos.length <= 2 ? scope.repos : [...scope.repos.slice(0, 2), `+${scope.repos.length - 2} more`]
  return printable(describeScope({ repos, toolsets: scope.toolsets }))
}

// ---------------------------------------------------------------- verify-audit

async function verifyAudit (args: readonly string[], io: CliIo): Promise<number> {
  const { values: options, positionals: names } = parseCommandLine(args, VERIFY_AUDIT_OPTIONS)
  if (options.help === true) {
    io.stdout.write(VERIFY_AUDIT_HELP)
    return EXIT.OK
  }
  if (names.length === 0) throw new CliError(EXIT.USAGE, 'name the audit log file to check')
  const files = await openAuditFiles(names, io.cwd)
  const report = await verifyAuditFiles(files, { fromGenesis: options['from-genesis'] === true })
  if (options.json === true) {
    io.stdout.write(JSON.stringify(chainJson(report, names)) + '\n')
  } else {
    io.stdout.write(chainText(report, names) + '\n')
  }
  return report.problem === null ? EXIT.OK : 1
}

function chainJson (report: ChainReport, names: readonly string[]): Record<string, unknown> {
  return {
    ok: report.problem === null,
    files: names.map(printable),
    lines: report.lines,
    start: report.start,
    first_prev_hash: report.firstPrevHash,
    last_hash: report.lastHash,
    problem: report.problem === null ? null : { ...report.problem, file: printable(report.problem.file) }
  }
}

function chainText (report: ChainReport, names: readonly string[]): string {
  if (report.problem !== null) return `${printable(report.problem.file)}: ${report.problem.message}`
  const count = `${report.lines} line${report.lines === 1 ? '' : 's'}${names.length > 1 ? ` in ${names.length} files` : ''}`
  const start = {
    genesis: ', from the genesis value)',
    empty: ')',
    continued: `); the chain starts from a rotated file: its first line continues from prev_hash ${report.firstPrevHash ?? ''}, the last line of the file before it (give that file first to check the link)`
  }[report.start]
  return `${names.map(printable).join(', ')}: the hash chain holds (${count}${start}`
}
