// What ships: the npm package (package.json "files") and the image (docker/Dockerfile copies the
// same dist/) hold the production build only, never the demo or the fake Gitea (test/fake-gitea),
// which are test support run from a checkout. The check builds tsconfig.json into a temporary
// folder beside copies of the package files, then asks npm what `npm pack` would put in the
// tarball. (dockerfile.test.ts checks that the image's build stage compiles exactly tsconfig.json.)

import t from 'tap'
import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import { createRequire } from 'node:module'
import type TypeScript from 'typescript'
import { ROOT } from '../helpers/deploy-files.js'

// Required, not imported: importing the 9 MB CommonJS typescript from an ES module scans it all
// for export names first (half a second of CPU).
const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript

const run = promisify(execFile)
// One build of the production sources: slow on a loaded 2-core machine.
t.setTimeout(240_000)

const SHIPS_NOTHING_LIKE = /(^|\/)(demo|fake-gitea|test)(\/|\.|$)|tsbuildinfo|\.ts$/

async function packedFiles (): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-pack-'))
  for (const file of ['package.json', 'README.md', '.env.example']) copyFileSync(resolve(ROOT, file), join(dir, file))
  const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc')
  // --noCheck: only what is emitted matters here; test/deploy/typecheck.test.ts type-checks these sources.
  await run(process.execPath, [tsc, '-p', resolve(ROOT, 'tsconfig.json'), '--outDir', join(dir, 'dist'), '--noCheck'], { cwd: dir })
  // --ignore-scripts: `prepare` would build the checkout's own dist/.
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 })
  const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>
  return (pack?.files ?? []).map(file => file.path).sort()
}

t.test('the npm package holds the production build only: no demo, no fake Gitea', async t => {
  const files = await packedFiles()
  for (const wanted of ['dist/app.js', 'dist/bin/aegis-gitea-mcp.js', 'dist/bin/aegis-keys.js', 'package.json', 'README.md']) {
    t.ok(files.includes(wanted), `${wanted} is packaged`)
  }
  t.ok(files.some(file => file.startsWith('dist/lib/tools/')), 'the tools are packaged')
  t.same(files.filter(file => SHIPS_NOTHING_LIKE.test(file)), [], 'no demo, fake Gitea, test, source or build-info file')
})

t.test("tsc -b's build info is written outside dist/ (what is packaged and copied into the image)", async t => {
  const path = resolve(ROOT, 'tsconfig.json')
  const { config } = ts.readConfigFile(path, ts.sys.readFile) as { config: unknown }
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, path)
  t.ok(options.outDir, 'an outDir')
  t.ok(options.tsBuildInfoFile, 'a tsBuildInfoFile (by default tsc -b writes it into outDir)')
  const inside = relative(options.outDir ?? ROOT, options.tsBuildInfoFile ?? '')
  t.ok(inside.startsWith('..'), `${options.tsBuildInfoFile ?? ''} is not inside ${options.outDir ?? ''}`)
})
