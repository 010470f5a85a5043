// Which Gitea this server supports, and reading the version Gitea reports
// (`GET /api/v1/version`).
//
// The floor is the oldest release whose API description the project checked
// (test/fixtures/gitea/README.md): every endpoint the tools use is in Gitea
// 1.24 except `contents-ext` (1.25), which get_file_contents and fetch replace
// with the plain contents endpoint. Before 1.24 there is no `file-contents`
// batch read either: search_code then reads files one by one.

/** The oldest Gitea this server supports. */
export const OLDEST_SUPPORTED_GITEA = '1.24.0'

export type VersionTriple = readonly [number, number, number]

/**
 * The Gitea release a version string stands for: `1.26.3`, `v1.24.0`,
 * `1.27.0+dev-51-gabc`, `1.25.0-rc1`, or a Forgejo `10.0.1+gitea-1.22.0`
 * (the Gitea it is compatible with). Null when it names none.
 */
export function giteaRelease (version: string): VersionTriple | null {
  const compatible = /\+gitea-(\d+)\.(\d+)(?:\.(\d+))?/.exec(version)
  const plain = compatible ?? /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim())
  if (plain === null) return null
  return [Number(plain[1]), Number(plain[2]), Number(plain[3] ?? 0)]
}

export function atLeast (version: VersionTriple, floor: VersionTriple): boolean {
  for (let i = 0; i < 3; i++) {
    if ((version[i] ?? 0) !== (floor[i] ?? 0)) return (version[i] ?? 0) > (floor[i] ?? 0)
  }
  return true
}

const FLOOR = giteaRelease(OLDEST_SUPPORTED_GITEA) as VersionTriple

/** Whether `version` is a Gitea this server supports; null when the string names no release. */
export function isSupportedGitea (version: string): boolean | null {
  const release = giteaRelease(version)
  return release === null ? null : atLeast(release, FLOOR)
}

/** Whether `version` is known to be older than `floor` (false when it names no release: assume new). */
export function olderThan (version: string, floor: string): boolean {
  const release = giteaRelease(version)
  const wanted = giteaRelease(floor)
  return release !== null && wanted !== null && !atLeast(release, wanted)
}

/** The start-up warning for a Gitea older than the floor; null when it is supported (or unknown). */
export function versionWarning (version: string): string | null {
  if (isSupportedGitea(version) !== false) return null
  return `Gitea ${version.slice(0, 64)} at GITEA_URL is older than ${OLDEST_SUPPORTED_GITEA}, the oldest version this server supports: ` +
    'the tools keep working where they can (search_code reads files one by one), but upgrade Gitea for complete and fast answers.'
}

export interface VersionCheck {
  /** Asks Gitea its version until once answered, then answers from memory; null while Gitea cannot say. Never throws. */
  check: () => Promise<string | null>
  /** The version once known, else null. */
  current: () => string | null
}

/**
 * Asks Gitea its version once (again only while it could not answer), and
 * calls `onOld` once with the warning when it is older than the floor.
 * Concurrent checks share one request.
 */
export function createVersionCheck (ask: () => Promise<string>, onOld: (warning: string, version: string) => void): VersionCheck {
  let known: string | null = null
  let inflight: Promise<string | null> | null = null
  return {
    current: () => known,
    async check () {
      if (known !== null) return known
      inflight ??= ask().then((version) => {
        if (known === null) {
          known = version
          const warning = versionWarning(version)
          if (warning !== null) onOld(warning, version)
        }
        return known
      }, () => null).finally(() => { inflight = null })
      return await inflight
    }
  }
}
