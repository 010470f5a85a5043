// The Grafana dashboard in docs/ queries only metrics the server exports, and the README's metric
// table names every aegis_ metric the server exports.
import t, { type Test } from 'tap'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { buildTestApp } from '../helpers/app.js'

const ROOT = resolve(import.meta.dirname, '../..')
const dashboard = JSON.parse(readFileSync(resolve(ROOT, 'docs/grafana-dashboard.json'), 'utf8')) as {
  uid: string
  panels: Array<{ title: string, datasource: { uid: string }, targets: Array<{ expr: string }> }>
}
// Grafana's own variable syntax, not a template string.
const DATASOURCE_VARIABLE = ['$', '{datasource}'].join('')
const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')

async function exported (t: Test): Promise<Set<string>> {
  const { app } = await buildTestApp(t, { env: { METRICS_PORT: '9464' } })
  if (app.metrics === null) throw new Error('metrics are off')
  return new Set((await app.metrics.registry.getMetricsAsJSON()).map(metric => metric.name))
}

/** A series name as queried, back to its metric: histograms are queried as _bucket, _sum, _count. */
function metricOf (series: string, names: Set<string>): string {
  const base = series.replace(/_(bucket|sum|count)$/, '')
  return names.has(series) ? series : base
}

t.test('every series the dashboard queries is exported', async t => {
  const names = await exported(t)
  const queried = new Set(dashboard.panels.flatMap(panel => panel.targets.flatMap(target => [...target.expr.matchAll(/\b(aegis_[a-z_]+|process_[a-z_]+|nodejs_[a-z0-9_]+)\b/g)].map(m => m[1] ?? ''))))
  t.ok(queried.size >= 10, 'the dashboard queries the service')
  for (const series of queried) t.ok(names.has(metricOf(series, names)), `${series} is exported`)
  for (const panel of dashboard.panels) t.equal(panel.datasource.uid, DATASOURCE_VARIABLE, `${panel.title}: the data source is picked at import`)
})

t.test('the README lists every aegis_ metric, and the dashboard uses each', async t => {
  const names = [...await exported(t)].filter(name => name.startsWith('aegis_'))
  t.ok(names.length >= 12)
  const text = JSON.stringify(dashboard)
  for (const name of names) {
    t.ok(readme.includes(`| \`${name}\` |`), `${name} in the README's table`)
    t.ok(text.includes(name), `${name} on the dashboard`)
  }
})
