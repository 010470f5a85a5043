import t from 'tap'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { EnvSchema } from '../lib/config.js'

const file = readFileSync(resolve(import.meta.dirname, '../.env.example'), 'utf8')
const example = parseEnv(file)

t.test('.env.example lists exactly the variables of the config schema', async t => {
  t.same(Object.keys(example).sort(), Object.keys(EnvSchema.properties).sort())
})

t.test('.env.example shows each default as the schema has it', async t => {
  for (const [name, schema] of Object.entries(EnvSchema.properties) as Array<[string, { default?: unknown }]>) {
    if (schema.default === undefined || schema.default === '') continue
    t.equal(example[name], String(schema.default), name)
  }
})

t.test('.env.example holds no secret', async t => {
  t.equal(example.GITEA_TOKEN, '')
  t.equal(example.MCP_API_KEYS, '')
})
