import { APP_NAME, APP_VERSION } from '../app-info.js'
import type { AppConfig } from '../config.js'
import { createGiteaClient, type GiteaClientOptions } from './client.js'
import type { GiteaClient } from './types.js'

/** A Gitea client as configured (GITEA_URL, GITEA_TOKEN, REQUEST_TIMEOUT_SECONDS): for the tools and for /ready. */
export function giteaClientFromConfig (gitea: AppConfig['gitea'], observe?: GiteaClientOptions['observe']): GiteaClient {
  return createGiteaClient({
    observe,
    baseUrl: gitea.url,
    token: gitea.token,
    timeoutMs: gitea.timeoutMs,
    userAgent: `${APP_NAME}/${APP_VERSION}`
  })
}
