import { Type } from 'typebox'
import type { GiteaLabel } from '../gitea/types.js'
import { callOptions, REPO_NOT_FOUND_ADVICE, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { listPage, listTool } from './list.js'
import { LimitArg, listOutput, Owner, PageArg, pageArgs, Repo } from './schemas.js'
import { IssueSummary, StateArg, summarizeIssue } from './tracker.js'
import type { ToolContext } from './types.js'

/** Pages of labels read (50 each) to check the `labels` argument. */
const LABEL_PAGES = 5

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  state: Type.Optional(StateArg),
  labels: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 1000,
    description: 'Comma-separated labels the issues all carry, e.g. "bug,security"'
  })),
  query: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 256,
    description: 'Words in the title, description or comments'
  })),
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

const output = listOutput({ state: Type.String() }, 'issues', IssueSummary)

/** Every label of the repository (as far as LABEL_PAGES go). */
async function repositoryLabels (ctx: ToolContext, owner: string, repo: string): Promise<GiteaLabel[]> {
  const labels: GiteaLabel[] = []
  for (let page = 1; page <= LABEL_PAGES; page++) {
    const listing = await ctx.gitea.listLabels(owner, repo, { page, limit: 50 }, callOptions(ctx))
    labels.push(...listing.items)
    if (!listing.hasMore || listing.items.length === 0) break
  }
  return labels
}

/**
 * The label names asked for, checked against the repository's labels: Gitea
 * silently ignores a name it does not know (and with none known, filters
 * nothing), which would answer a typo with the wrong issues.
 */
async function checkedLabels (ctx: ToolContext, owner: string, repo: string, value: string): Promise<string[]> {
  const wanted = [...new Set(value.split(',').map((name) => name.trim()).filter((name) => name !== ''))]
  if (wanted.length === 0) throw new ToolError('invalid_arguments', 'Invalid arguments: `labels` holds no label name; give names separated by commas, e.g. "bug,security".')
  const known = await repositoryLabels(ctx, owner, repo)
  const names = new Set(known.map((label) => label.name))
  const unknown = wanted.filter((name) => !names.has(name))
  if (unknown.length > 0) {
    const list = known.slice(0, 50).map((label) => JSON.stringify(label.name)).join(', ')
    throw new ToolError('invalid_arguments',
      `Invalid arguments: ${owner}/${repo} has no label ${unknown.map((name) => JSON.stringify(name.slice(0, 100))).join(', ')}. ` +
      (known.length === 0 ? 'It has no labels at all.' : `Its labels are ${list}${known.length > 50 ? ', ...' : ''} (names are case-sensitive; list_labels shows them all).`))
  }
  return wanted
}

export const listIssues = listTool<typeof input, typeof output>({
  name: 'list_issues',
  toolset: 'issues',
  title: 'List issues',
  description: 'Lists the issues (not pull requests) of a repository, newest first: number, title, state, author, labels, comment count, dates, URL. ' +
    'Filter by `state`, `labels` and `query`. Paged: while `has_more`, call again with `next`. One issue with its comments: get_issue.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    const { page, limit } = pageArgs(args)
    const state = args.state ?? 'open'
    const call = callOptions(ctx)
    try {
      const labels = args.labels === undefined ? undefined : await checkedLabels(ctx, args.owner, args.repo, args.labels)
      const query = args.query?.trim()
      const listing = await ctx.gitea.listIssues(args.owner, args.repo, {
        state,
        type: 'issues',
        ...(labels !== undefined ? { labels } : {}),
        ...(query !== undefined && query !== '' ? { query } : {}),
        page,
        limit
      }, call)
      // Gitea's `type=issues` already leaves pull requests out; a proxy or older server might not.
      const issues = { ...listing, items: listing.items.filter((issue) => issue.pull_request === null) }
      return listPage(issues, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what: 'issue' }, summarizeIssue,
        (shown) => ({ owner: args.owner, repo: args.repo, state, issues: shown }))
    } catch (error) {
      throw withAdvice(error, REPO_NOT_FOUND_ADVICE)
    }
  }
})
