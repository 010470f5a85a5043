import t from 'tap'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeBackup, writeFileAtomic } from '../../../lib/keys/atomic.js'
import { Changes } from '../../../lib/keys/changes.js'
import { backupStamp } from '../../../lib/keys/dates.js'
import { CliError } from '../../../lib/keys/errors.js'

const NOW = new Date('2026-03-04T05:06:07.890Z')

function mode (path: string): number {
  return statSync(path).mode & 0o777
}

t.test('atomic writes: new files 0600, an existing file keeps its mode, a symlink is followed, no temporary file left', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-atomic-'))
  const fresh = join(dir, 'fresh')
  await writeFileAtomic(fresh, 'one')
  t.equal(readFileSync(fresh, 'utf8'), 'one')
  t.equal(mode(fresh), 0o600)

  const shared = join(dir, 'shared')
  writeFileSync(shared, 'old')
  chmodSync(shared, 0o640)
  await writeFileAtomic(shared, Buffer.from('new'))
  t.equal(readFileSync(shared, 'utf8'), 'new')
  t.equal(mode(shared), 0o640, 'the existing mode is kept')
  await writeFileAtomic(shared, 'forced', { mode: 0o600 })
  t.equal(mode(shared), 0o600, 'or forced')

  const link = join(dir, 'link')
  symlinkSync(shared, link)
  await writeFileAtomic(link, 'through the link')
  t.equal(readFileSync(shared, 'utf8'), 'through the link')
  t.ok(statSync(link).isFile() && readdirSync(dir).includes('link'), 'the link is still a link to the file')
  t.same(readdirSync(dir).filter(name => name.endsWith('.tmp')), [], 'no temporary file left')

  await t.rejects(writeFileAtomic(join(dir, 'missing', 'file'), 'x'), { code: 'ENOENT' })
  await t.rejects(writeFileAtomic(join(dir, 'sub'), 'x').then(async () => await writeFileAtomic(join(dir, 'sub', 'x'), 'y')), { code: 'ENOTDIR' })
  t.same(readdirSync(dir).filter(name => name.endsWith('.tmp')), [], 'none after a failure either')
})

t.test('backups: <file>.backup-YYYYMMDDTHHMMSSZ, mode 0600, never overwriting an earlier one', async t => {
  t.equal(backupStamp(NOW), '20260304T050607Z')
  const dir = mkdtempSync(join(tmpdir(), 'aegis-backup-'))
  const file = join(dir, '.env')
  const first = await writeBackup(file, Buffer.from('A=1\n'), NOW)
  const second = await writeBackup(file, Buffer.from('A=2\n'), NOW)
  t.equal(first, `${file}.backup-20260304T050607Z`)
  t.equal(second, `${file}.backup-20260304T050607Z-2`)
  t.equal(readFileSync(first, 'utf8'), 'A=1\n')
  t.equal(mode(first), 0o600)
  t.equal(mode(second), 0o600)
  await t.rejects(writeBackup(join(dir, 'missing', '.env'), Buffer.from(''), NOW), { code: 'ENOENT' })
})

t.test('changes: all or nothing', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-changes-'))
  const env = join(dir, '.env')
  const old = join(dir, 'old.json')
  writeFileSync(env, 'MCP_API_KEYS=a\n')
  chmodSync(env, 0o644)
  writeFileSync(old, '{"old":true}')

  const changes = new Changes()
  await changes.backup(env, readFileSync(env), NOW)
  await changes.write(env, 'MCP_API_KEYS=b\n')
  await changes.ensureDir(join(dir, 'keys', 'nested'))
  await changes.write(join(dir, 'keys', 'nested', 'new.json'), '{}', 0o600)
  t.equal(await changes.remove(old), true)
  t.equal(await changes.remove(join(dir, 'never-there')), false)
  const error = await changes.write(join(dir, 'missing', 'x'), 'x').then(() => null, (e: unknown) => e) as CliError
  t.type(error, CliError)
  t.equal(error.exitCode, 74)
  t.equal(error.message, `cannot write ${join(dir, 'missing', 'x')}: no such file or directory; nothing was changed`)

  t.equal(readFileSync(env, 'utf8'), 'MCP_API_KEYS=a\n', 'the file is back')
  t.equal(mode(env), 0o644, 'with its mode')
  t.equal(readFileSync(old, 'utf8'), '{"old":true}', 'the removed file is back')
  t.notOk(existsSync(join(dir, 'keys')), 'the directory it made is gone')
  t.same(readdirSync(dir).sort(), ['.env', 'old.json'], 'the backup is gone too')

  const made = new Changes()
  await made.ensureDir(join(dir, 'private'))
  t.equal(mode(join(dir, 'private')), 0o700, 'a directory it makes is 0700')
  await made.ensureDir(join(dir, 'private'))
})
