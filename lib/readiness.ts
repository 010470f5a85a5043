export interface Readiness {
  ready: boolean
  /** Why not ready, in words an operator can act on. */
  reason: string | null
  checkedAt: string
}

export interface ReadinessCheck {
  check (): Promise<Readiness>
}

/**
 * Caches a readiness probe for `ttlMs`, and shares one probe among concurrent
 * callers, so a burst of /ready requests costs Gitea one call.
 */
export function createReadinessCheck (probe: () => Promise<void>, ttlMs: number, clock: () => number = Date.now): ReadinessCheck {
  let cached: { result: Readiness, at: number } | null = null
  let inflight: Promise<Readiness> | null = null

  async function run (): Promise<Readiness> {
    const checkedAt = new Date(clock()).toISOString()
    try {
      await probe()
      return { ready: true, reason: null, checkedAt }
    } catch (error) {
      return { ready: false, reason: (error as Error).message, checkedAt }
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
