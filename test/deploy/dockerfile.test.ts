// docker/Dockerfile and .dockerignore, checked without a Docker engine: the linter that VS Code's
// Docker support uses (dockerfile-utils; hadolint is packaged neither in Debian nor on npm), then
// the rules this image promises.

import t from 'tap'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, posix, relative, resolve, sep } from 'node:path'
import { validate } from 'dockerfile-utils'
import {
  DOCKERFILE, ROOT, all, baseImage, copies, environment, execForm, finalStage, obj, parseDockerfile,
  readText, readYaml, runCommands, stageNamed
} from '../helpers/deploy-files.js'

const text = readText('docker/Dockerfile')
const dockerfile = parseDockerfile(text)
const final = finalStage(dockerfile)

t.test('the linter finds nothing', async t => {
  const problems = validate(text).map(d => `line ${d.range.start.line + 1}: ${d.message}`)
  t.same(problems, [])
})

t.test('multi-stage, every stage on one Node LTS image pinned by exact version', async t => {
  t.ok(dockerfile.stages.length >= 2, 'at least a build stage and a runtime stage')
  const images = new Set(dockerfile.stages.map(stage => baseImage(dockerfile, stage)))
  t.equal(images.size, 1, 'one base image for all stages')
  const [image = ''] = images
  const match = /^node:(\d+)\.(\d+)\.(\d+)-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?$|^node:(\d+)\.(\d+)\.(\d+)-alpine3\.\d+(@sha256:[0-9a-f]{64})?$/.exec(image)
  t.ok(match, `${image} names an exact x.y.z version and variant`)
  const major = Number(match?.[1] ?? match?.[6])
  t.equal(major % 2, 0, 'an even major: LTS lines are the even ones')
  const engines = (JSON.parse(readText('package.json')) as { engines: { node: string } }).engines.node
  t.ok(major >= Number(/\d+/.exec(engines)?.[0]), `Node ${major} satisfies engines ${engines}`)
  // The image runs a Node version the CI workflow tests.
  const workflow = obj(readYaml('.gitea/workflows/ci.yaml'), 'workflow')
  const matrices = Object.values(obj(workflow.jobs, 'jobs')).map(job => obj(job, 'job').strategy).filter(s => s !== undefined)
  const tested = matrices.flatMap(s => (obj(obj(s, 'strategy').matrix, 'matrix').node as unknown[]).map(Number))
  t.ok(tested.includes(major), `CI tests Node ${major}`)
})

t.test('the final stage runs as a non-root user, under tini, with a node-only health check', async t => {
  const users = all(final, 'USER').map(i => i.args)
  t.ok(users.length > 0, 'USER is set')
  t.notMatch(users.at(-1), /^(root|0)(:.*)?$/, 'the last USER is not root')

  const healthchecks = all(final, 'HEALTHCHECK')
  t.equal(healthchecks.length, 1)
  const check = execForm(healthchecks[0]?.args ?? '')
  t.ok(check, 'exec form (no shell needed)')
  t.equal(check?.[0], 'node', 'uses node itself')
  t.match(check?.join(' '), /127\.0\.0\.1.*\/health/)
  t.notMatch(final.instructions.map(i => i.args).join('\n'), /\b(curl|wget)\b/, 'no curl or wget in the final stage')
  t.match(healthchecks[0]?.args, /--timeout=\d+s/)

  const entrypoint = execForm(all(final, 'ENTRYPOINT')[0]?.args ?? '')
  t.equal(entrypoint?.[0], '/usr/bin/tini', 'tini is PID 1')
  t.ok(runCommands(final).some(c => c.includes('install') && c.includes('tini')), 'tini is installed in the final stage')
  t.same(execForm(all(final, 'CMD')[0]?.args ?? ''), ['node', 'dist/bin/aegis-gitea-mcp.js'])
  t.equal(all(final, 'EXPOSE')[0]?.args, environment(final).MCP_PORT, 'EXPOSE is the port the server listens on')
})

t.test('the final stage holds only dist/, the package files and production dependencies', async t => {
  const copied = copies(final)
  const sources = copied.flatMap(c => c.sources.map(source => `${c.from ?? 'context'}:${source}`)).sort()
  t.same(sources, ['build:/app/dist', 'context:package-lock.json', 'context:package.json', 'deps:/app/node_modules'])
  t.notOk(runCommands(final).some(c => /^(npm|npx|yarn|pnpm)$/.test(c[0] ?? '')), 'no package manager runs in the final stage')

  // node_modules comes from a stage that installs production dependencies only, with no scripts.
  const nodeModules = copied.find(c => c.sources.some(s => s.endsWith('node_modules')))
  const deps = stageNamed(dockerfile, nodeModules?.from ?? '')
  const installs = runCommands(deps).filter(c => c[0] === 'npm')
  t.equal(installs.length, 1)
  t.match(installs[0]?.join(' '), /^npm ci .*/)
  t.ok(installs[0]?.includes('--omit=dev'), 'no dev dependencies')
  t.ok(installs[0]?.includes('--ignore-scripts'), '`prepare` would run tsc, a dev dependency')
  t.same(copies(deps).flatMap(c => c.sources).sort(), ['package-lock.json', 'package.json'])
})

t.test('the build stage gets exactly what tsconfig.json compiles: no demo, no fake Gitea', async t => {
  const build = stageNamed(dockerfile, copies(final).find(c => c.sources.some(s => s.endsWith('dist')))?.from ?? '')
  const copied = copies(build).flatMap(c => c.sources)
  const tsconfig = obj(readYaml('tsconfig.json'), 'tsconfig.json')
  const include = tsconfig.include as string[]
  // A pattern is covered by a copied directory above it (`lib` for lib/**/*.ts) or by the file itself.
  const covers = (source: string, pattern: string): boolean => pattern === source || pattern.startsWith(`${source}/`)
  for (const pattern of include) {
    t.ok(copied.some(source => covers(source, pattern)), `${pattern} is copied`)
  }
  // ...and every TypeScript file copied is one it compiles: bin/demo.ts would come with `COPY bin`.
  const compiled = (file: string): boolean => include.some(pattern => pattern === file ||
    (pattern.endsWith('/**/*.ts') && file.startsWith(pattern.slice(0, -'**/*.ts'.length)) && file.endsWith('.ts')))
  const copiedTs = copied.flatMap(source => filesUnder(source)).filter(file => file.endsWith('.ts'))
  t.ok(copiedTs.length > 0)
  t.same(copiedTs.filter(file => !compiled(file)), [], 'nothing copied that the build does not compile')
  t.notOk(include.some(pattern => /demo|fake|test\//.test(pattern)), 'the production build compiles neither the demo nor test support')
  t.ok(copied.includes('tsconfig.json'))
  t.ok(runCommands(build).some(c => c.join(' ') === 'npm run build'), 'npm run build')
  const install = runCommands(build).find(c => c[0] === 'npm' && c[1] === 'ci')
  t.ok(install, 'npm ci (with dev dependencies: tsc)')
  t.notOk(install?.includes('--omit=dev'))
})

t.test('read-only root: the audit log goes to a volume the node user owns', async t => {
  const env = environment(final)
  t.equal(env.MCP_HOST, '0.0.0.0')
  t.equal(env.AUDIT_LOG_PATH, '/var/log/aegis-mcp/audit.log')
  const logDir = posix.dirname(env.AUDIT_LOG_PATH ?? '')
  const volumes = all(final, 'VOLUME').flatMap(i => execForm(i.args) ?? i.args.split(' '))
  t.same(volumes, [logDir], 'the audit log directory is the one VOLUME')
  t.ok(runCommands(final).some(c => c[0] === 'chown' && c[1] === 'node:node' && c.includes(logDir)), 'owned by node')
  t.ok(runCommands(final).some(c => c[0] === 'mkdir' && c.join(' ').includes(`-m 0700 ${logDir}`)), 'readable by node alone (the server warns otherwise)')
  // The application files are copied without --chown: root owns them, node cannot change them.
  t.notMatch(all(final, 'COPY').map(i => i.args).join('\n'), /--chown/)
})

t.test('.dockerignore keeps secrets and build output out of the context', async t => {
  const patterns = readText('.dockerignore').split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'))
  for (const wanted of ['node_modules', 'dist', '.git', 'logs', 'keys', '.env', '.env.local', '.env.backup-20260101T000000Z', 'coverage', '.tap']) {
    t.ok(patterns.some(pattern => ignores(pattern, wanted)), `${wanted} is ignored`)
  }
  t.ok(patterns.some(pattern => ignores(pattern, 'lib/node_modules')), 'nested node_modules too')
  // Nothing the Dockerfile copies from the context is ignored, and all of it exists.
  const fromContext = parseDockerfile(text).stages.flatMap(stage => copies(stage)).filter(c => c.from === undefined).flatMap(c => c.sources)
  for (const source of new Set(fromContext)) {
    t.notOk(patterns.some(pattern => ignores(pattern, source)), `${source} is sent to the builder`)
    t.ok(existsSync(resolve(ROOT, source)), `${source} exists`)
  }
  t.equal(dirname(DOCKERFILE), resolve(ROOT, 'docker'))
})

/** Docker's .dockerignore matching (Go filepath.Match plus `**`), enough for these patterns. */
function ignores (pattern: string, path: string): boolean {
  const source = pattern.replace(/^\/+/, '').split('/').map(part => part === '**'
    ? '(?:.*)?'
    : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('/').replace(/\(\?:\.\*\)\?\//g, '(?:.*/)?')
  return new RegExp(`^${source}(?:/.*)?$`).test(path)
}

/** A checkout path, or every file below it when it is a directory (paths relative to the root). */
function filesUnder (path: string): string[] {
  const absolute = resolve(ROOT, path)
  if (!statSync(absolute).isDirectory()) return [path]
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => posix.join(path, relative(absolute, join(entry.parentPath, entry.name)).split(sep).join('/')))
}
