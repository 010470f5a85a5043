import type { OAuthStore, StoredPayload } from './store.js'

/**
 * An access token is kept this long past its expiry, so that a client still sending it is told
 * it expired (and is not counted as guessing at a key): connectors such as ChatGPT's share a
 * few egress addresses, and a stale token now and then must not lock them all out.
 */
export const EXPIRED_ACCESS_TOKEN_GRACE_SECONDS = 24 * 3600

/**
 * oidc-provider's adapter for one model: a thin shell over the OAuthStore,
 * which holds every model. oidc-provider builds one per model name.
 */
export class StoreAdapter {
  readonly #model: string
  readonly #store: OAuthStore

  constructor (model: string, store: OAuthStore) {
    this.#model = model
    this.#store = store
  }

  async upsert (id: string, payload: StoredPayload, expiresIn?: number): Promise<void> {
    const keptFor = this.#model === 'AccessToken' && expiresIn !== undefined ? expiresIn + EXPIRED_ACCESS_TOKEN_GRACE_SECONDS : expiresIn
    await this.#store.upsert(this.#model, id, payload, keptFor)
  }

  async find (id: string): Promise<StoredPayload | undefined> {
    return await this.#store.find(this.#model, id)
  }

  async findByUid (uid: string): Promise<StoredPayload | undefined> {
    return await this.#store.findByUid(uid)
  }

  async findByUserCode (userCode: string): Promise<StoredPayload | undefined> {
    return await this.#store.findByUserCode(userCode)
  }

  async consume (id: string): Promise<void> {
    await this.#store.consume(this.#model, id)
  }

  async destroy (id: string): Promise<void> {
    await this.#store.destroy(this.#model, id)
  }

  async revokeByGrantId (grantId: string): Promise<void> {
    await this.#store.revokeByGrantId(grantId)
  }
}

/** The factory oidc-provider's `adapter` option takes. */
export function adapterFactory (store: OAuthStore): (model: string) => StoreAdapter {
  return (model: string) => new StoreAdapter(model, store)
}
