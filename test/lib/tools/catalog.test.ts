import t from 'tap'
import { selectTools, ToolCatalog, toolsetSummaries } from '../../../lib/tools/catalog.js'
import { listTools, TOOLS } from '../../../lib/tools/registry.js'
import { DEFAULT_TOOLSETS, TOOLSET_NAMES } from '../../../lib/tools/toolsets.js'

const names = (tools: ReadonlyArray<{ name: string }>): string[] => tools.map(tool => tool.name)

t.test('every toolset has tools, and every tool one known toolset', async t => {
  for (const toolset of TOOLSET_NAMES) t.ok(TOOLS.some(tool => tool.toolset === toolset), `${toolset} has tools`)
  t.same(names(TOOLS.filter(tool => tool.toolset === 'core')), ['search', 'fetch'])
  const optIn = TOOLSET_NAMES.filter(toolset => toolset !== 'core' && !DEFAULT_TOOLSETS.includes(toolset))
  t.same(optIn, ['wiki', 'milestones', 'actions'], 'toolsets added after the first ones are opt-in')
  t.same(names(selectTools(['core', ...DEFAULT_TOOLSETS])), names(TOOLS.filter(tool => !optIn.includes(tool.toolset))), 'the default serves every other tool')
})

t.test('a key narrows the server\'s toolsets and never widens them; core stays', async t => {
  t.same(names(selectTools(['core', 'issues', 'pulls'], ['pulls', 'repos'])), ['search', 'fetch', 'list_pull_requests', 'get_pull_request', 'get_pull_request_diff', 'list_pull_request_reviews'])
  t.same(names(selectTools(['core', 'issues'], [])), ['search', 'fetch'])
  t.same(names(selectTools(['issues'])), ['search', 'fetch', 'list_issues', 'get_issue', 'list_labels'], 'core even when left out')
})

t.test('views are built once per distinct tool set and hold the list JSON', async t => {
  const catalog = new ToolCatalog(['core', 'repos', 'issues'])
  const server = catalog.view()
  t.equal(catalog.view(), server, 'the same view again')
  t.equal(catalog.view(['repos', 'issues', 'pulls']), server, 'a key selection that ends in the same tools shares it')
  t.not(catalog.view(['issues']), server)
  t.same(JSON.parse(server.listJson), { tools: listTools(server.tools) })
  const body = JSON.parse(server.catalogJson) as { tools: unknown[], toolsets: Array<{ name: string, enabled: boolean, bytes: number }> }
  t.same(body.tools, JSON.parse(server.listJson).tools)
  t.same(body.toolsets.filter(toolset => toolset.enabled).map(toolset => toolset.name), ['core', 'repos', 'issues'])
})

t.test('the toolsets\' sizes add up to the list', async t => {
  const summaries = toolsetSummaries(TOOLS)
  const total = summaries.reduce((sum, toolset) => sum + toolset.bytes, 0)
  // Each tool is counted with one separator byte; {"tools":[ and ]} are 12 bytes, less the last tool's separator.
  t.equal(total + 12 - 1, Buffer.byteLength(JSON.stringify({ tools: listTools() })))
})
