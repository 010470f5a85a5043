import type { FailureStore } from '../failure-limiter.js'
import type { StateStore } from './state-store.js'

/**
 * Failure windows in the shared store while it is usable, in this process's
 * memory while it is not. A command that fails marks the outage and the same
 * call is answered from memory, so a lost Redis never fails a request and
 * never lets an address skip the check: it is then counted per replica.
 */
export function createFallbackFailureStore (shared: FailureStore, local: FailureStore, state: Pick<StateStore, 'usable' | 'failed'>): FailureStore {
  async function run<T> (operation: (store: FailureStore) => Promise<T>): Promise<T> {
    if (state.usable()) {
      try {
        return await operation(shared)
      } catch (error) {
        state.failed(error)
      }
    }
    return await operation(local)
  }
  return {
    increment: async (key, windowMs, limit) => await run(async store => await store.increment(key, windowMs, limit)),
    read: async key => await run(async store => await store.read(key))
  }
}
