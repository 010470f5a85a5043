import fp from 'fastify-plugin'
import { giteaClientFromConfig } from '../lib/gitea/from-config.js'
import type { GiteaClient } from '../lib/gitea/types.js'
import { createReadinessCheck, type Readiness } from '../lib/readiness.js'
import { createVersionCheck, type VersionCheck } from '../lib/gitea/version.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether Gitea accepts GITEA_TOKEN (its current user), cached a few seconds: all /ready may do with Gitea. */
    checkReady: () => Promise<Readiness>
    /** Gitea's version, asked once (bin/ at start-up, else the first readiness probe); warns once when it is too old. */
    giteaVersion: VersionCheck
  }
}

export interface ReadinessPluginOptions {
  /** For tests: a client to use instead of one built from the config. */
  gitea?: GiteaClient
}

const READY_CACHE_MS = 5_000

/**
 * The public scope's only view of Gitea: one probe, not a client. The tool
 * runner and its client live in the /mcp scope (plugins/gitea-tools.ts).
 */
export default fp<ReadinessPluginOptions>(async function readinessPlugin (app, options) {
  const client = options.gitea ?? giteaClientFromConfig(app.config.gitea, observation => { app.signals.emit('gitea', observation) })
  const version = createVersionCheck(async () => await client.getVersion(), (warning, reported) => { app.log.warn({ gitea_version: reported }, warning) })
  // The version never decides readiness: a Gitea that cannot say is still ready when the token works.
  const readiness = createReadinessCheck(async () => { await client.getCurrentUser(); await version.check() }, READY_CACHE_MS, Date.now,
    (error) => { app.log.warn({ err: error, detail: (error as { detail?: unknown }).detail }, 'readiness check: Gitea failed') })
  app.decorate('checkReady', async () => await readiness.check())
  app.decorate('giteaVersion', version)
}, { fastify: '5.x', name: 'readiness', dependencies: ['config', 'signals'] })
