import { GiteaError } from './gitea/errors.js'

export interface Readiness {
  ready: boolean
  /** Why not ready, in words an operator can act on; public, so never Gitea's address (that goes to `onFailure`). */
  reason: string | null
  checkedAt: string
}

export interface ReadinessCheck {
  check (): Promise<Readiness>
}

/** What /ready may say: a GiteaError's message (which never names Gitea's address), nothing of any other error. */
function publicReason (error: unknown): string {
  return error instanceof GiteaError ? error.message : 'The Gitea check failed unexpectedly: see the server log.'
}

/**
 * Caches a readiness probe for `ttlMs`, and shares one probe among concurrent
 * callers, so a burst of /ready requests costs Gitea one call. `onFailure`
 * gets each failed probe's error, for the application log.
 */
export function createReadinessCheck (probe: () => Promise<void>, ttlMs: number, clock: () => number = Date.now,
  onFailure: (error: unknown) => void = () => {}): ReadinessCheck {
  let cached: { result: Readiness, at: number } | null = null
  let inflight: Promise<Readiness> | null = null

  async function run (): Promise<Readiness> {
    const checkedAt = new Date(clock()).toISOString()
    try {
      await probe()
      return { ready: true, reason: null, checkedAt }
    } catch (error) {
      onFailure(error)
      return { ready: false, reason: publicReason(error), checkedAt }
    }
  }

  return {
    async check () {
      if (cached !== null && clock() - cached.at < ttlMs) return cached.result
      inflight ??= run().then(result => {
        cached = { result, at: clock() }
        inflight = null
        return result
      })
      return await inflight
    }
  }
}
