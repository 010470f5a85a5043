import t from 'tap'
import { parseEnv } from 'node:util'
import { readEnvKeys, writeEnvKeys } from '../../../lib/keys/env-file.js'

const D1 = `sha256:${'a'.repeat(64)}`
const D2 = `sha256:${'b'.repeat(64)}`

t.test('reads MCP_API_KEYS as dotenv does', async t => {
  const cases: Array<[string, string[], number | null]> = [
    ['MCP_API_KEYS=one,two\n', ['one', 'two'], 1],
    ['A=1\nMCP_API_KEYS= one , ,two # the keys\n', ['one', 'two'], 2],
    ['export MCP_API_KEYS="one,two" # quoted\n', ['one', 'two'], 1],
    ["  MCP_API_KEYS = 'one'\n", ['one'], 1],
    ['MCP_API_KEYS=\n', [], 1],
    ['A=1\r\nMCP_API_KEYS=one\r\nB=2', ['one'], 2],
    ['# MCP_API_KEYS=commented\nOTHER_MCP_API_KEYS=x\n', [], null],
    ['', [], null]
  ]
  for (const [text, entries, lineNumber] of cases) {
    t.same(readEnvKeys(text), { entries, lineNumber }, JSON.stringify(text))
    if (lineNumber !== null) t.same(parseEnv(text).MCP_API_KEYS?.split(',').map(e => e.trim()).filter(e => e !== '') ?? [], entries, 'node agrees')
  }
})

t.test('refuses what it cannot rewrite safely, naming the line and no value', async t => {
  t.throws(() => readEnvKeys('MCP_API_KEYS=a\nX=1\nMCP_API_KEYS=secret-b\n'), { message: 'MCP_API_KEYS is set on line 1 and again on line 3; keep one' })
  t.throws(() => readEnvKeys('X=1\nMCP_API_KEYS="secret-a,\nsecret-b"\n'), { message: 'line 2: MCP_API_KEYS has an unclosed quote (a value over several lines is not supported)' })
  t.throws(() => readEnvKeys('MCP_API_KEYS=`secret`\n'), { message: 'line 1: write MCP_API_KEYS without backquotes' })
})

t.test('rewrites only the MCP_API_KEYS line, every other byte kept', async t => {
  const text = '# config\r\nGITEA_URL=https://git.example.com\r\nexport MCP_API_KEYS="one" # rotate me\r\nLOG_LEVEL=info'
  const out = writeEnvKeys(text, ['one', D1])
  t.equal(out, `# config\r\nGITEA_URL=https://git.example.com\r\nexport MCP_API_KEYS="one,${D1}" # rotate me\r\nLOG_LEVEL=info`)
  t.same(readEnvKeys(out).entries, ['one', D1])
  t.equal(writeEnvKeys('MCP_API_KEYS=one   # c\n', [D2]), `MCP_API_KEYS=${D2}   # c\n`)
  t.equal(writeEnvKeys("MCP_API_KEYS='a'\n", []), "MCP_API_KEYS=''\n")
})

t.test('a file without the line gets it appended, in its own line-ending style', async t => {
  t.equal(writeEnvKeys('', [D1]), `MCP_API_KEYS=${D1}\n`)
  t.equal(writeEnvKeys('A=1\n', [D1]), `A=1\nMCP_API_KEYS=${D1}\n`)
  t.equal(writeEnvKeys('A=1', [D1, D2]), `A=1\nMCP_API_KEYS=${D1},${D2}\n`)
  t.equal(writeEnvKeys('A=1\r\nB=2', [D1]), `A=1\r\nB=2\r\nMCP_API_KEYS=${D1}\r\n`)
})
