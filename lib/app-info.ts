import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The nearest package.json above this file: the same from sources (tests) and from dist/.
function readPackageJson (): { name: string, version: string } {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string, version: string }
}

const pkg = readPackageJson()

export const APP_NAME: string = pkg.name
export const APP_VERSION: string = pkg.version
