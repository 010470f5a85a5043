// The README's toolset table is what the server computes: the same tools per
// toolset and the same sizes (GET /mcp/tools shows them from the same function).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { selectTools, toolsetSummaries } from '../../lib/tools/catalog.js'
import { listTools, TOOLS } from '../../lib/tools/registry.js'
import { DEFAULT_TOOLSETS } from '../../lib/tools/toolsets.js'

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8')

t.test('the README shows each toolset with its tools and size', async t => {
  for (const toolset of toolsetSummaries(TOOLS)) {
    const row = new RegExp(`^\\| \`${toolset.name}\`[^|]*\\| ([^|]+) \\| (\\d+) bytes \\|$`, 'm').exec(readme)
    t.ok(row, `a row for ${toolset.name}`)
    t.same(row?.[1]?.split(', ').map(name => name.replaceAll('`', '')), toolset.tools, `${toolset.name}: its tools`)
    t.equal(Number(row?.[2]), toolset.bytes, `${toolset.name}: its size`)
  }
})

t.test('the README states the default list\'s size', async t => {
  const bytes = Buffer.byteLength(JSON.stringify({ tools: listTools(selectTools(['core', ...DEFAULT_TOOLSETS])) }))
  t.match(readme, `the whole list is ${bytes.toLocaleString('en-US')} bytes`)
})
