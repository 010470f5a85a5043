// Toolsets: named groups of tools that MCP_TOOLSETS (and, later, a key)
// switches on, as the GitHub MCP server has them. Names only: this module is
// read by lib/config.ts, so it imports no tool (the tools import the config's
// name pattern).

/** Every toolset, in the order lists and docs show them. */
export const TOOLSETS = [
  { name: 'core', description: 'search and fetch, the ChatGPT connector pair: always on' },
  { name: 'repos', description: 'Repositories, their files, branches and tags' },
  { name: 'code', description: 'Full-text search in the files of one repository' },
  { name: 'history', description: 'Commits, their diffs, and comparing two refs' },
  { name: 'issues', description: 'Issues with their comments, and labels' },
  { name: 'pulls', description: 'Pull requests with their comments and diffs' },
  { name: 'releases', description: 'Releases and their assets' },
  // Read parity (issue 14): opt-in, the default list is near its 24 KB budget.
  { name: 'wiki', description: 'Wiki pages: titles and text' },
  { name: 'milestones', description: 'Milestones with their open and closed issue counts' },
  { name: 'actions', description: 'CI: commit statuses, Actions runs, jobs and logs' }
] as const

export type ToolsetName = typeof TOOLSETS[number]['name']

export const TOOLSET_NAMES: readonly ToolsetName[] = TOOLSETS.map(toolset => toolset.name)

/**
 * Always served, whatever MCP_TOOLSETS says: ChatGPT's deep research and its
 * connectors outside developer mode refuse a server without tools named
 * exactly `search` and `fetch`.
 */
export const ALWAYS_ON: ToolsetName = 'core'

/**
 * MCP_TOOLSETS when empty: the first toolsets (their list is ~23 KB, under the
 * 24 KB budget). Toolsets added later (wiki, milestones, actions) are opt-in
 * unless most teams need them.
 */
export const DEFAULT_TOOLSETS: readonly ToolsetName[] = ['repos', 'code', 'history', 'issues', 'pulls', 'releases']

export function isToolsetName (name: string): name is ToolsetName {
  return (TOOLSET_NAMES as readonly string[]).includes(name)
}

/**
 * Reads a comma-separated toolset list: names (any case), `all` for every
 * toolset, empty for the default. Returns the toolsets in TOOLSETS order
 * (always with `core`) and one problem per unknown name.
 */
export function readToolsets (value: string): { toolsets: ToolsetName[], problems: string[] } {
  const entries = value.split(',').map(entry => entry.trim().toLowerCase()).filter(entry => entry !== '')
  if (entries.length === 0) return { toolsets: withCore(DEFAULT_TOOLSETS), problems: [] }
  if (entries.includes('all')) {
    const others = entries.filter(entry => entry !== 'all' && !isToolsetName(entry))
    return { toolsets: [...TOOLSET_NAMES], problems: others.map(unknownToolset) }
  }
  const chosen = new Set<ToolsetName>()
  const problems: string[] = []
  for (const entry of entries) {
    if (isToolsetName(entry)) chosen.add(entry)
    else problems.push(unknownToolset(entry))
  }
  return { toolsets: withCore([...chosen]), problems }
}

function withCore (toolsets: readonly ToolsetName[]): ToolsetName[] {
  const chosen = new Set<ToolsetName>([ALWAYS_ON, ...toolsets])
  return TOOLSET_NAMES.filter(name => chosen.has(name))
}

function unknownToolset (name: string): string {
  return `unknown toolset ${JSON.stringify(name.slice(0, 64))} (known: ${TOOLSET_NAMES.join(', ')}, or all)`
}
