import t from 'tap'
import Fastify from 'fastify'
import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keyIdOf, sha256 } from '../../lib/api-keys.js'
import { loadConfig } from '../../lib/config.js'
import auditPlugin from '../../plugins/audit.js'
import clientIpPlugin from '../../plugins/client-ip.js'
import configPlugin from '../../plugins/config.js'
import keyringPlugin, { type KeyringHolder, type ReloadResult } from '../../plugins/keyring.js'
import { bearer, buildTestApp, KEY_ONE, KEY_TWO } from '../helpers/app.js'
import { LineCollector } from '../helpers/lines.js'

const KEY_THREE = 'agm_test_key_three_22222222222222222222222222'

function line (key: string, expiresAt: string | null = null): string {
  const digest = sha256(key).toString('hex')
  return JSON.stringify({ key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: 'test', created_at: '2026-01-01T00:00:00Z', expires_at: expiresAt }) + '\n'
}

// As aegis-keys and editors write it: a new file renamed over the old one.
function replace (path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text)
  renameSync(`${path}.tmp`, path)
}

async function until (predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/** Resolves with the result of the next reload the file watcher starts. */
function nextFileChangeReload (keyring: KeyringHolder): Promise<ReloadResult> {
  const reload = keyring.reload.bind(keyring)
  return new Promise(resolve => {
    keyring.reload = async (trigger) => {
      const result = await reload(trigger)
      if (trigger === 'file_change') { keyring.reload = reload; resolve(result) }
      return result
    }
  })
}

async function status (app: Awaited<ReturnType<typeof buildTestApp>>['app'], key: string): Promise<number> {
  return (await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(key) })).statusCode
}

function keysDir (): { dir: string, file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-keyring-'))
  return { dir, file: join(dir, 'keys.jsonl') }
}

t.test('reload(): the new file\'s keys replace the old ones; MCP_API_KEYS stays', async t => {
  const { file } = keysDir()
  writeFileSync(file, line(KEY_TWO))
  const { app, audit } = await buildTestApp(t, { env: { MCP_API_KEYS: KEY_ONE, MCP_API_KEYS_FILE: file } })
  t.equal(await status(app, KEY_TWO), 200)

  replace(file, line(KEY_THREE))
  const result = await app.keyring.reload('signal')
  t.same(result, { ok: true, changed: true, keyCount: 2, problems: [] })
  t.equal(await status(app, KEY_TWO), 401, 'the removed key is refused')
  t.equal(await status(app, KEY_THREE), 200, 'the new key is accepted')
  t.equal(await status(app, KEY_ONE), 200, 'MCP_API_KEYS is kept')
  // (The watcher may see the change too; here only the explicit reloads are looked at.)
  const explicit = (): Array<Record<string, unknown>> => audit.events('keys_reloaded').filter(e => e.trigger !== 'file_change')
  t.match(explicit()[0], { severity: 'info', trigger: 'signal', keys_file: file, key_count: 2, file_key_count: 1, changed: true, path: null })

  const again = await app.keyring.reload()
  t.same(again, { ok: true, changed: false, keyCount: 2, problems: [] })
  t.match(explicit()[1], { trigger: 'manual', changed: false }, 'an explicit reload is audited even when nothing changed')
})

t.test('an invalid or missing new file keeps the old keys, logged and audited', async t => {
  const { file } = keysDir()
  writeFileSync(file, line(KEY_TWO))
  const { app, audit, logs } = await buildTestApp(t, { env: { MCP_API_KEYS: KEY_ONE, MCP_API_KEYS_FILE: file } })

  replace(file, `${line(KEY_THREE)}{"key": "${KEY_THREE}"\n`)
  const bad = await app.keyring.reload('signal')
  t.same(bad, { ok: false, changed: false, keyCount: 2, problems: ['line 2: is not valid JSON (each line must be one JSON object)'] })
  t.equal(await status(app, KEY_TWO), 200, 'the old key still works')
  t.equal(await status(app, KEY_THREE), 401, 'nothing of the bad file was taken')
  const explicit = (): Array<Record<string, unknown>> => audit.events('keys_reload_failed').filter(e => e.trigger !== 'file_change')
  t.match(explicit()[0], { severity: 'high', trigger: 'signal', keys_file: file, reason: 'line 2: is not valid JSON (each line must be one JSON object)', key_count: 2 })
  t.match(logs.text(), /the keys file is unreadable or invalid: the previous keys stay in use/)

  replace(file, line(KEY_ONE))
  t.match(await app.keyring.reload(), { ok: false, problems: [`key id ${keyIdOf(KEY_ONE)} is in MCP_API_KEYS too; keep it in one place`] })
  rmSync(file)
  t.match(await app.keyring.reload(), { ok: false, problems: [`cannot read ${file}: no such file`] })
  t.equal(await status(app, KEY_TWO), 200)
  t.equal(explicit().length, 3)
  for (const secret of [KEY_ONE, KEY_THREE]) {
    t.notOk(audit.text().includes(secret) || logs.text().includes(secret), 'no key in any log')
  }
})

t.test('the file is watched: a change is picked up within a moment, a touch is not news', async t => {
  const { dir, file } = keysDir()
  writeFileSync(file, line(KEY_TWO))
  const { app, audit } = await buildTestApp(t, { env: { MCP_API_KEYS: KEY_ONE, MCP_API_KEYS_FILE: file } })

  writeFileSync(join(dir, 'unrelated.txt'), 'other files in the directory are ignored')
  replace(file, `${line(KEY_TWO)}${line(KEY_THREE)}`)
  await until(() => audit.events('keys_reloaded').length === 1, 'the change to be picked up')
  t.match(audit.events('keys_reloaded')[0], { trigger: 'file_change', key_count: 3, changed: true })
  t.equal(await status(app, KEY_THREE), 200)

  replace(file, `${line(KEY_THREE)}${line(KEY_TWO, '2020-01-01T00:00:00Z')}`)
  await until(() => audit.events('keys_reloaded').length === 2, 'the expiry to be picked up')
  t.equal(await status(app, KEY_TWO), 401, 'a key expired in the file is refused at once')
  t.equal(audit.events('auth_failure').at(-1)?.reason, 'expired_key')

  replace(file, 'garbage\n')
  await until(() => audit.events('keys_reload_failed').length === 1, 'the bad file to be noticed')
  t.equal(await status(app, KEY_THREE), 200, 'the previous set stays')

  replace(file, `${line(KEY_THREE)}${line(KEY_TWO, '2020-01-01T00:00:00Z')}`)
  await until(() => audit.events('keys_reloaded').length === 3, 'the file to be fixed')
  // The watcher calls app.keyring.reload('file_change'): wait for the reload the touch causes.
  const touched = nextFileChangeReload(app.keyring)
  const now = new Date()
  utimesSync(file, now, now)
  t.match(await touched, { ok: true, changed: false }, 'the touch was seen and the file re-read')
  t.equal(audit.events('keys_reloaded').length, 3, 'the same keys again: nothing audited')
})

t.test('a change of scope alone is a change: the watcher applies it', async t => {
  const { file } = keysDir()
  const scoped = (toolsets: string[]): string => line(KEY_TWO).replace(/\}\n$/, `,"toolsets":${JSON.stringify(toolsets)}}\n`)
  writeFileSync(file, scoped(['issues']))
  const { app, audit } = await buildTestApp(t, { env: { MCP_API_KEYS: KEY_ONE, MCP_API_KEYS_FILE: file } })
  const toolsOf = (): string[] | undefined => app.keyring.current().find(keyIdOf(KEY_TWO))?.scope?.toolsets as string[] | undefined
  t.same(toolsOf(), ['core', 'issues'])
  replace(file, scoped(['pulls']))
  await until(() => audit.events('keys_reloaded').length === 1, 'the new scope to be picked up')
  t.match(audit.events('keys_reloaded')[0], { trigger: 'file_change', changed: true })
  t.same(toolsOf(), ['core', 'pulls'])
})

t.test('requests in flight while the keys reload all get an answer', async t => {
  const { file } = keysDir()
  writeFileSync(file, line(KEY_TWO))
  const { app } = await buildTestApp(t, { env: { MCP_API_KEYS: KEY_ONE, MCP_API_KEYS_FILE: file, RATE_LIMIT_PER_MINUTE: '0' } })
  const statuses: number[] = []
  const stop = new AbortController()
  const traffic = (async () => {
    while (!stop.signal.aborted) {
      statuses.push(await status(app, KEY_ONE), await status(app, KEY_TWO))
      await new Promise(resolve => setImmediate(resolve)) // let the reload's file reads through
    }
  })()
  for (let i = 0; i < 10; i++) {
    replace(file, i % 2 === 0 ? `${line(KEY_TWO)}${line(KEY_THREE)}` : line(KEY_TWO))
    await app.keyring.reload('signal')
  }
  stop.abort()
  await traffic
  t.ok(statuses.length >= 2)
  t.same([...new Set(statuses)], [200], 'a key in every set never fails during a swap')
})

t.test('without a keys file there is nothing to reload; watch: false does not watch', async t => {
  const { app, audit, logs } = await buildTestApp(t)
  t.same(await app.keyring.reload('signal'), { ok: true, changed: false, keyCount: 2, problems: [] })
  t.equal(audit.events('keys_reloaded').length, 0)
  t.match(logs.text(), /no MCP_API_KEYS_FILE is set/)

  const { file } = keysDir()
  writeFileSync(file, line(KEY_TWO))
  const audited = new LineCollector()
  const bare = Fastify({ logger: false })
  t.teardown(async () => { await bare.close() })
  await bare.register(configPlugin, { config: loadConfig({ GITEA_URL: 'https://git.example.com', GITEA_TOKEN: 'x', MCP_API_KEYS_FILE: file, AUDIT_LOG_PATH: '-' }) })
  await bare.register(clientIpPlugin)
  await bare.register(auditPlugin, { stream: audited })
  await bare.register(keyringPlugin, { watch: false })
  await bare.ready()
  // A watching keyring on the same file witnesses the change: once it has re-read the file (after a
  // quiet time longer than the default), the one that does not watch has had every chance to.
  const witnessed = new LineCollector()
  const witness = Fastify({ logger: false })
  t.teardown(async () => { await witness.close() })
  await witness.register(configPlugin, { config: loadConfig({ GITEA_URL: 'https://git.example.com', GITEA_TOKEN: 'x', MCP_API_KEYS_FILE: file, AUDIT_LOG_PATH: '-' }) })
  await witness.register(clientIpPlugin)
  await witness.register(auditPlugin, { stream: witnessed })
  await witness.register(keyringPlugin, { debounceMs: 400 })
  await witness.ready()
  const seen = nextFileChangeReload(witness.keyring)
  replace(file, line(KEY_THREE))
  t.match(await seen, { ok: true, changed: true }, 'the watching keyring re-read the file')
  t.equal(bare.keyring.current().verify(KEY_THREE).status, 'unknown', 'the other one did not re-read it by itself')
  await bare.keyring.reload()
  t.equal(bare.keyring.current().verify(KEY_THREE).status, 'valid', 'but on reload()')
})
