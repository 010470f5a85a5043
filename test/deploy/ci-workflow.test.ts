// .gitea/workflows/ci.yaml: runs on push and pull requests, tests on Node 20 and 22 with
// `npm ci` then `npm test`, builds the image from docker/Dockerfile, and pushes only when gated.

import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { ROOT, type Json, obj, readYaml } from '../helpers/deploy-files.js'

const workflow = obj(readYaml('.gitea/workflows/ci.yaml'), 'workflow')
const jobs = Object.entries(obj(workflow.jobs, 'jobs')).map(([name, job]) => [name, obj(job, name)] as const)
const steps = (job: Json): Json[] => (job.steps as unknown[]).map(step => obj(step, 'step'))
const runs = (job: Json): string[] => steps(job).map(step => String(step.run ?? ''))

t.test('runs on push and pull_request', async t => {
  // YAML 1.1 readers turn a bare `on` key into true; the yaml package keeps "on".
  const on = obj(workflow.on, 'on')
  t.ok('push' in on)
  t.ok('pull_request' in on)
})

t.test('a test job: Node 20 and 22 on ubuntu-latest, npm ci then npm test', async t => {
  const test = jobs.find(([, job]) => runs(job).some(run => /^npm test\b/m.test(run)))
  t.ok(test, 'a job runs npm test')
  const job = test?.[1] ?? {}
  t.equal(job['runs-on'], 'ubuntu-latest')
  const matrix = obj(obj(job.strategy, 'strategy').matrix, 'matrix')
  t.same(matrix.node, [20, 22])
  const setup = steps(job).find(step => String(step.uses).startsWith('actions/setup-node@'))
  t.equal(setup?.uses, 'actions/setup-node@v4')
  t.equal(obj(setup?.with, 'with')['node-version'], '${{ matrix.node }}')
  const commands = runs(job)
  const ci = commands.findIndex(run => /^npm ci\b/m.test(run))
  const npmTest = commands.findIndex(run => /^npm test\b/m.test(run))
  t.ok(ci !== -1 && ci < npmTest, 'npm ci before npm test')
  const redis = commands.findIndex(run => /apt-get install .*\bredis-server\b/.test(run))
  t.ok(redis !== -1 && redis < npmTest, 'redis-server installed before npm test (the shared-state tests start one)')
  t.ok(steps(job).findIndex(step => String(step.uses).startsWith('actions/checkout@')) === 0, 'checks out first')
})

t.test('an image job builds docker/Dockerfile from the repository root', async t => {
  const image = jobs.find(([, job]) => runs(job).some(run => /docker build -f docker\/Dockerfile .* \.$|docker build -f docker\/Dockerfile \.$/m.test(run)))
  t.ok(image, 'a job runs docker build -f docker/Dockerfile ... .')
  t.ok(existsSync(resolve(ROOT, 'docker/Dockerfile')))
  const job = image?.[1] ?? {}
  t.equal(job.needs, 'test', 'only after the tests pass')
  // Pushing is gated: v* tags only, and only when the repository turns it on.
  for (const step of steps(job).filter(s => /docker push/.test(String(s.run ?? '')))) {
    t.match(String(step.if), /startsWith\(github\.ref, 'refs\/tags\/v'\)/)
    t.match(String(step.if), /vars\.REGISTRY_PUSH == 'true'/)
    t.notMatch(String(step.run), /\$\{\{\s*secrets\./, 'secrets reach the script through env, not inline')
  }
})

t.test('every run script is valid bash', async t => {
  for (const [name, job] of jobs) {
    for (const run of runs(job).filter(r => r !== '')) {
      const result = spawnSync('bash', ['-n'], { input: run, encoding: 'utf8' })
      t.equal(result.status, 0, `${name}: ${run.split('\n')[0] ?? ''} ${result.stderr}`)
    }
  }
})
