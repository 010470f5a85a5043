/**
 * Why a call to Gitea failed, in terms a person can act on. Messages never
 * contain the token nor Gitea's address (GITEA_URL is internal: the client
 * is told what failed, the application log where), and say what to check.
 */
export type GiteaErrorCode =
  | 'gitea_unauthorized' // 401: GITEA_TOKEN is wrong or revoked
  | 'gitea_forbidden' // 403: the token lacks a scope
  | 'not_found' // 404: missing, or the token cannot read it (Gitea does not tell which)
  | 'empty_repository' // 409: the repository has no commits
  | 'bad_request' // 400/422: Gitea rejected an argument (unknown tree sha, bad date)
  | 'gitea_timeout' // REQUEST_TIMEOUT_SECONDS passed
  | 'gitea_unreachable' // connection refused, DNS failure, TLS failure
  | 'gitea_error' // 5xx or an answer that is not what the API promises

export class GiteaError extends Error {
  readonly code: GiteaErrorCode
  readonly status: number | undefined
  /** For the application log only: the Gitea host, a redirect target, the network cause. */
  readonly detail: string | undefined

  constructor (code: GiteaErrorCode, message: string, status?: number, detail?: string) {
    super(message)
    this.name = 'GiteaError'
    this.code = code
    this.status = status
    this.detail = detail
  }
}
