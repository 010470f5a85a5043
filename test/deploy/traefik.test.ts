// traefik/: the example static configuration and the file-provider middlewares, checked against
// what docker/compose.yaml expects of Traefik (entry point, resolver, network, middlewares).

import t from 'tap'
import { existsSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { ROOT, asLabels, interpolate, labels, loadCompose, obj, readText, readYaml } from '../helpers/deploy-files.js'

const staticConfig = obj(readYaml('traefik/traefik.yml'), 'traefik.yml')
const dynamicConfig = obj(readYaml('traefik/dynamic/middlewares.yml'), 'middlewares.yml')
const service = loadCompose().services['aegis-gitea-mcp']
const composeLabels = labels(obj(service, 'service'))
const defaults = Object.fromEntries(Object.entries(composeLabels).map(([key, value]) => [key, interpolate(value, { MCP_DOMAIN: 'mcp.example.com' })]))
const routerLabel = (suffix: string): string => Object.entries(defaults).find(([key]) => /^traefik\.http\.routers\.[^.]+\./.test(key) && key.endsWith(`.${suffix}`))?.[1] ?? ''

t.test('entry points: web on :80 redirects to websecure on :443', async t => {
  const entryPoints = obj(staticConfig.entryPoints, 'entryPoints')
  const web = obj(entryPoints.web, 'web')
  const websecure = obj(entryPoints.websecure, 'websecure')
  t.equal(web.address, ':80')
  t.equal(websecure.address, ':443')
  t.match(web, { http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https' } } } })
  t.equal(routerLabel('entrypoints'), 'websecure', 'the compose router uses websecure')
  // Long SSE streams: no limit on writing a response.
  const timeouts = obj(obj(websecure.transport ?? {}, 'transport').respondingTimeouts ?? {}, 'respondingTimeouts')
  t.ok(timeouts.writeTimeout === undefined || /^0s?$/.test(String(timeouts.writeTimeout)), 'writeTimeout is 0 (SSE)')
  // Traefik is the edge: it must not believe client-sent X-Forwarded-For.
  for (const entryPoint of [web, websecure]) t.not(obj(entryPoint.forwardedHeaders ?? {}, 'forwardedHeaders').insecure, true)
})

t.test('an ACME resolver by the name compose uses, with a storage file and a challenge', async t => {
  const resolvers = obj(staticConfig.certificatesResolvers, 'certificatesResolvers')
  const name = routerLabel('tls.certresolver')
  t.equal(name, 'letsencrypt')
  const acme = obj(obj(resolvers[name], name).acme, 'acme')
  t.match(acme.storage, /\.json$/)
  t.match(acme.email, /@/)
  const challenge = acme.httpChallenge ?? acme.tlsChallenge ?? acme.dnsChallenge
  t.ok(challenge, 'a challenge')
  if (acme.httpChallenge !== undefined) t.equal(obj(acme.httpChallenge, 'httpChallenge').entryPoint, 'web')
})

t.test('the Docker provider routes only labelled containers, on the compose network', async t => {
  const providers = obj(staticConfig.providers, 'providers')
  const docker = obj(providers.docker, 'docker')
  t.equal(docker.exposedByDefault, false)
  t.equal(docker.network, defaults['traefik.docker.network'], 'the network compose attaches to (default)')
  const file = obj(providers.file, 'file')
  t.equal(basename(String(file.directory)), 'dynamic', 'the file provider reads a dynamic/ folder')
  t.ok(existsSync(resolve(ROOT, 'traefik/dynamic/middlewares.yml')))
})

t.test('access log on, without request headers (they carry the API key)', async t => {
  const accessLog = obj(staticConfig.accessLog, 'accessLog')
  const headers = obj(obj(accessLog.fields ?? {}, 'fields').headers ?? {}, 'headers')
  t.ok(headers.defaultMode === undefined || headers.defaultMode === 'drop' || headers.defaultMode === 'redact', 'headers dropped (the default) or redacted')
  const names = obj(headers.names ?? {}, 'names')
  t.notOk(Object.entries(names).some(([key, mode]) => key.toLowerCase() === 'authorization' && mode === 'keep'), 'Authorization is never kept')
})

t.test('the file middlewares are the same as the compose labels', async t => {
  const fromFile = asLabels(dynamicConfig)
  const fromLabels = Object.fromEntries(Object.entries(defaults)
    .filter(([key]) => key.startsWith('traefik.http.middlewares.'))
    .map(([key, value]) => [key.toLowerCase(), value]))
  t.ok(Object.keys(fromFile).length >= 9)
  t.same(fromFile, fromLabels)
  // The names the router uses exist in the file, so `<name>@file` works the same.
  const middlewares = obj(obj(dynamicConfig.http, 'http').middlewares, 'middlewares')
  for (const name of routerLabel('middlewares').split(',')) t.ok(name in middlewares, `${name} is in the file`)
})

t.test('READMEs for docker/ and traefik/ exist and name the commands', async t => {
  const docker = readText('docker/README.md')
  t.match(docker, /docker compose -f docker\/compose\.yaml up -d/)
  t.match(docker, /TRUST_PROXY/)
  const traefik = readText('traefik/README.md')
  t.match(traefik, /TRUST_PROXY/)
  t.match(traefik, /@file/)
  t.match(traefik, /respondingTimeouts/)
})
