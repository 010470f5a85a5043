// The parts of oidc-provider (which ships no types) this server uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export interface KoaContextWithOIDC {
    req: IncomingMessage
    status: number
    type: string
    body: unknown
    set: (name: string, value: string) => void
    oidc: {
      route?: string
      client?: ClientLike
      params?: Record<string, unknown>
      entities: { Account?: { accountId: string }, Client?: ClientLike, Grant?: { accountId: string, clientId: string }, RefreshToken?: TokenLike, AccessToken?: TokenLike, [name: string]: unknown }
    }
  }

  export interface ClientLike {
    clientId: string
    clientName?: string
    redirectUris: string[]
    clientAuthMethod?: string
    metadata: () => Record<string, unknown>
  }

  export interface TokenLike {
    jti: string
    clientId: string
    accountId: string
    grantId: string
    aud?: string | string[]
    scope?: string
    exp?: number
    /** Issued at (epoch seconds). */
    iat?: number
    isExpired: boolean
    gty?: string
  }

  export interface GrantLike {
    accountId: string
    clientId: string
    addOIDCScope: (scope: string) => void
    addResourceScope: (resource: string, scope: string) => void
    save: () => Promise<string>
  }

  export interface InteractionLike {
    uid: string
    prompt: { name: string, reasons: string[], details: Record<string, unknown> }
    params: Record<string, unknown> & { client_id?: string, redirect_uri?: string, resource?: string | string[] }
    session?: { accountId: string }
    grantId?: string
    lastSubmission?: Record<string, unknown>
  }

  export class OIDCProviderError extends Error {
    error: string
    error_description?: string
    statusCode: number
  }

  export const errors: Record<string, new (description?: string) => OIDCProviderError> & {
    InvalidClientMetadata: new (description: string) => OIDCProviderError
    InvalidRedirectUri: new (description?: string) => OIDCProviderError
    InvalidTarget: new (description?: string) => OIDCProviderError
    InvalidClient: new (description?: string) => OIDCProviderError
  }

  export default class Provider {
    constructor (issuer: string, configuration: Record<string, unknown>)
    proxy: boolean
    callback (): (req: IncomingMessage, res: ServerResponse) => void
    on (event: string, listener: (...args: any[]) => void): this
    interactionDetails (req: IncomingMessage, res: ServerResponse): Promise<InteractionLike>
    interactionFinished (req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>
    interactionResult (req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<string>
    AccessToken: { find: (value: string, options?: { ignoreExpiration?: boolean }) => Promise<TokenLike | undefined> }
    Client: { find: (id: string) => Promise<ClientLike | undefined> }
    Grant: (new (properties: { accountId: string, clientId: string }) => GrantLike) & { find: (id: string) => Promise<GrantLike | undefined> }
  }
}
