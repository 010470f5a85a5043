import type { OAuthStore, StoredPayload } from './store.js'

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
    await this.#store.upsert(this.#model, id, payload, expiresIn)
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
