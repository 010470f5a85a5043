// Pins what MCP clients see of every tool: name, title, description, input and
// output schemas, annotations. A change to any of them must be deliberate:
// update the snapshot with `npm run test:snapshots` and review its diff.
import t from 'tap'
import { listTools } from '../../../lib/tools/registry.js'

t.test('tool descriptors', async t => {
  for (const tool of listTools()) {
    t.matchSnapshot(tool, tool.name)
  }
})

t.test('tool names', async t => {
  t.matchSnapshot(listTools().map(tool => tool.name), 'the list of tools, in order')
})
