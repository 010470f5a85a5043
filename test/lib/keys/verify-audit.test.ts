// `aegis-keys verify-audit` against a real audit log: written by the server across a restart and a
// rotation, then copied and tampered with, one way per copy.
import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { sealLine } from '../../../lib/audit-chain.js'
import { runAegisKeys } from '../../../lib/keys/cli.js'
import { linesOf } from '../../../lib/keys/verify-audit.js'
import { bearer, buildTestApp, KEY_ONE } from '../../helpers/app.js'

interface Run { code: number, stdout: string, stderr: string }

async function verify (cwd: string, ...args: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const stdin = new PassThrough()
  stdin.end()
  const code = await runAegisKeys(['verify-audit', ...args], {
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: (text: string) => { stderr += text } },
    stdin,
    interactive: false,
    cwd,
    now: () => new Date()
  })
  return { code, stdout, stderr }
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex')

/** A few requests of every kind the audit log records. */
async function someRequests (app: Awaited<ReturnType<typeof buildTestApp>>['app']): Promise<void> {
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer('agm_wrong_key_0000000000000000000000000000000') })
  await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'get_repository_info', arguments: { owner: 'acme', repo: 'website' } } })
}

/**
 * The server writes audit.log, is restarted on the same file, then the file is rotated as
 * logrotate does (moved, then the server told to reopen): audit.log.1 holds both runs up to the
 * move, audit.log what came after.
 */
async function writeServerLog (t: Test): Promise<{ dir: string, rotated: string[], current: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-verify-'))
  const path = join(dir, 'audit.log')
  const env = { AUDIT_LOG_PATH: path }
  const first = await buildTestApp(t, { env, auditStream: undefined })
  await first.app.listen({ host: '127.0.0.1', port: 0 })
  await someRequests(first.app)
  await first.app.close()

  const second = await buildTestApp(t, { env, auditStream: undefined })
  await second.app.listen({ host: '127.0.0.1', port: 0 })
  await someRequests(second.app)
  renameSync(path, `${path}.1`)
  second.app.audit.reopen()
  await someRequests(second.app)
  await second.app.close()
  const lines = (name: string): string[] => readFileSync(join(dir, name), 'utf8').split('\n').slice(0, -1)
  return { dir, rotated: lines('audit.log.1'), current: lines('audit.log') }
}

function writeLines (dir: string, name: string, lines: string[]): string {
  writeFileSync(join(dir, name), lines.map(line => `${line}\n`).join(''))
  return name
}

t.test('a log written by the server, across a restart and a rotation, verifies', async t => {
  const { dir, rotated, current } = await writeServerLog(t)
  t.ok(rotated.length >= 10, `${rotated.length} lines before the rotation`)
  t.ok(current.length >= 4, `${current.length} lines after it`)
  const records = [...rotated, ...current].map(line => JSON.parse(line) as Record<string, unknown>)
  t.equal(records[0]?.prev_hash, '0'.repeat(64), 'the first line ever starts from the genesis value')
  const restart = records.findIndex((record, index) => index > 0 && record.event === 'server_start')
  t.ok(restart > 0, 'the log holds a restart')
  t.equal(records[restart]?.prev_hash, sha256Hex(rotated[restart - 1] ?? ''), 'after a restart the chain continues from the last line of the file')
  t.equal(records[rotated.length]?.prev_hash, sha256Hex(rotated.at(-1) ?? ''), 'the new file chains to the last line of the rotated one')

  const whole = await verify(dir, 'audit.log.1')
  t.equal(whole.code, 0, whole.stdout + whole.stderr)
  t.match(whole.stdout, /^audit\.log\.1: the hash chain holds \(\d+ lines, from the genesis value\)\n$/)

  const continued = await verify(dir, 'audit.log')
  t.equal(continued.code, 0, continued.stdout)
  t.match(continued.stdout, /chain starts from a rotated file/, 'a file that continues another says so')

  const both = await verify(dir, 'audit.log.1', 'audit.log')
  t.equal(both.code, 0, both.stdout)
  t.match(both.stdout, new RegExp(`${rotated.length + current.length} lines in 2 files, from the genesis value`))

  const strict = await verify(dir, '--from-genesis', 'audit.log')
  t.equal(strict.code, 1, '--from-genesis refuses a file that continues another')
  t.match(strict.stdout, /^audit\.log: line 1 /)

  const gz = 'audit.log.1.gz'
  writeFileSync(join(dir, gz), gzipSync(readFileSync(join(dir, 'audit.log.1'))))
  const compressed = await verify(dir, gz, 'audit.log')
  t.equal(compressed.code, 0, `files logrotate compressed are read too: ${compressed.stdout}`)

  const json = await verify(dir, '--json', 'audit.log.1', 'audit.log')
  t.equal(json.code, 0)
  t.same(JSON.parse(json.stdout), {
    ok: true,
    files: ['audit.log.1', 'audit.log'],
    lines: rotated.length + current.length,
    start: 'genesis',
    first_prev_hash: '0'.repeat(64),
    last_hash: sha256Hex(current.at(-1) ?? ''),
    problem: null
  })

  t.test('every way of tampering is caught at the first line that is not as it was written', async t => {
    const cases: Array<[string, string[], number, RegExp]> = [
      ['a field of line 5 edited', rotated.map((line, i) => i === 4 ? line.replace('"client_ip":null', '"client_ip":"10.9.9.9"').replace('"client_ip":"127.0.0.1"', '"client_ip":"10.9.9.9"') : line), 5, /line 5 was changed/],
      ['line 5 deleted', rotated.filter((_line, i) => i !== 4), 5, /line 5 does not follow line 4: a line before it was removed/],
      ['lines 4 and 5 swapped', rotated.map((line, i) => rotated[i === 3 ? 4 : i === 4 ? 3 : i] ?? line), 4, /line 4 was inserted or moved here/],
      ['a copy of line 2 inserted as line 5', [...rotated.slice(0, 4), rotated[1] ?? '', ...rotated.slice(4)], 5, /line 5 was inserted or moved here/],
      ['line 5 repeated', [...rotated.slice(0, 5), rotated[4] ?? '', ...rotated.slice(5)], 6, /line 6 is a copy of line 5/],
      ['a forged line, its hashes made right, inserted as line 5', [...rotated.slice(0, 4), sealLine('{"severity":"info","event":"forged"}\n', sha256Hex(rotated[3] ?? '')).line, ...rotated.slice(4)], 5, /line 5 was inserted or moved here: line 6 follows line 4/],
      ['line 5 edited and its own hash recomputed', rotated.map((line, i) => i === 4 ? resealed(line) : line), 6, /line 6 does not follow line 5: .*line 5 was changed and its hash recomputed/],
      ['the last line cut short, as a crash leaves it', [...rotated.slice(0, -1), (rotated.at(-1) ?? '').slice(0, 40)], rotated.length, new RegExp(`line ${rotated.length} is cut short: .*crash`)],
      ['a line that is not JSON', [...rotated.slice(0, 2), 'not json', ...rotated.slice(2)], 3, /line 3 is not a JSON object/],
      ['an empty line', [...rotated.slice(0, 2), '', ...rotated.slice(2)], 3, /line 3 is empty/],
      ['a line without the chain fields', [...rotated.slice(0, 2), '{"severity":"info","event":"auth_success"}', ...rotated.slice(2)], 3, /line 3 has no prev_hash and hash/]
    ]
    for (const [what, lines, number, message] of cases) {
      const name = writeLines(dir, `tampered-${number}.log`, lines)
      // The cut-short line is the file's end: no newline after it.
      if (what.includes('cut short')) writeFileSync(join(dir, name), lines.join('\n'))
      const result = await verify(dir, name)
      t.equal(result.code, 1, `${what}: exit 1`)
      t.match(result.stdout, new RegExp(`^${name.replace('.', '\\.')}: line ${number} `), `${what}: line ${number} is named first`)
      t.match(result.stdout, message, `${what}: ${String(message)}`)
      t.equal(result.stdout.split('\n').length, 2, `${what}: one line`)
      const json = JSON.parse((await verify(dir, '--json', name)).stdout) as { ok: boolean, problem: { file: string, line: number } }
      t.match(json, { ok: false, problem: { file: name, line: number } }, `${what}: --json names it too`)
    }
  })

  t.test('a file removed from between two others, or the end of the older one cut, breaks the link', async t => {
    const name = writeLines(dir, 'shortened.log.1', rotated.slice(0, -1))
    const result = await verify(dir, name, 'audit.log')
    t.equal(result.code, 1)
    t.match(result.stdout, /^audit\.log: line 1 does not follow shortened\.log\.1 line \d+/)
  })
})

/** The line with one field changed and its own hash made right again (its prev_hash left). */
function resealed (line: string): string {
  const record = line.replace(/,"hash":"[0-9a-f]{64}"\}$/, '}').replace('"severity":"info"', '"severity":"high"')
  const prev = /,"prev_hash":"([0-9a-f]{64})"\}$/.exec(record)?.[1] ?? ''
  return sealLine(record.replace(/,"prev_hash":"[0-9a-f]{64}"\}$/, '}') + '\n', prev).line
}

t.test('verify-audit: help, usage errors and unreadable files', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-verify-'))
  const help = await verify(dir, '--help')
  t.equal(help.code, 0)
  t.match(help.stdout, /^Usage: aegis-keys verify-audit \[options\] FILE/)
  for (const text of ['--from-genesis', '--json', 'prev_hash', 'hash']) t.match(help.stdout, text)

  const none = await verify(dir)
  t.equal(none.code, 64, 'no file is a usage error')
  t.equal(none.stderr, 'aegis-keys verify-audit: name the audit log file to check (see aegis-keys verify-audit --help)\n')

  const missing = await verify(dir, 'nope.log')
  t.equal(missing.code, 66, 'a missing file is the CLI\'s missing-input code, not a broken chain')
  t.equal(missing.stderr, 'aegis-keys verify-audit: cannot read nope.log: no such file or directory\n')

  const directory = await verify(dir, '.')
  t.equal(directory.code, 66)
  t.match(directory.stderr, /^aegis-keys verify-audit: cannot read \.: is a directory, not a file\n$/)

  writeFileSync(join(dir, 'empty.log'), '')
  const empty = await verify(dir, 'empty.log')
  t.equal(empty.code, 0, 'an empty file breaks no chain')
  t.match(empty.stdout, /empty\.log: the hash chain holds \(0 lines\)/)

  const unknown = await verify(dir, '--frobnicate', 'x')
  t.equal(unknown.code, 64)
})

t.test('lines are read as their exact bytes, across chunk boundaries, and an overlong one is only counted', async t => {
  const text = '{"a":"é"}\n\n{"b":2}\r\n' + 'x'.repeat(50) + '\nlast'
  // One byte at a time: every line crosses a chunk boundary.
  const bytes = Buffer.from(text)
  const lines = []
  for await (const line of linesOf(Readable.from([...bytes].map(byte => Buffer.from([byte]))), 40)) lines.push(line)
  t.same(lines.map(line => [line.bytes.toString('utf8'), line.terminated, line.tooLong]), [
    ['{"a":"é"}', true, false],
    ['', true, false],
    ['{"b":2}\r', true, false],
    ['', true, true],
    ['last', false, false]
  ])

  const dir = mkdtempSync(join(tmpdir(), 'aegis-verify-'))
  writeFileSync(join(dir, 'long.log'), `${sealLine('{"event":"server_start"}\n', '0'.repeat(64)).line}\n${'y'.repeat(2 * 1024 * 1024)}\n`)
  const result = await verify(dir, 'long.log')
  t.equal(result.code, 1)
  t.equal(result.stdout, 'long.log: line 2 is longer than 1048576 bytes: not an audit record\n')
})
