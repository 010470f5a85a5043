// Which tools a caller sees: one function of the server's toolsets
// (MCP_TOOLSETS) and, optionally, the key's. tools/list, GET /mcp/tools and
// tools/call all go through it, so a tool that is not listed cannot be called.
import { listTools, TOOLS, type ToolDescriptor } from './registry.js'
import { ALWAYS_ON, TOOLSETS, type ToolsetName } from './toolsets.js'
import type { AnyTool } from './types.js'

/** What one caller sees of the tools; built once per distinct set and shared. */
export interface ToolView {
  /** The callable tools, in the contract's order. */
  tools: readonly AnyTool[]
  descriptors: ToolDescriptor[]
  /** `{"tools":[...]}`, serialised once: the result of tools/list. */
  listJson: string
  /** The body of GET /mcp/tools: the list plus each toolset's tools and size. */
  catalogJson: string
}

export interface ToolsetSummary {
  name: ToolsetName
  description: string
  enabled: boolean
  always_on: boolean
  tools: string[]
  /** UTF-8 bytes of this toolset's tools in the tools/list JSON. */
  bytes: number
}

/**
 * The tools enabled by the server's toolsets, narrowed by a key's toolsets
 * when it has some (a key can never widen the server's). `core` (search,
 * fetch) is always in.
 */
export function selectTools (serverToolsets: readonly ToolsetName[], keyToolsets?: readonly ToolsetName[]): AnyTool[] {
  const enabled = new Set<ToolsetName>(serverToolsets.filter(name => keyToolsets === undefined || keyToolsets.includes(name)))
  enabled.add(ALWAYS_ON)
  return TOOLS.filter(tool => enabled.has(tool.toolset))
}

/** Each toolset's tools and its share of tools/list, in bytes. */
export function toolsetSummaries (enabled: readonly AnyTool[]): ToolsetSummary[] {
  const names = new Set(enabled.map(tool => tool.name))
  return TOOLSETS.map(({ name, description }) => {
    const tools = TOOLS.filter(tool => tool.toolset === name)
    const bytes = listTools(tools).reduce((sum, descriptor) => sum + Buffer.byteLength(JSON.stringify(descriptor), 'utf8') + 1, 0)
    return { name, description, enabled: tools.some(tool => names.has(tool.name)), always_on: name === ALWAYS_ON, tools: tools.map(tool => tool.name), bytes }
  })
}

function buildView (tools: readonly AnyTool[]): ToolView {
  const descriptors = listTools(tools)
  return {
    tools,
    descriptors,
    listJson: JSON.stringify({ tools: descriptors }),
    catalogJson: JSON.stringify({ tools: descriptors, toolsets: toolsetSummaries(tools) })
  }
}

/**
 * The views of one server: one per distinct tool set, built on first use
 * and kept (there are at most as many as toolset combinations in use).
 */
export class ToolCatalog {
  readonly #serverToolsets: readonly ToolsetName[]
  readonly #views = new Map<string, ToolView>()

  constructor (serverToolsets: readonly ToolsetName[]) {
    this.#serverToolsets = serverToolsets
  }

  /** What a caller whose key carries `keyToolsets` (none: the server's) sees. */
  view (keyToolsets?: readonly ToolsetName[]): ToolView {
    const asked = keyToolsets === undefined ? '*' : keyToolsets.join(',')
    let view = this.#views.get(asked)
    if (view === undefined) {
      const tools = selectTools(this.#serverToolsets, keyToolsets)
      // Key selections that end in the same tools share one view.
      const same = tools.map(tool => tool.name).join(',')
      view = [...this.#views.values()].find(other => other.tools.map(tool => tool.name).join(',') === same) ?? buildView(tools)
      this.#views.set(asked, view)
    }
    return view
  }
}
