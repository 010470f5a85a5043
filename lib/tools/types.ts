import type { Static, TObject, TSchema } from 'typebox'
import type { GiteaClient } from '../gitea/types.js'
import type { CodeSearchCache } from './code-search-cache.js'
import type { ToolsetName } from './toolsets.js'

/** MCP tool annotations; every tool here is read-only. */
export interface ToolAnnotations {
  title?: string
  readOnlyHint: boolean
  destructiveHint: boolean
  idempotentHint: boolean
  openWorldHint: boolean
}

export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false
}

export interface ToolLimits {
  /** MAX_FILE_SIZE_BYTES: most bytes of one file read from Gitea. */
  maxFileBytes: number
  /** MAX_RESPONSE_BYTES: largest tool result (text block and structuredContent each). */
  maxResponseBytes: number
}

/** What a tool may use; built once per app, shared by every call. */
export interface ToolContext {
  gitea: GiteaClient
  limits: ToolLimits
  /** Aborted when the client goes away. */
  signal?: AbortSignal
  /**
   * search_code's index cache, shared by every call made with one Gitea
   * identity. The server builds a client per call, so the cache cannot hang
   * off the client; without it, calls through one client object share one.
   */
  codeCache?: CodeSearchCache
  /** search_code's time budget for reading files (default SEARCH_CODE_BUDGET_MS); tests set it. */
  searchCodeBudgetMs?: number
}

/**
 * One tool: its schemas beside its implementation. `run` gets arguments that
 * already passed `inputSchema` and returns what `outputSchema` describes.
 * It throws GiteaError or ToolError for a result with `isError: true`.
 */
export interface ToolDefinition<I extends TObject = TObject, O extends TObject = TObject> {
  name: string
  /** The toolset (MCP_TOOLSETS) that serves this tool. */
  toolset: ToolsetName
  title: string
  description: string
  inputSchema: I
  /** What `run` returns; tests check every result against it. */
  outputSchema: O
  /**
   * Whether tools/list shows `outputSchema`. Off by default: the result's
   * JSON is in its text block anyway, and the schemas were over half of the
   * list every conversation pays for. On for search and fetch, whose shape
   * ChatGPT's connectors document.
   */
  listOutputSchema?: boolean
  annotations: ToolAnnotations
  /**
   * Which argument narrows a result that is still larger than
   * MAX_RESPONSE_BYTES after the tool shrank it (the registry's `too_large`
   * message), e.g. 'Ask for a narrower `path`.'
   */
  tooLargeAdvice?: string
  run: (args: Static<I>, ctx: ToolContext) => Promise<Static<O>>
}

/**
 * Any tool, its schemas' types erased, so tools of different shapes share one list. Spelled out,
 * not `ToolDefinition<any, any>`: relating two instances of one generic type makes tsc work out how
 * it varies with its parameters, here over a million instantiations of TypeBox's Static (4 s).
 */
export interface AnyTool extends Omit<ToolDefinition, 'run'> {
  run: (args: any, ctx: ToolContext) => Promise<any>
}

export type { TSchema }
