// The tool list and the one way to call a tool.
//
// callTool validates the arguments with the tool's TypeBox schema (compiled
// once), applies defaults, runs the common checks (paths, refs, names), runs
// the tool, and turns every outcome into an MCP CallToolResult: one text
// block holding JSON, plus structuredContent on success. It never throws.
import { Compile, type Validator } from 'typebox/compile'
import type { TLocalizedValidationError } from 'typebox/error'
import { GiteaError } from '../gitea/errors.js'
import { measuredJson } from './budget.js'
import { compareRefs } from './compare-refs.js'
import { getActionJobLog } from './get-action-job-log.js'
import { getActionRun } from './get-action-run.js'
import { listActionRuns } from './list-action-runs.js'
import { MAX_ARGUMENT_DEPTH, nestedDeeperThan } from './depth.js'
import { ToolError } from './errors.js'
import { fetch } from './fetch.js'
import { getCommitDiff } from './get-commit-diff.js'
import { getCommitStatus } from './get-commit-status.js'
import { getCommit } from './get-commit.js'
import { getFileContents } from './get-file-contents.js'
import { getFileTree } from './get-file-tree.js'
import { getIssue } from './get-issue.js'
import { getPullRequestDiff } from './get-pull-request-diff.js'
import { getPullRequest } from './get-pull-request.js'
import { getRepositoryInfo } from './get-repository-info.js'
import { getWikiPage } from './get-wiki-page.js'
import { listBranches } from './list-branches.js'
import { listCommits } from './list-commits.js'
import { listIssues } from './list-issues.js'
import { listLabels } from './list-labels.js'
import { listMilestones } from './list-milestones.js'
import { listPullRequestReviews } from './list-pull-request-reviews.js'
import { listPullRequests } from './list-pull-requests.js'
import { listReleases } from './list-releases.js'
import { listRepositories } from './list-repositories.js'
import { listTags } from './list-tags.js'
import { listWikiPages } from './list-wiki-pages.js'
import { checkCommonArguments, PATTERN_HINTS } from './schemas.js'
import { searchCode } from './search-code.js'
import { search } from './search.js'
import { truncateUtf8 } from './text.js'
import type { AnyTool, ToolAnnotations, ToolContext } from './types.js'

/**
 * The tools as one list. Taken as arguments, each checked against AnyTool on its own: an array
 * literal of them makes tsc first work out their union, which costs over a million TypeBox
 * instantiations (4 s of every type check).
 */
function toolList (...tools: AnyTool[]): AnyTool[] {
  return tools
}

/** Every tool, in the contract's order. */
export const TOOLS: AnyTool[] = toolList(
  listRepositories,
  getRepositoryInfo,
  getFileTree,
  getFileContents,
  search,
  fetch,
  listBranches,
  listTags,
  listCommits,
  getCommit,
  getCommitDiff,
  compareRefs,
  listIssues,
  getIssue,
  listPullRequests,
  getPullRequest,
  getPullRequestDiff,
  listReleases,
  listLabels,
  searchCode,
  // actions
  listActionRuns,
  getActionRun,
  getActionJobLog,
  // Read parity (issue 14): wiki, milestones, reviews, commit status.
  listWikiPages,
  getWikiPage,
  listMilestones,
  listPullRequestReviews,
  getCommitStatus
)

export interface JsonSchemaObject {
  type: 'object'
  properties?: Record<string, object>
  required?: string[]
  [key: string]: unknown
}

/** What MCP `tools/list` (and GET /mcp/tools) shows for a tool. */
export interface ToolDescriptor {
  name: string
  title: string
  description: string
  inputSchema: JsonSchemaObject
  /** Only for tools that list it (ToolDefinition.listOutputSchema). */
  outputSchema?: JsonSchemaObject
  annotations: ToolAnnotations
}

export interface TextContent {
  type: 'text'
  text: string
}

/** The MCP CallToolResult this registry produces. */
export interface ToolCallResult {
  content: TextContent[]
  structuredContent?: Record<string, unknown>
  isError?: boolean
  [key: string]: unknown
}

export interface ToolCallOutcome {
  result: ToolCallResult
  outcome: 'ok' | 'error'
  /** null on success; a GiteaError or ToolError code, or invalid_arguments, unknown_tool, too_large, cancelled, internal_error. */
  errorCode: string | null
  /** internal_error only: what was thrown, for the application log (never sent to the client). */
  cause?: unknown
}

/** A JSON round trip: plain JSON Schema, whatever the builder attached (symbols, functions, undefined). */
function plainSchema (schema: unknown): JsonSchemaObject {
  return JSON.parse(JSON.stringify(schema)) as JsonSchemaObject
}

/**
 * An output schema as tools/list shows it: the same checks, without the
 * descriptions (the tool's description and the result itself say what the
 * fields hold, and every conversation pays for the list).
 */
function listedOutputSchema (schema: unknown): JsonSchemaObject {
  return withoutDescriptions(plainSchema(schema)) as JsonSchemaObject
}

function withoutDescriptions (schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema
  const { description: _description, ...rest } = schema as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [keyword, value] of Object.entries(rest)) {
    if (keyword === 'properties' && value !== null && typeof value === 'object') {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, withoutDescriptions(property)]))
    } else if (Array.isArray(value) && (keyword === 'anyOf' || keyword === 'oneOf' || keyword === 'allOf')) {
      out[keyword] = value.map(withoutDescriptions)
    } else if (keyword === 'items' || keyword === 'additionalProperties' || keyword === 'not') {
      out[keyword] = withoutDescriptions(value)
    } else {
      out[keyword] = value
    }
  }
  return out
}

export function listTools (tools: readonly AnyTool[] = TOOLS): ToolDescriptor[] {
  return tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: plainSchema(tool.inputSchema),
    ...(tool.listOutputSchema === true ? { outputSchema: listedOutputSchema(tool.outputSchema) } : {}),
    annotations: { title: tool.title, ...tool.annotations }
  }))
}

const validators = new WeakMap<AnyTool, Validator>()

function validatorFor (tool: AnyTool): Validator {
  let validator = validators.get(tool)
  if (validator === undefined) {
    validator = Compile(tool.inputSchema) as unknown as Validator
    validators.set(tool, validator)
  }
  return validator
}

// Compile the built-in tools' schemas once, at module load.
for (const tool of TOOLS) validatorFor(tool)

const SCALAR_TYPES = new Set(['string', 'integer', 'number', 'boolean'])
const plainArgumentTools = new WeakMap<AnyTool, boolean>()

/**
 * Whether a tool's arguments are scalars without defaults (get_file_contents'
 * are): then validation writes nothing into them and they hold nothing
 * nested, so the copy made for defaults is not needed.
 */
function takesPlainArguments (tool: AnyTool): boolean {
  let plain = plainArgumentTools.get(tool)
  if (plain === undefined) {
    const properties = Object.values((tool.inputSchema as { properties?: Record<string, { type?: unknown }> }).properties ?? {})
    plain = !JSON.stringify(tool.inputSchema).includes('"default":') && properties.every((property) => SCALAR_TYPES.has(String(property.type)))
    plainArgumentTools.set(tool, plain)
  }
  return plain
}

const DEFAULT_TOO_LARGE_ADVICE = 'Narrow the request (a smaller `limit`, a narrower `path`, or fewer lines).'

/** Longest error message sent back (a message never needs more). */
const MAX_MESSAGE_BYTES = 4000

function errorResult (code: string, message: string, maxBytes: number): ToolCallOutcome {
  const room = Math.max(200, Math.min(MAX_MESSAGE_BYTES, maxBytes - 100))
  const text = JSON.stringify({ error: code, message: truncateUtf8(message, room) })
  return { result: { content: [{ type: 'text', text }], isError: true }, outcome: 'error', errorCode: code }
}

function describeValue (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value
    return `the string ${JSON.stringify(shown)}`
  }
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

function argumentName (instancePath: string): string {
  return instancePath.replace(/^\//, '').split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).join('.')
}

/** One readable sentence per problem, naming the argument and what is wrong. */
export function describeValidationErrors (tool: AnyTool, args: unknown, errors: TLocalizedValidationError[]): string {
  const allowed = Object.keys((tool.inputSchema as { properties?: Record<string, unknown> }).properties ?? {})
  const allowedText = allowed.length === 0 ? 'none' : allowed.join(', ')
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return `Invalid arguments for ${tool.name}: the arguments must be a JSON object (this tool takes: ${allowedText}).`
  }
  const record = args as Record<string, unknown>
  const problems: string[] = []
  const seen = new Set<string>()
  const add = (text: string): void => {
    if (!seen.has(text)) {
      seen.add(text)
      problems.push(text)
    }
  }
  const reported = new Set<string>()
  for (const error of errors) {
    const name = argumentName(error.instancePath)
    if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? []
      for (const arg of missing) add(`missing required argument \`${arg}\``)
      continue
    }
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperties?: string[] }).additionalProperties ?? []
      for (const arg of extra) add(`unknown argument \`${arg}\` (this tool takes: ${allowedText})`)
      continue
    }
    if (error.keyword === 'boolean' && name !== '' && !allowed.includes(name)) {
      add(`unknown argument \`${name}\` (this tool takes: ${allowedText})`)
      continue
    }
    // One message per argument: the first (most specific) error wins; anyOf
    // alternatives add nothing a person needs.
    if (name === '' || reported.has(name) || error.keyword === 'anyOf') continue
    reported.add(name)
    const value = record[name.split('.')[0] ?? name]
    const params = error.params as Record<string, unknown>
    let what: string
    switch (error.keyword) {
      case 'pattern':
        what = PATTERN_HINTS[name] ?? `must match ${String(params.pattern)}`
        break
      case 'type':
        what = `must be ${params.type === 'integer' ? 'an integer' : `a ${String(params.type)}`}`
        break
      case 'minimum':
      case 'maximum':
        what = `must be ${error.keyword === 'minimum' ? '>=' : '<='} ${String(params.limit)}`
        break
      case 'minLength':
        what = `must be at least ${String(params.limit)} character${params.limit === 1 ? '' : 's'} long`
        break
      case 'maxLength':
        what = `must be at most ${String(params.limit)} characters long`
        break
      case 'const':
      case 'enum':
        what = `must be one of ${JSON.stringify(params.allowedValues ?? [params.allowedValue])}`
        break
      default:
        what = error.message
    }
    add(`\`${name}\` ${what} (got ${describeValue(value)})`)
  }
  if (problems.length === 0) problems.push('the arguments do not match the input schema')
  return `Invalid arguments for ${tool.name}: ${problems.join('; ')}.`
}

function isAbort (error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')
}

/**
 * Calls a tool by name. Always resolves: failures become `isError` results
 * whose text is `{"error": code, "message": ...}`.
 */
export async function callTool (name: string, rawArgs: unknown, ctx: ToolContext, tools: readonly AnyTool[] = TOOLS): Promise<ToolCallOutcome> {
  const maxBytes = ctx.limits.maxResponseBytes
  try {
    const tool = tools.find((candidate) => candidate.name === name)
    if (tool === undefined) {
      const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 128)) : String(name)
      return errorResult('unknown_tool', `Unknown tool ${shown}. Available tools: ${tools.map((t) => t.name).join(', ')}.`, maxBytes)
    }

    if (nestedDeeperThan(rawArgs, MAX_ARGUMENT_DEPTH)) {
      return errorResult('invalid_arguments', `Invalid arguments for ${tool.name}: they are nested more than ${MAX_ARGUMENT_DEPTH} levels deep (every argument of this tool is a plain value).`, maxBytes)
    }
    const validator = validatorFor(tool)
    const plain = takesPlainArguments(tool)
    // Copy first: defaults are written into the value, and the caller's
    // arguments (e.g. for the audit log) must stay as sent. (Plain arguments
    // get no defaults; checkCommonArguments copies them before it changes one.)
    const args: unknown = rawArgs === undefined || rawArgs === null ? {} : plain ? rawArgs : structuredClone(rawArgs)
    if (!validator.Check(args)) {
      return errorResult('invalid_arguments', describeValidationErrors(tool, args, validator.Errors(args)), maxBytes)
    }
    const withDefaults = (plain ? args : validator.Default(args)) as Record<string, unknown>
    const checked = checkCommonArguments(withDefaults)

    const structured = await tool.run(checked, ctx) as Record<string, unknown>
    // Serialised once: by the tool when it measured its result to fit (budget.ts), else here.
    const measured = measuredJson(structured)
    const text = measured?.json ?? JSON.stringify(structured)
    // The text block and structuredContent are the same JSON: one measure covers both.
    const bytes = measured?.bytes ?? Buffer.byteLength(text, 'utf8')
    if (bytes > maxBytes) {
      return errorResult('too_large',
        `The result of ${tool.name} (${bytes} bytes) is larger than the response size limit (MAX_RESPONSE_BYTES = ${maxBytes}). ${tool.tooLargeAdvice ?? DEFAULT_TOO_LARGE_ADVICE}`,
        maxBytes)
    }
    const result: ToolCallResult = { content: [{ type: 'text', text }], structuredContent: structured }
    serialised.set(result, text)
    return { result, outcome: 'ok', errorCode: null }
  } catch (error) {
    if (error instanceof ToolError || error instanceof GiteaError) return errorResult(error.code, error.message, maxBytes)
    if (isAbort(error)) return errorResult('cancelled', 'The call was cancelled before it finished.', maxBytes)
    return { ...errorResult('internal_error', 'Internal error while running the tool; try again, and report it if it keeps happening.', maxBytes), cause: error }
  }
}

/** The text of each successful result callTool built: structuredContent as JSON, already serialised once. */
const serialised = new WeakMap<ToolCallResult, string>()

/**
 * `JSON.stringify(result)`, without serialising structuredContent a second
 * time when it is a result callTool built (its text block is that JSON).
 * Results are not changed after callTool returns them; a result of another
 * shape is serialised whole.
 */
export function resultJson (result: ToolCallResult): string {
  const text = serialised.get(result)
  const block = result.content[0]
  if (text === undefined || result.content.length !== 1 || block === undefined || block.text !== text || Object.keys(result).length !== 2 || Object.keys(block).length !== 2) {
    return JSON.stringify(result)
  }
  return `{"content":[{"type":"text","text":${JSON.stringify(text)}}],"structuredContent":${text}}`
}
