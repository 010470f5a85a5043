// docker/compose.yaml (and the service file it includes), checked without Docker: what a reviewer
// of a deployment behind Traefik looks for, and that every ${VAR} it uses can be filled.

import t from 'tap'
import { existsSync } from 'node:fs'
import { posix, resolve } from 'node:path'
import {
  ROOT, type Json, composeVariables, environment, envExample, finalStage, interpolateTree,
  labels, list, loadCompose, obj, parseDockerfile, readText, serviceEnvironment
} from '../helpers/deploy-files.js'

const project = loadCompose()
const example = envExample()
const image = environment(finalStage(parseDockerfile(readText('docker/Dockerfile'))))
const services = Object.entries(project.services)
// The server (built from this repository), apart from the Redis of the `replicas` profile.
const apps = services.filter(([, service]) => service.build !== undefined)
// What an operator's .env provides for the required values, for the checks that need values.
const SAMPLE_ENV = { MCP_DOMAIN: 'mcp.example.com', TRUST_PROXY: '172.30.0.0/24', AEGIS_REPLICAS: '2' }
const resolved = obj(interpolateTree({ services: project.services, networks: project.networks }, SAMPLE_ENV), 'resolved')
const resolvedService = (name: string): Json => obj(obj(resolved.services, 'services')[name], name)

t.test('one project name, and the root .env feeds both ${VAR} values and the container', async t => {
  t.equal(project.name, 'aegis-gitea-mcp', 'a fixed project name, not the folder name "docker"')
  t.ok(project.files.length >= 2, 'compose.yaml includes the service file')
  t.same(project.includeEnvFiles, [resolve(ROOT, '.env')], 'the included file reads ${VAR} values from the root .env')
  t.same(apps.map(([name]) => name), ['aegis-gitea-mcp'])
  for (const [name, service] of apps) {
    const dir = project.serviceDirs[name] ?? ''
    const envFiles = list(service.env_file).map(entry => entry.startsWith('{') ? String((JSON.parse(entry) as { path: string }).path) : entry)
    t.same(envFiles.map(file => resolve(dir, file)), [resolve(ROOT, '.env')], `${name}: env_file is the root .env`)
    const build = obj(service.build, `${name}.build`)
    const context = resolve(dir, String(build.context))
    t.equal(context, ROOT, `${name}: builds from the repository root`)
    t.ok(existsSync(resolve(context, String(build.dockerfile))), `${name}: ${String(build.dockerfile)} exists`)
  }
})

t.test('no published ports, no host network, no privileges', async t => {
  for (const file of project.files) t.notMatch(file.text, /^\s*ports\s*:/m, `${file.path}: no ports:`)
  for (const [name, service] of services) {
    t.equal(service.ports, undefined, `${name}: no ports`)
    t.equal(service.network_mode, undefined, `${name}: no network_mode`)
    t.notOk(service.privileged, `${name}: not privileged`)
    t.equal(service.cap_add, undefined, `${name}: no cap_add`)
    t.equal(service.read_only, true, `${name}: read_only`)
    t.ok(list(service.tmpfs).some(entry => entry === '/tmp' || entry.startsWith('/tmp:')), `${name}: tmpfs on /tmp`)
    t.same(list(service.cap_drop), ['ALL'], `${name}: cap_drop ALL`)
    t.ok(list(service.security_opt).includes('no-new-privileges:true'), `${name}: no-new-privileges`)
    t.equal(service.restart, 'unless-stopped', `${name}: restart policy`)
    t.notOk(['root', '0'].includes(String(service.user ?? 'node').split(':')[0] ?? ''), `${name}: not root`)
  }
})

t.test('the container listens for Traefik and logs to a named volume', async t => {
  for (const [name, service] of apps) {
    const env = serviceEnvironment(service)
    t.equal(env.MCP_HOST, '0.0.0.0', `${name}: MCP_HOST`)
    t.equal(env.MCP_PORT, image.MCP_PORT, `${name}: MCP_PORT as in the image`)
    t.equal(env.AUDIT_LOG_PATH, image.AUDIT_LOG_PATH, `${name}: AUDIT_LOG_PATH as in the image`)
    // Secrets come from .env through env_file, never written into the compose file.
    for (const secret of ['GITEA_TOKEN', 'MCP_API_KEYS']) t.notOk(secret in env, `${name}: no ${secret} in environment`)

    const logDir = posix.dirname(env.AUDIT_LOG_PATH ?? '')
    const mounts = list(service.volumes).map(entry => entry.split(':'))
    const mount = mounts.find(([, target]) => target === logDir)
    t.ok(mount, `${name}: a volume on ${logDir}`)
    t.ok(mount !== undefined && (mount[0] ?? '') in project.volumes, `${name}: a named volume, declared at the top level`)
  }
})

t.test('TRUST_PROXY is the Traefik network, with the reason beside it', async t => {
  for (const [name, service] of apps) {
    const raw = serviceEnvironment(service).TRUST_PROXY ?? ''
    t.match(raw, /^\$\{TRUST_PROXY:\?[^}]+\}$/, `${name}: required, so compose refuses to start without it`)
    t.ok('TRUST_PROXY' in example, 'and documented in .env.example')
    const value = String(serviceEnvironment(resolvedService(name)).TRUST_PROXY)
    t.notMatch(value, /^(true|\*|0\.0\.0\.0\/0|::\/0)$/i, 'never every proxy')
  }
  const file = project.files.find(f => /TRUST_PROXY:/.test(f.text))
  const lines = file?.text.split('\n') ?? []
  const at = lines.findIndex(line => /^\s*TRUST_PROXY:/.test(line))
  let comment = ''
  for (let i = at - 1; i >= 0 && /^\s*#/.test(lines[i] ?? ''); i--) comment = `${lines[i] ?? ''}\n${comment}`
  t.match(comment, /subnet/i, 'says to use the Traefik network subnet')
  t.match(comment, /lock/i, 'names the lockout reason')
  t.match(comment, /audit/i, 'names the audit reason')
  t.match(comment, /never trust every proxy/i)
})

const networksOf = (service: Json): string[] => Array.isArray(service.networks) ? service.networks.map(String) : Object.keys(obj(service.networks ?? {}, 'networks'))

t.test('the server on the external Traefik network, Redis only on an internal one', async t => {
  for (const [name, service] of apps) {
    const networks = networksOf(service)
    t.same(networks, ['traefik', 'state'], `${name}: Traefik's network, and the internal one Redis is on`)
    const declared = obj(project.networks.traefik, 'network traefik')
    t.equal(declared.external, true, 'traefik is external (Traefik\'s)')
    t.equal(declared.name, '${TRAEFIK_NETWORK:-traefik}', 'name from TRAEFIK_NETWORK, default traefik')
    t.equal(labels(service)['traefik.docker.network'], declared.name, 'Traefik is told the same network')
  }
  t.equal(obj(project.networks.state, 'network state').internal, true, 'state is internal: no way out, nothing from the Traefik network in')
  const redis = obj(project.services.redis, 'redis')
  t.same(networksOf(redis), ['state'], 'Redis only on the internal network')
  t.notOk(Object.keys(labels(redis)).some(key => key.startsWith('traefik.')), 'and Traefik is never told of it')
})

t.test('the replicas profile: Redis, and the server behind the same labels, scaled by AEGIS_REPLICAS', async t => {
  const redis = obj(project.services.redis, 'redis')
  t.same(list(redis.profiles), ['replicas'], 'Redis runs only with --profile replicas')
  t.match(String(redis.image), /^(redis:7|valkey\/valkey:)/)
  const command = list(redis.command)
  t.same(command.slice(0, 5), ['redis-server', '--appendonly', 'yes', '--save', ''], 'append-only file on, no snapshots')
  t.ok(command.includes('volatile-ttl'), 'under memory pressure, evicts keys that expire soonest: every key has a TTL')
  t.ok(list(redis.volumes).some(volume => volume.startsWith('redis-data:/data')) && 'redis-data' in project.volumes, 'its data on a named volume')
  const health = obj(redis.healthcheck, 'healthcheck')
  t.match(list(health.test).join(' '), /redis-cli ping/, 'a health check')

  for (const [name, service] of apps) {
    t.equal(service.profiles, undefined, `${name}: in no profile, so a plain up runs it as before`)
    t.equal(obj(service.deploy, 'deploy').replicas, '${AEGIS_REPLICAS:-1}', 'one replica unless .env says more')
    t.equal(obj(obj(resolvedService(name).deploy, 'deploy'), 'deploy').replicas, '2', 'two with AEGIS_REPLICAS=2')
    t.same(obj(service.depends_on, 'depends_on'), { redis: { condition: 'service_healthy', required: false } }, 'waits for a healthy Redis when the profile runs it')
    t.equal(service.container_name, undefined, 'no container_name: replicas need their own')
    const label = labels(resolvedService(name))
    const sticky = 'traefik.http.services.aegis-mcp.loadbalancer.sticky.cookie'
    t.same({ name: label[`${sticky}.name`], secure: label[`${sticky}.secure`], httpOnly: label[`${sticky}.httpOnly`] },
      { name: 'aegis_mcp_replica', secure: 'true', httpOnly: 'true' }, 'a sticky cookie keeps a legacy SSE client on its replica')
  }
  t.ok('REDIS_URL' in example, 'REDIS_URL is in .env.example')
})

t.test('Traefik labels: HTTPS router on MCP_DOMAIN, rate limit and security headers', async t => {
  for (const [name, service] of apps) {
    const raw = labels(service)
    const label = labels(resolvedService(name))
    t.equal(label['traefik.enable'], 'true')
    const routers = [...new Set(Object.keys(label).map(key => /^traefik\.http\.routers\.([^.]+)\./.exec(key)?.[1]).filter(r => r !== undefined))]
    t.equal(routers.length, 1, 'one router')
    const r = `traefik.http.routers.${routers[0] ?? ''}`
    t.match(raw[`${r}.rule`], /^Host\(`\$\{MCP_DOMAIN(:\?[^}]*)?\}`\)$/, 'router rule on MCP_DOMAIN')
    t.equal(label[`${r}.rule`], 'Host(`mcp.example.com`)')
    t.equal(label[`${r}.entrypoints`], 'websecure')
    t.equal(label[`${r}.tls`], 'true')
    t.equal(raw[`${r}.tls.certresolver`], '${TRAEFIK_CERT_RESOLVER:-letsencrypt}', 'certificate resolver, default letsencrypt')

    const target = label[`${r}.service`] ?? ''
    t.equal(label[`traefik.http.services.${target}.loadbalancer.server.port`], image.MCP_PORT, 'Traefik forwards to the port the server listens on')

    const middlewares = (label[`${r}.middlewares`] ?? '').split(',')
    t.equal(middlewares.length, 2)
    const m = (kind: string): string => {
      const found = middlewares.find(mw => Object.keys(label).some(key => key.startsWith(`traefik.http.middlewares.${mw}.${kind}.`)))
      t.ok(found, `a ${kind} middleware is defined and attached`)
      return `traefik.http.middlewares.${found ?? ''}.${kind}`
    }
    const rl = m('ratelimit')
    t.equal(label[`${rl}.average`], '60')
    t.equal(label[`${rl}.period`], '1m')
    t.ok(Number(label[`${rl}.burst`]) > 0, 'a burst')
    t.notOk(Object.keys(label).some(key => key.startsWith(`${rl}.sourcecriterion`)), 'per client IP: the default source criterion')
    const h = m('headers')
    t.same({
      stsSeconds: label[`${h}.stsSeconds`],
      stsIncludeSubdomains: label[`${h}.stsIncludeSubdomains`],
      stsPreload: label[`${h}.stsPreload`],
      frameDeny: label[`${h}.frameDeny`],
      contentTypeNosniff: label[`${h}.contentTypeNosniff`],
      contentSecurityPolicy: label[`${h}.contentSecurityPolicy`],
      referrerPolicy: label[`${h}.referrerPolicy`]
    }, {
      stsSeconds: '31536000',
      stsIncludeSubdomains: 'true',
      stsPreload: 'true',
      frameDeny: 'true',
      contentTypeNosniff: 'true',
      contentSecurityPolicy: "frame-ancestors 'none'",
      referrerPolicy: 'no-referrer'
    })
    t.equal(middlewares[0], h.split('.')[3], 'headers first, so Traefik\'s own 429s carry them')
  }
})

t.test('every ${VAR} has a default or is in .env.example; required ones stop compose', async t => {
  const variables = project.files.flatMap(file => composeVariables(file.text))
  t.ok(variables.length > 0)
  for (const variable of variables) {
    t.not(variable.operator, 'bare', `${variable.name} is braced (a literal $ is written $$)`)
    const hasDefault = (variable.operator === ':-' || variable.operator === '-') && variable.argument !== ''
    t.ok(hasDefault || variable.name in example, `${variable.name}: has a default or is in .env.example`)
  }
  for (const required of ['MCP_DOMAIN', 'TRUST_PROXY']) {
    t.ok(variables.some(v => v.name === required && v.operator === ':?'), `${required} is required (:?)`)
    const without: Record<string, string> = { ...SAMPLE_ENV }
    delete without[required]
    t.throws(() => interpolateTree(project.services, without), new RegExp(required), `without ${required} compose stops with a message`)
  }
})
