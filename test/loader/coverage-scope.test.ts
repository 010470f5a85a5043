// test/loader/coverage-scope.mjs, preloaded by .taprc into every test process (this one too).
import t from 'tap'
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')

t.test('tap runs this process with node_modules kept out of what its coverage hook records', async t => {
  const pattern = /^\/(.*)\/([a-z]*)$/.exec(process.env._TAPJS_PROCESSINFO_EXCLUDE_ ?? '')
  t.ok(pattern, 'a pattern is set')
  const exclude = new RegExp(pattern?.[1] ?? '$.', pattern?.[2])
  t.ok(exclude.test(resolve(ROOT, 'node_modules/fastify/fastify.js')), 'a dependency is left out')
  t.ok(exclude.test(resolve(ROOT, 'node_modules/.cache/aegis-test-loader/bundles/x/typebox.mjs')), 'a bundle of the test loader is left out')
  t.ok(exclude.test(resolve(ROOT, 'tap-snapshots/test/x.test.ts.test.cjs')), "tap's own exclusions stay")
  t.notOk(exclude.test(resolve(ROOT, 'lib/gitea/client.ts')), 'a source file is recorded')
  t.notOk(exclude.test(resolve(ROOT, 'plugins/auth.ts')), 'a plugin is recorded')
  t.notMatch(process.env.NODE_OPTIONS ?? '', /coverage-scope/, 'the preload is not passed on to the servers and CLIs tests start')
})

t.test('the preload keeps the rest of NODE_OPTIONS for children', async t => {
  const { stdout } = await run(process.execPath, ['-e', 'console.log(JSON.stringify(process.env.NODE_OPTIONS))'], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '"--import=./test/loader/coverage-scope.mjs" --max-old-space-size=300' }
  })
  // (tap's hook adds its own --import to every child's NODE_OPTIONS.)
  const options = JSON.parse(stdout) as string
  t.match(options, /(^|\s)"?--max-old-space-size=300"?(\s|$)/)
  t.notMatch(options, /coverage-scope/)
})
