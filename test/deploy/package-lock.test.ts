// A fresh clone's `npm install` must leave the tracked package-lock.json as it is: the lockfile's
// root entry repeats package.json's name, version, bin, engines and dependency ranges, and npm
// rewrites the file when they differ (.ci/run checks the same with npm itself).

import t from 'tap'
import { readText } from '../helpers/deploy-files.js'

type Manifest = Record<string, unknown>

const pkg = JSON.parse(readText('package.json')) as Manifest
const lock = JSON.parse(readText('package-lock.json')) as { name: string, version: string, packages: Record<string, Manifest> }

t.test('the lockfile root entry matches package.json', async t => {
  const root = lock.packages[''] ?? {}
  t.equal(lock.name, pkg.name)
  t.equal(lock.version, pkg.version)
  for (const field of ['name', 'version', 'license', 'bin', 'engines', 'dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    t.same(root[field], pkg[field], `${field} as in package.json`)
  }
})

t.test('every dependency package.json names is locked', async t => {
  const named = { ...(pkg.dependencies as Record<string, string>), ...(pkg.devDependencies as Record<string, string>) }
  for (const name of Object.keys(named)) t.ok(lock.packages[`node_modules/${name}`], `${name} is in the lockfile`)
})
