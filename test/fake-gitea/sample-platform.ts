// acme/platform: Acme's TypeScript ordering and billing API, with a few months
// of history, two releases and a feature branch. It carries every kind of entry
// the contents API distinguishes: text, binary, Latin-1, large, over-10-MiB,
// executable, symlink and submodule.

import { GitHistory, signature } from './data.js'
import { architectureDiagramPng, customersCsv, latin1TariffNotes, productsSeedSql } from './generated-content.js'
import type { GitSignature } from './git-objects.js'

export const alice = (at: string, tz = 0): GitSignature => signature('Alice Nguyen', 'alice@acme.example', at, tz)
export const bob = (at: string, tz = 60): GitSignature => signature('Bob Martins', 'bob@acme.example', at, tz)
/** A contractor who commits but has no account on the Gitea instance. */
export const dana = (at: string): GitSignature => signature('Dana Kowalczyk', 'dana@northwind-consulting.example', at, -300)

/** The commit the api-schemas submodule is pinned to. */
export const API_SCHEMAS_COMMIT = '4e1f0c2a9b7d3e5f6a8c0b2d4e6f8a1c3e5b7d9f'

const readme = (withData: boolean): string => `# Acme Platform API

The HTTP API behind Acme's ordering and billing: customers place orders, the
billing service turns them into invoices with the right VAT, and the finance
team exports them every month.

## Getting started

\`\`\`sh
npm ci
cp .env.example .env   # then set DATABASE_URL
npm run dev            # http://localhost:8080
\`\`\`

## Layout

| Path | What |
| --- | --- |
| \`src/routes/\` | HTTP handlers (orders, health) |
| \`src/services/billing/\` | invoices and VAT rules |
| \`src/lib/\` | logger and database pool |
| \`docs/\` | architecture notes and the runbook |
${withData ? '| `data/` | customer fixtures and the product seed dump for local development |\n' : ''}
## Releases

Releases are tags \`vX.Y.Z\` on \`main\`. See [docs/runbook.md](docs/runbook.md)
for deploying one.
`

const packageJson = (version: string): string => JSON.stringify({
  name: '@acme/platform',
  version,
  private: true,
  type: 'module',
  scripts: {
    dev: 'tsx watch src/index.ts',
    build: 'tsc -p tsconfig.json',
    test: 'node --test dist/test',
    start: 'node dist/src/index.js'
  },
  dependencies: { fastify: '^4.26.0', pg: '^8.11.3', pino: '^8.19.0', zod: '^3.22.4' },
  devDependencies: { '@types/node': '^20.11.0', '@types/pg': '^8.11.0', tsx: '^4.7.0', typescript: '^5.3.3' }
}, null, 2) + '\n'

/** src/server.ts as it grows: 0 bare, 1 with health and orders, 2 with login. */
const serverTs = (stage: 0 | 1 | 2): string => {
  const imports = ["import Fastify from 'fastify'", "import { config } from './config.js'", "import { logger } from './lib/logger.js'"]
  const routes: string[] = []
  if (stage >= 1) {
    imports.push("import { healthRoutes } from './routes/health.js'", "import { orderRoutes } from './routes/orders.js'")
    routes.push('  await app.register(healthRoutes)', "  await app.register(orderRoutes, { prefix: '/v1/orders' })")
  }
  if (stage >= 2) {
    imports.push("import { loginRoutes } from './routes/auth/login.js'")
    routes.push("  await app.register(loginRoutes, { prefix: '/v1/auth' })")
  }
  return `${imports.join('\n')}

export async function buildServer () {
  const app = Fastify({ logger, trustProxy: config.trustProxy })
${routes.map((r) => r + '\n').join('')}  return app
}
`
}

const taxTs = (fixed: boolean): string => `// VAT rules for the countries Acme invoices in.

export const VAT_RATES: Record<string, number> = {
  PT: 0.23,
  ES: 0.21,
  FR: 0.20,
  DE: 0.19,
  NL: 0.21,
  IE: 0.23
}

export function vatRate (country: string): number {
  const rate = VAT_RATES[country]
  if (rate === undefined) throw new Error(\`no VAT rate for \${country}\`)
  return rate
}

${fixed
? `/**
 * VAT for an invoice, in cents. Computed on the invoice total and rounded once:
 * rounding every line drifted by a cent or more on invoices with many lines.
 */
export function vatCents (lineCents: number[], country: string): number {
  const net = lineCents.reduce((sum, c) => sum + c, 0)
  return Math.round(net * vatRate(country))
}`
: `/** VAT for an invoice, in cents. */
export function vatCents (lineCents: number[], country: string): number {
  return lineCents.reduce((sum, c) => sum + Math.round(c * vatRate(country)), 0)
}`}
`

const runbook = (withEscalation: boolean): string => `# Runbook

## Deploying a release

1. Tag the release on \`main\`: \`git tag -a v1.2.0 -m "..."\` and push the tag.
2. Run \`scripts/deploy.sh v1.2.0 production\` from a machine on the VPN.
3. Watch \`/healthz\` and the error rate dashboard for ten minutes.

## Rolling back

Run \`scripts/deploy.sh <previous tag> production\`. Database migrations are
forward-only; a rollback never runs them backwards.
${withEscalation
? `
## On-call escalation

- First line: the on-call developer (PagerDuty schedule "platform").
- After 30 minutes without mitigation: page the engineering manager.
- Customer-visible billing errors: tell #finance-ops immediately.
`
: ''}`

const loginTs = (rateLimited: boolean): string => `import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
${rateLimited ? "import { loginRateLimit } from '../../middleware/rate-limit.js'\n" : ''}
const Credentials = z.object({ email: z.string().email(), password: z.string().min(12) })

export const loginRoutes: FastifyPluginAsync = async (app) => {
  app.post('/login', ${rateLimited ? '{ preHandler: loginRateLimit }, ' : ''}async (request, reply) => {
    const credentials = Credentials.parse(request.body)
    const session = await app.sessions.create(credentials)
    if (session === null) return reply.code(401).send({ error: 'invalid credentials' })
    return { token: session.token, expiresAt: session.expiresAt }
  })
}
`

const FILES = {
  '.gitignore': 'node_modules/\ndist/\n.env\ncoverage/\n*.log\n',
  '.env.example': 'DATABASE_URL=postgres://platform:platform@localhost:5432/platform\nPORT=8080\nLOG_LEVEL=info\nTRUST_PROXY=false\n',
  'tsconfig.json': JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'dist', rootDir: '.' },
    include: ['src', 'test']
  }, null, 2) + '\n',
  'src/index.ts': `import { buildServer } from './server.js'
import { config } from './config.js'

const app = await buildServer()
await app.listen({ port: config.port, host: '0.0.0.0' })
`,
  'src/config.ts': `// Configuration from the environment, validated once at start-up.
import { z } from 'zod'

const Env = z.object({
  DATABASE_URL: z.string().url(),
  PORT: z.coerce.number().int().default(8080),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  TRUST_PROXY: z.coerce.boolean().default(false)
})

const env = Env.parse(process.env)

export const config = {
  databaseUrl: env.DATABASE_URL,
  port: env.PORT,
  logLevel: env.LOG_LEVEL,
  trustProxy: env.TRUST_PROXY
}
`,
  'src/lib/logger.ts': `import pino from 'pino'
import { config } from '../config.js'

export const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization'] })
`,
  'src/lib/db.ts': `import pg from 'pg'
import { config } from '../config.js'

export const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 })

export async function query<T extends pg.QueryResultRow> (text: string, values: unknown[] = []): Promise<T[]> {
  const result = await pool.query<T>(text, values)
  return result.rows
}
`,
  'src/routes/health.ts': `import type { FastifyPluginAsync } from 'fastify'
import { pool } from '../lib/db.js'

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => {
    await pool.query('SELECT 1')
    return { status: 'ok' }
  })
}
`,
  'src/routes/orders.ts': `import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { query } from '../lib/db.js'

const NewOrder = z.object({
  customerId: z.string().regex(/^C-\\d{6}$/),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })).min(1)
})

export const orderRoutes: FastifyPluginAsync = async (app) => {
  app.get('/:id', async (request, reply) => {
    const { id } = request.params as { id: string }
    const [order] = await query('SELECT * FROM orders WHERE id = $1', [id])
    return order ?? reply.code(404).send({ error: 'order not found' })
  })

  app.post('/', async (request, reply) => {
    const order = NewOrder.parse(request.body)
    const [created] = await query<{ id: string }>(
      'INSERT INTO orders (customer_id, lines) VALUES ($1, $2) RETURNING id',
      [order.customerId, JSON.stringify(order.lines)]
    )
    return reply.code(201).send(created)
  })
}
`,
  'src/services/billing/invoice.ts': `import { vatCents } from './tax.js'

export interface InvoiceLine { description: string, quantity: number, unitCents: number }

export interface Invoice {
  customerId: string
  country: string
  lines: InvoiceLine[]
  netCents: number
  vatCents: number
  totalCents: number
}

export function buildInvoice (customerId: string, country: string, lines: InvoiceLine[]): Invoice {
  const lineCents = lines.map((l) => l.quantity * l.unitCents)
  const netCents = lineCents.reduce((sum, c) => sum + c, 0)
  const vat = vatCents(lineCents, country)
  return { customerId, country, lines, netCents, vatCents: vat, totalCents: netCents + vat }
}
`,
  'test/billing/tax.test.ts': `import { test } from 'node:test'
import assert from 'node:assert/strict'
import { vatCents, vatRate } from '../../src/services/billing/tax.js'

test('Portuguese VAT is 23%', () => {
  assert.equal(vatRate('PT'), 0.23)
})

test('VAT on a single line', () => {
  assert.equal(vatCents([10000], 'DE'), 1900)
})
`
}

const TAX_TEST_ROUNDING = `
test('VAT is rounded once per invoice, not per line', () => {
  assert.equal(vatCents(Array(30).fill(333), 'PT'), 2298)
})
`

const contributing = `# Contributing

- Branch from \`main\`, name branches \`feature/...\` or \`fix/...\`.
- Every pull request needs one approval and a green \`ci/build\`.
- Write the commit message as a sentence in the imperative mood.
- Money is always an integer number of cents. Never use floats for amounts.
`

const architecture = `# Architecture

![Request flow](images/architecture.png)

Three parts, left to right in the diagram:

1. **API** (\`src/routes\`): validates requests with zod and never talks to
   other services directly.
2. **Billing** (\`src/services/billing\`): pure functions, no I/O, so it is
   easy to test. Amounts are integer cents.
3. **PostgreSQL**: orders and invoices. Migrations live in the infra repo.

The 2019 tariff grid in \`docs/legacy/\` is kept for audits only; it was
exported from the old ERP and is encoded in ISO-8859-1.
`

const deploySh = `#!/usr/bin/env bash
# Deploy a tagged release: scripts/deploy.sh <tag> <environment>
set -euo pipefail

tag="\${1:?usage: deploy.sh <tag> <environment>}"
env="\${2:?usage: deploy.sh <tag> <environment>}"

git fetch --tags origin
git rev-parse --verify "refs/tags/\${tag}" >/dev/null
ssh "deploy@\${env}.platform.acme.internal" "sudo /opt/platform/bin/release \${tag}"
echo "Deployed \${tag} to \${env}"
`

const rateLimitTs = `import type { FastifyReply, FastifyRequest } from 'fastify'

const WINDOW_MS = 15 * 60 * 1000
const MAX_ATTEMPTS = 5
const attempts = new Map<string, { count: number, resetAt: number }>()

/** Allows MAX_ATTEMPTS login attempts per IP and 15-minute window. */
export async function loginRateLimit (request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const now = Date.now()
  const entry = attempts.get(request.ip)
  if (entry === undefined || entry.resetAt < now) {
    attempts.set(request.ip, { count: 1, resetAt: now + WINDOW_MS })
    return
  }
  entry.count++
  if (entry.count > MAX_ATTEMPTS) {
    reply.header('Retry-After', Math.ceil((entry.resetAt - now) / 1000))
    await reply.code(429).send({ error: 'too many login attempts' })
  }
}
`

/** Builds acme/platform's git history. */
export function platformHistory (): GitHistory {
  const h = new GitHistory()
  const main = 'main'
  h.commit({
    branch: main,
    author: alice('2024-01-08T09:12:44'),
    message: 'Initial commit: Fastify service skeleton',
    files: {
      'README.md': readme(false),
      'package.json': packageJson('0.1.0'),
      '.gitignore': FILES['.gitignore'],
      '.env.example': FILES['.env.example'],
      'tsconfig.json': FILES['tsconfig.json'],
      'src/index.ts': FILES['src/index.ts'],
      'src/server.ts': serverTs(0),
      'src/config.ts': FILES['src/config.ts'],
      'src/lib/logger.ts': FILES['src/lib/logger.ts']
    }
  })
  h.commit({
    branch: main,
    author: bob('2024-01-15T16:40:02'),
    message: 'Add orders and health routes\n\nOrders are stored as JSON lines for now; a proper order_lines table\ncomes with the billing work.',
    files: {
      'src/server.ts': serverTs(1),
      'src/lib/db.ts': FILES['src/lib/db.ts'],
      'src/routes/health.ts': FILES['src/routes/health.ts'],
      'src/routes/orders.ts': FILES['src/routes/orders.ts']
    }
  })
  h.commit({
    branch: main,
    author: alice('2024-02-02T11:05:31'),
    message: 'Add billing service with VAT rules',
    files: {
      'src/services/billing/invoice.ts': FILES['src/services/billing/invoice.ts'],
      'src/services/billing/tax.ts': taxTs(false),
      'test/billing/tax.test.ts': FILES['test/billing/tax.test.ts']
    }
  })
  h.commit({
    branch: main,
    author: dana('2024-02-20T14:27:09'),
    committer: alice('2024-02-21T08:51:17'),
    message: 'Add architecture docs, diagram and legacy tariff notes',
    files: {
      'docs/architecture.md': architecture,
      'docs/images/architecture.png': architectureDiagramPng(),
      'docs/legacy/tarifs-2019.txt': latin1TariffNotes(),
      'docs/contributing.md': contributing,
      'CONTRIBUTING.md': { symlink: 'docs/contributing.md' }
    }
  })
  h.commit({
    branch: main,
    author: bob('2024-03-04T10:18:55'),
    message: 'Add customer fixtures and product seed dump for local development',
    files: {
      'README.md': readme(true),
      'data/fixtures/customers.csv': customersCsv(),
      'data/seed/products.sql': productsSeedSql()
    }
  })
  const v100 = h.commit({
    branch: main,
    author: alice('2024-03-11T17:02:40'),
    message: 'Release 1.0.0',
    files: { 'package.json': packageJson('1.0.0') }
  })
  h.lightweightTag('v1.0.0', v100.sha)
  h.commit({
    branch: main,
    author: alice('2024-04-09T09:44:12', 60),
    message: 'Fix VAT rounding on invoices with many lines\n\nRounding each line drifted by up to a cent per line; round the total once.\nReported by finance on invoice 2024-0311.',
    files: {
      'src/services/billing/tax.ts': taxTs(true),
      'test/billing/tax.test.ts': FILES['test/billing/tax.test.ts'] + TAX_TEST_ROUNDING
    }
  })
  h.commit({
    branch: main,
    author: bob('2024-04-22T13:30:00', 120),
    message: 'Add api-schemas submodule and deploy script',
    files: {
      '.gitmodules': '[submodule "vendor/api-schemas"]\n\tpath = vendor/api-schemas\n\turl = https://git.acme.example/acme/api-schemas.git\n',
      'vendor/api-schemas': { submodule: { commit: API_SCHEMAS_COMMIT } },
      'scripts/deploy.sh': { executable: deploySh },
      'docs/runbook.md': runbook(false)
    }
  })
  const v110 = h.commit({
    branch: main,
    author: alice('2024-05-06T10:00:21', 60),
    message: 'Release 1.1.0',
    files: { 'package.json': packageJson('1.1.0') }
  })
  h.annotatedTag('v1.1.0', v110.sha, alice('2024-05-06T10:03:09', 60),
    'Acme Platform 1.1.0\n\n- VAT is rounded once per invoice\n- Deploy script and runbook\n- api-schemas submodule')
  h.commit({
    branch: main,
    author: alice('2024-05-21T15:12:47', 60),
    message: 'Document on-call escalation in the runbook',
    files: { 'docs/runbook.md': runbook(true) }
  })
  const feature = 'feature/login-rate-limit'
  h.commit({
    branch: feature,
    from: main,
    author: bob('2024-06-03T11:20:14', 120),
    message: 'Add login route',
    files: { 'src/routes/auth/login.ts': loginTs(false), 'src/server.ts': serverTs(2) }
  })
  h.commit({
    branch: feature,
    author: bob('2024-06-04T09:02:33', 120),
    message: 'Rate-limit login attempts per IP\n\nFive attempts per IP and 15 minutes, then 429 with Retry-After.',
    files: { 'src/middleware/rate-limit.ts': rateLimitTs, 'src/routes/auth/login.ts': loginTs(true) }
  })
  return h
}
