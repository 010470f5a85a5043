// Module hooks that run TypeScript: esbuild strips the types, file by file, in milliseconds.
// Why not tap's @tapjs/typescript (ts-node): it costs seconds of CPU in every test process.
// Why not tsx: it minifies whitespace, so V8's coverage of a file collapses onto a few lines
// and every file reads 100% covered. Here the output keeps the source's lines, with an inline
// source map for stack traces and coverage. Types are checked by `npm run typecheck`.
//
// Two caches under node_modules/.cache/aegis-test-loader keep the ~150 test processes (and the
// servers they spawn) from paying the same start-up again and again:
// - ts/: each .ts file's JavaScript, named by a hash of its path and content, so esbuild only
//   starts when a file changed.
// - bundles/: a few dependencies shipped as hundreds of small ES modules (typebox: ~680 files,
//   oidc-provider ~180, zod ~115) are bundled into one file per entry point. Every module goes
//   through these hooks and tap's (another thread, a message each way), which cost ~2.5 s of CPU
//   a process for typebox alone; bundled it is a few modules. The bundle of a package has all its
//   entry points (shared code split into common chunks), so `typebox` and `typebox/compile` still
//   share one copy of each class and symbol.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const CACHE = cacheDir()
/** Bump when the transform or bundle options below change: older cache entries are then ignored. */
const CACHE_VERSION = '1'
const TARGET = `node${process.versions.node}`

/** Packages loaded as bundles (ES modules only; their code must not look for files beside itself). */
const BUNDLED = ['typebox', 'zod', 'zod-to-json-schema', 'oidc-provider', 'jose']

/**
 * The cache's real path (node_modules may be a link), as Node names the modules it loads.
 * AEGIS_TEST_LOADER_CACHE moves it (the loader's own tests start from an empty one).
 */
function cacheDir () {
  const dir = process.env.AEGIS_TEST_LOADER_CACHE || fileURLToPath(new URL('../../node_modules/.cache/aegis-test-loader', import.meta.url))
  mkdirSync(dir, { recursive: true })
  return realpathSync(dir)
}

/**
 * Sources import each other as `./x.js` (what tsc emits); in a checkout the file is `./x.ts`.
 * From a .ts file the .ts is tried first: a failed resolution builds an error with a stack, and
 * nearly every relative import of a .ts file names a .ts file.
 */
async function resolveTs (specifier, context, nextResolve) {
  if (!/^\.\.?\//.test(specifier) || !specifier.endsWith('.js')) return await nextResolve(specifier, context)
  const [first, second] = context.parentURL?.endsWith('.ts') === true
    ? [`${specifier.slice(0, -'.js'.length)}.ts`, specifier]
    : [specifier, `${specifier.slice(0, -'.js'.length)}.ts`]
  try {
    return await nextResolve(first, context)
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
    return await nextResolve(second, context)
  }
}

export async function resolve (specifier, context, nextResolve) {
  // A bundle's imports of other packages resolve from the package's own folder (nested node_modules).
  const bundleParent = context.parentURL === undefined ? undefined : bundleOf.get(bundleDir(context.parentURL))
  if (bundleParent !== undefined && !/^(\.\.?\/|node:|file:)/.test(specifier)) {
    context = { ...context, parentURL: bundleParent.packageUrl }
  }
  const resolved = await resolveTs(specifier, context, nextResolve)
  const root = bundledPackageRoot(resolved.url)
  if (root === undefined || (context.parentURL ?? '').startsWith(pathToFileURL(root).href + '/')) return resolved
  const bundle = await bundleFor(root, context, nextResolve)
  const url = bundle.entries.get(resolved.url)
  if (url === undefined) throw new Error(`test/loader: ${specifier} (${resolved.url}) is not an entry point of the bundle of ${root}; loading it apart would duplicate the package`)
  return { url, format: 'module', shortCircuit: true }
}

export async function load (url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return await nextLoad(url, context)
  const path = fileURLToPath(url)
  const source = await readFile(path, 'utf8')
  const cached = join(CACHE, 'ts', `${hash(CACHE_VERSION, TARGET, path, source)}.js`)
  let code
  try {
    code = readFileSync(cached, 'utf8')
  } catch {
    const { transform } = await import('esbuild')
    code = (await transform(source, {
      loader: 'ts',
      format: 'esm',
      target: TARGET,
      sourcemap: 'inline',
      sourcefile: path,
      sourcesContent: false
    })).code
    writeAtomically(cached, code)
  }
  return { format: 'module', source: code, shortCircuit: true }
}

function hash (...parts) {
  const h = createHash('sha256')
  for (const part of parts) h.update(part).update('\0')
  return h.digest('hex').slice(0, 32)
}

/** Writes through a temporary file: test processes run side by side and may write the same entry. */
function writeAtomically (path, content) {
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`
  writeFileSync(temporary, content)
  renameSync(temporary, path)
}

/** The folder of a BUNDLED package `url` lies in, or undefined. */
function bundledPackageRoot (url) {
  if (!url.startsWith('file:')) return undefined
  const path = fileURLToPath(url)
  for (const name of BUNDLED) {
    const at = path.lastIndexOf(`/node_modules/${name}/`)
    if (at !== -1) return path.slice(0, at + `/node_modules/${name}`.length)
  }
  return undefined
}

/** Bundle folder → { packageUrl } for the bundles loaded so far. */
const bundleOf = new Map()
/** Package folder → Promise<{ entries: Map<original url, bundled url> }>. */
const bundles = new Map()

function bundleDir (url) {
  if (!url.startsWith('file:')) return undefined
  const path = fileURLToPath(url)
  const bundlesDir = join(CACHE, 'bundles')
  if (!path.startsWith(bundlesDir + '/')) return undefined
  return join(bundlesDir, relative(bundlesDir, path).split('/')[0])
}

function bundleFor (root, context, nextResolve) {
  let bundle = bundles.get(root)
  if (bundle === undefined) {
    bundle = loadOrBuildBundle(root, context, nextResolve)
    bundles.set(root, bundle)
  }
  return bundle
}

async function loadOrBuildBundle (root, context, nextResolve) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const dir = join(CACHE, 'bundles', hash(CACHE_VERSION, TARGET, root, manifest.version ?? ''))
  const packageUrl = pathToFileURL(join(root, 'package.json')).href
  bundleOf.set(dir, { packageUrl })
  let entries
  try {
    entries = JSON.parse(readFileSync(join(dir, 'entries.json'), 'utf8'))
  } catch {
    entries = await buildBundle(root, manifest, dir, context, nextResolve)
  }
  return {
    entries: new Map(Object.entries(entries).map(([source, out]) => [pathToFileURL(join(root, source)).href, pathToFileURL(join(dir, out)).href]))
  }
}

/** Bundles every ES module entry point of the package at `root` into `dir`; gives source → output (both relative). */
async function buildBundle (root, manifest, dir, context, nextResolve) {
  const entryPoints = {}
  for (const subpath of exportedSubpaths(manifest)) {
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`
    let resolved
    try {
      resolved = await nextResolve(specifier, { ...context, parentURL: pathToFileURL(join(root, 'package.json')).href })
    } catch { continue }
    if (resolved.format !== 'module' && !/\.m?js$/.test(resolved.url)) continue
    const source = relative(root, fileURLToPath(resolved.url))
    entryPoints[source.replace(/\.m?js$/, '').replaceAll('/', '_')] = join(root, source)
  }
  const { build } = await import('esbuild')
  const building = `${dir}.${process.pid}.${Math.random().toString(36).slice(2)}`
  const result = await build({
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: TARGET,
    packages: 'external',
    absWorkingDir: root,
    outdir: building,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'silent'
  })
  const entries = {}
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint !== undefined) entries[meta.entryPoint] = relative(building, join(root, out))
  }
  writeFileSync(join(building, 'entries.json'), JSON.stringify(entries))
  try {
    renameSync(building, dir)
  } catch {
    rmSync(building, { recursive: true, force: true }) // built meanwhile by another test process
  }
  return entries
}

/** The package's export subpaths without wildcards (`.`, `./compile`, …), or `.` for a `main`. */
function exportedSubpaths (manifest) {
  const exports = manifest.exports
  if (exports === undefined || typeof exports === 'string' || Array.isArray(exports)) return ['.']
  const keys = Object.keys(exports)
  if (!keys.every(key => key.startsWith('.'))) return ['.'] // conditions only
  return keys.filter(key => !key.includes('*') && !key.endsWith('.json'))
}
