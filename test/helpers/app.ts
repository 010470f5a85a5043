import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp, loggerOptions, type BuildAppOptions } from '../../app.js'
import { loadConfig, type AppConfig } from '../../lib/config.js'
import { startFakeGitea, type FakeGitea, type FakeGiteaOptions } from '../fake-gitea/server.js'
import { LineCollector } from './lines.js'

// Test-only keys (never used outside tests).
export const KEY_ONE = 'agm_test_key_one_000000000000000000000000000000'
export const KEY_TWO = 'agm_test_key_two_111111111111111111111111111111'

export interface TestApp {
  app: FastifyInstance
  config: AppConfig
  audit: LineCollector
  logs: LineCollector
  gitea: FakeGitea
}

export interface TestAppOptions extends Partial<Omit<BuildAppOptions, 'config'>> {
  env?: Record<string, string>
  /** To play an older Gitea: the version it reports and the endpoints it lacks. */
  fakeGitea?: Pick<FakeGiteaOptions, 'version' | 'missing'>
}

/** A fresh fake Gitea and the real app wired to it, torn down with the test. */
export async function buildTestApp (t: Test, options: TestAppOptions = {}): Promise<TestApp> {
  const gitea = await startFakeGitea(options.fakeGitea)
  t.teardown(async () => { await gitea.close() })
  const config = loadConfig({
    GITEA_URL: gitea.url,
    GITEA_TOKEN: gitea.token,
    MCP_API_KEYS: `${KEY_ONE},${KEY_TWO}`,
    AUDIT_LOG_PATH: '-',
    ...options.env
  })
  const audit = new LineCollector()
  const logs = new LineCollector()
  const { env: _env, fakeGitea: _fakeGitea, ...rest } = options
  const app = await buildApp({
    config,
    auditStream: audit,
    // The production logger options, at the most verbose level, so a test sees every line production could write.
    logger: { ...loggerOptions(config, logs), level: 'trace' },
    ...rest
  })
  t.teardown(async () => { await app.close() })
  await app.ready()
  return { app, config, audit, logs, gitea }
}

export function bearer (key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` }
}
