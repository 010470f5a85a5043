// Hashing a generated multi-megabyte sample file means generating every byte of it: about half a
// second of CPU in each of the ~50 test processes that build the sample data. The SHA is kept on
// disk beside the test loader's cache, named by the content's cache key, its size and the source
// of the code that generates and hashes it, so changing that code hashes it again.

import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** AEGIS_FAKE_GITEA_CACHE moves it (the memo's own test starts from an empty one). */
function cacheDir (): string {
  return process.env.AEGIS_FAKE_GITEA_CACHE ?? fileURLToPath(new URL('../../node_modules/.cache/aegis-fake-gitea', import.meta.url))
}

/** The generators' and hasher's own source: a change to either makes every remembered SHA stale. */
const CODE = ['./generated-content.ts', './git-objects.ts', './sha-memo.ts']

let codeVersion: string | undefined

function versionOfCode (): string {
  if (codeVersion === undefined) {
    const hash = createHash('sha256')
    for (const file of CODE) hash.update(readFileSync(new URL(file, import.meta.url))).update('\0')
    codeVersion = hash.digest('hex')
  }
  return codeVersion
}

/** `compute()`'s SHA for this content, from the disk memo when an earlier process computed it. */
export function rememberedSha (content: { cacheKey: string, size: number }, compute: () => string): string {
  const name = createHash('sha256').update(`${versionOfCode()}\0${content.cacheKey}\0${content.size}`).digest('hex').slice(0, 32)
  const file = join(cacheDir(), name)
  try {
    const remembered = readFileSync(file, 'utf8')
    if (/^[0-9a-f]{40}$/.test(remembered)) return remembered
  } catch {}
  const sha = compute()
  try {
    mkdirSync(cacheDir(), { recursive: true })
    // Through a temporary file: test processes run side by side and may write the same entry.
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, sha)
    renameSync(temporary, file)
  } catch {} // a read-only checkout only loses the memo
  return sha
}
