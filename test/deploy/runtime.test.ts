// The image's steps, replayed outside Docker from docker/Dockerfile itself: each stage's COPY
// lines copy the same files into a stage folder, its `npm` RUN steps run there (`npm ci
// --omit=dev --ignore-scripts` really installs, from npm's cache), and the final stage's CMD starts
// the server with the image's ENV, as an unprivileged user, from an application folder it cannot
// write to. So a runtime dependency left in devDependencies, a file the image forgets to copy or a
// write outside the audit volume fails here, before anyone builds the image.

import t from 'tap'
import { execFile, spawn } from 'node:child_process'
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, posix, resolve } from 'node:path'
import { promisify } from 'node:util'
import { startFakeGitea } from '../fake-gitea/server.js'
import { KEY_ONE } from '../helpers/app.js'
import { ROOT, type Stage, all, copies, environment, execForm, finalStage, parseDockerfile, readText, runCommands, stageNamed } from '../helpers/deploy-files.js'

// Compiling and installing take a while on a busy 2-core machine; tap's default is 30 s a file.
t.setTimeout(5 * 60_000)

const run = promisify(execFile)
const dockerfile = parseDockerfile(readText('docker/Dockerfile'))
const final = finalStage(dockerfile)
const work = mkdtempSync(join(tmpdir(), 'aegis-image-'))
chmodSync(work, 0o755)
t.teardown(async () => {
  await run('chmod', ['-R', 'u+w', work])
  rmSync(work, { recursive: true, force: true })
})

// As root (CI, most containers), run the server as nobody: it can then write nowhere but the
// audit volume and world-writable temporary folders, as in the read-only container. (Where nobody
// cannot reach node or the temporary folder, it runs as the current user: see `asNobody`.)
const asRoot = process.getuid?.() === 0
let user: { uid?: number, gid?: number } = {}

// Child processes get a clean environment, npm kept quiet. tap adds its coverage hook to every
// child's NODE_OPTIONS; `env -u NODE_OPTIONS` takes it out again: these processes run a compiled
// copy, not the sources under test, and nobody could not write tap's records anyway.
const bare = (command: string, args: string[]): [string, string[]] => ['env', ['-u', 'NODE_OPTIONS', command, ...args]]
const baseEnv = {
  PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  HOME: process.env.HOME ?? tmpdir(),
  npm_config_loglevel: 'error',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_update_notifier: 'false',
  npm_config_progress: 'false'
}

const built = new Map<string, Promise<string>>()
const skipped: string[] = []

/** Replays a stage in its own folder (standing for its WORKDIR) and returns that folder. */
function stageDir (name: string): Promise<string> {
  let dir = built.get(name)
  if (dir === undefined) {
    dir = replay(stageNamed(dockerfile, name), join(work, name))
    built.set(name, dir)
  }
  return dir
}

async function replay (stage: Stage, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  const workdir = all(stage, 'WORKDIR').at(-1)?.args ?? '/'
  const inside = (path: string, root: string): string => {
    const absolute = posix.resolve(workdir, path)
    if (absolute !== workdir && !absolute.startsWith(`${workdir}/`)) throw new Error(`${path} is outside WORKDIR ${workdir}`)
    return join(root, posix.relative(workdir, absolute))
  }
  const copyList = copies(stage)
  // Stages this one copies from are independent of each other: replay them side by side.
  for (const copy of copyList) if (copy.from !== undefined) stageDir(copy.from).catch(() => {})
  let copyIndex = 0
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'COPY') {
      const copy = copyList[copyIndex++]
      if (copy === undefined) continue
      const from = copy.from === undefined ? undefined : await stageDir(copy.from)
      const target = inside(copy.destination, dir)
      for (const source of copy.sources) {
        const path = from === undefined ? resolve(ROOT, source) : inside(source, from)
        if (!existsSync(path)) throw new Error(`COPY ${source}: not found`)
        // Docker: a directory's contents go to the destination; files go into it when it ends with /.
        if (isDirectory(path)) {
          mkdirSync(target, { recursive: true })
          await run('cp', ['-R', `${path}/.`, target]) // much faster than cpSync for node_modules
        } else {
          const into = copy.destination.endsWith('/') ? join(target, basename(path)) : target
          mkdirSync(dirname(into), { recursive: true })
          copyFileSync(path, into)
        }
      }
    } else if (instruction.keyword === 'RUN') {
      for (const command of runCommands({ ...stage, instructions: [instruction] })) {
        if (command[0] === 'npm' && command[1] === 'ci' && !command.includes('--omit=dev')) {
          // The dev install of the build stage: the checkout's own node_modules, from the same lock file.
          symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
        } else if (command[0] === 'npm') {
          // From npm's cache, which `npm install` filled: no network unless a package is missing there.
          const offline = command[1] === 'ci' ? ['--prefer-offline'] : []
          // The build emits only: type-checking the same sources again took three quarters of its
          // CPU (25 s), and `npm test` type-checks them (test/deploy/typecheck.test.ts).
          const emitOnly = command.join(' ') === 'npm run build' ? ['--', '--noCheck'] : []
          await run(...bare('npm', [...command.slice(1), ...offline, ...emitOnly]), { cwd: dir, env: baseEnv, timeout: 4 * 60_000 }).catch((error: Error & { stdout?: string, stderr?: string }) => {
            throw new Error(`${command.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`)
          })
        } else {
          skipped.push(command.join(' '))
        }
      }
    }
  }
  return dir
}

function isDirectory (path: string): boolean {
  return statSync(path).isDirectory()
}

const app = join(work, 'app')
const ready = replay(final, app)
ready.catch(() => {}) // reported by the tests that await it

t.test('the final stage holds dist/, the package files and production dependencies only', async t => {
  await ready
  t.same(readdirSync(app).sort(), ['dist', 'node_modules', 'package-lock.json', 'package.json'])
  t.ok(existsSync(join(app, 'dist/bin/aegis-gitea-mcp.js')), 'the server entry point was compiled')
  const dist = walk(join(app, 'dist'))
  t.notOk(dist.some(file => file.endsWith('.ts')), 'no TypeScript sources')
  t.same(dist.filter(file => /demo|fake-gitea|tsbuildinfo/.test(file)), [], 'no demo, no fake Gitea, no build info')
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
  const devOnly = Object.entries(lock.packages)
    .filter(([path, entry]) => entry.dev === true && /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path))
    .map(([path]) => path)
  t.ok(devOnly.includes('node_modules/typescript'), 'the lock file marks dev-only packages')
  t.same(devOnly.filter(path => existsSync(join(app, path))), [], 'no dev-only package is installed')
  // What was not replayed is the system part of the image, which dockerfile.test.ts checks.
  t.ok(skipped.every(command => /^(apt-get|rm|mkdir|chown)\b/.test(command)), skipped.join('; '))
})

t.test('the server starts from that folder with the image\'s settings and answers', async t => {
  await ready
  const gitea = await startFakeGitea()
  t.teardown(() => gitea.close())
  const volume = join(work, 'volume')
  mkdirSync(volume)
  if (asRoot) {
    const asNobody = await exitCode(['node', '-e', 'require("fs").readdirSync(process.argv[1])', app], { PATH: baseEnv.PATH }, { uid: 65534, gid: 65534 })
    if (asNobody === 0) {
      user = { uid: 65534, gid: 65534 }
      chownSync(volume, 65534, 65534)
    } else {
      t.comment(`nobody cannot run ${process.execPath} on ${app}: the server runs as root, with a read-only application folder`)
    }
  }
  await run('chmod', ['-R', 'a-w', app])

  const imageEnv = environment(final)
  t.equal(imageEnv.MCP_HOST, '0.0.0.0')
  const env = {
    PATH: baseEnv.PATH,
    ...imageEnv,
    // The container's port and audit volume, moved to a port the system picks and a temporary folder.
    MCP_PORT: '0',
    AUDIT_LOG_PATH: join(volume, posix.basename(imageEnv.AUDIT_LOG_PATH ?? 'audit.log')),
    GITEA_URL: gitea.url,
    GITEA_TOKEN: gitea.token,
    MCP_API_KEYS: KEY_ONE
  }
  const [command, ...args] = execForm(all(final, 'CMD')[0]?.args ?? '') ?? []
  t.equal(command, 'node')
  const before = listing(app)
  const server = spawn(...bare(process.execPath, args), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'], ...user })
  let output = ''
  server.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  server.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>(resolve => server.once('exit', code => resolve(code)))
  t.teardown(() => { server.kill('SIGKILL') })

  // The port is read from the server's own log, so no other process can take it in between.
  let port: string | undefined
  for (const deadline = Date.now() + 60_000; Date.now() < deadline && server.exitCode === null && port === undefined;) {
    port = /Server listening at http:\/\/[^\s"]+:(\d+)/.exec(output)?.[1]
    if (port === undefined) await new Promise(resolve => setTimeout(resolve, 100))
  }
  const base = `http://127.0.0.1:${port ?? 0}`
  const health = port === undefined ? undefined : await fetch(`${base}/health`).catch(() => undefined)
  t.equal(health?.status, 200, 'GET /health')
  if (port === undefined || health?.status !== 200) { t.comment(output); return }
  t.match(await health.json(), { status: 'ok' })
  t.equal((await fetch(`${base}/ready`)).status, 200, 'GET /ready: Gitea reached with the token')
  const call = await fetch(`${base}/mcp/tool/call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_ONE}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'website' } })
  })
  t.equal(call.status, 200, 'a tool call through the MCP SDK and the Gitea client')
  t.match(await call.json(), { structuredContent: { full_name: 'acme/website' } })

  // The image's HEALTHCHECK command, as Docker runs it.
  const healthcheck = healthcheckCommand()
  t.equal(await exitCode(healthcheck, { PATH: baseEnv.PATH, MCP_PORT: port }), 0, 'HEALTHCHECK passes')

  server.kill('SIGTERM')
  const code = await exited
  t.equal(code, 0, 'SIGTERM: a clean stop', { output })
  t.equal(await exitCode(healthcheck, { PATH: baseEnv.PATH, MCP_PORT: port }), 1, 'HEALTHCHECK fails once the server is gone')

  const events = readFileSync(env.AUDIT_LOG_PATH, 'utf8').trim().split('\n').map(line => (JSON.parse(line) as { event: string }).event)
  t.same(events, ['server_start', 'auth_success', 'tool_call', 'server_stop'], 'the audit log, on the volume')
  t.same(listing(app), before, 'nothing was written to the application folder')
  t.notMatch(output, new RegExp(KEY_ONE), 'the key is never logged')
})

function healthcheckCommand (): string[] {
  const args = all(final, 'HEALTHCHECK')[0]?.args ?? ''
  const command = execForm(args.slice(args.indexOf('CMD')))
  if (command?.[0] !== 'node') throw new Error('HEALTHCHECK is not an exec-form node command')
  return command
}

async function exitCode (command: string[], env: Record<string, string>, as = user): Promise<number | null> {
  const child = spawn(...bare(process.execPath, command.slice(1)), { env, stdio: 'ignore', ...as })
  return await new Promise(resolve => {
    child.once('error', () => resolve(null))
    child.once('exit', code => resolve(code))
  })
}

function walk (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)])
}

function listing (dir: string): string[] {
  return [...readdirSync(dir), ...walk(join(dir, 'dist'))].sort()
}
