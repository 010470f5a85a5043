import { Type } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import type { GiteaCommit, Page } from '../gitea/types.js'
import { checkDateTime, checkRevision, CommitSummary, DateArg, isGiteaError, Revision, summarizeCommit } from './commits.js'
import { callOptions, getRepository, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { listPage, listTool } from './list.js'
import { DirPath, LimitArg, listOutput, Owner, PageArg, pageArgs, Repo } from './schemas.js'
import type { ToolContext } from './types.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  sha: Type.Optional(Revision('Branch, tag or SHA; omit for the default branch')),
  path: Type.Optional(DirPath),
  since: Type.Optional(DateArg('From this time, e.g. "2024-05-01T00:00:00Z"')),
  until: Type.Optional(DateArg('Up to this time (RFC 3339)')),
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

const output = listOutput({
  ref: Type.String({ description: 'The branch, tag or commit whose history this is' }),
  path: Type.Union([Type.String(), Type.Null()], { description: 'Only commits changing this file or directory; null for all' }),
  since: Type.Union([Type.String(), Type.Null()]),
  until: Type.Union([Type.String(), Type.Null()])
}, 'commits', CommitSummary)

const REF_ADVICE = 'Check `sha` with list_branches or list_tags (a branch, tag or commit SHA).'

/** Whether `sha` names a commit; an unknown one is a not_found error with advice. */
async function checkKnown (ctx: ToolContext, owner: string, repo: string, sha: string): Promise<void> {
  try {
    await ctx.gitea.getCommit(owner, repo, sha, {}, callOptions(ctx))
  } catch (error) {
    throw withAdvice(error, REF_ADVICE)
  }
}

export const listCommits = listTool<typeof input, typeof output>({
  name: 'list_commits',
  toolset: 'history',
  title: 'List commits',
  description: 'Lists the commits of a branch, tag or commit (default: the default branch), newest first: SHA, title, author and committer with dates, parents, URL. ' +
    'Narrow with `path` and `since`/`until` (RFC 3339, commit date). Paged: while `has_more`, call again with `next`. Details: get_commit; changes: get_commit_diff.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    const { owner, repo } = args
    const { page, limit } = pageArgs(args)
    const sha = args.sha === undefined ? undefined : checkRevision(args.sha, 'sha')
    const path = args.path === undefined || args.path === '' ? undefined : args.path
    const since = args.since === undefined ? undefined : checkDateTime(args.since, 'since')
    const until = args.until === undefined ? undefined : checkDateTime(args.until, 'until')
    if (since !== undefined && until !== undefined && since > until) {
      throw new ToolError('invalid_arguments', `Invalid arguments: \`since\` (${String(args.since)}) is after \`until\` (${String(args.until)}), so no commit can match.`)
    }
    const call = callOptions(ctx)
    const [repoResult, listResult] = await Promise.allSettled([
      getRepository(ctx, owner, repo),
      ctx.gitea.listCommits(owner, repo, { sha, path, since: args.since, until: args.until, page, limit }, call)
    ])
    if (repoResult.status === 'rejected') throw repoResult.reason
    const repository = repoResult.value
    const ref = sha ?? repository.default_branch
    const notes: string[] = []
    let listing: Page<GiteaCommit>
    if (listResult.status === 'fulfilled') {
      listing = listResult.value
    } else {
      const error: unknown = listResult.reason
      const none: Page<GiteaCommit> = { items: [], page, limit, total: 0, hasMore: false }
      if (isGiteaError(error, 'empty_repository') || repository.empty === true) {
        listing = none
        notes.push('The repository is empty: it has no commits yet.')
      } else if (path !== undefined && (isGiteaError(error, 'not_found') || (error instanceof GiteaError && error.status === 500))) {
        // With a path, Gitea answers 404 when no commit touches it, and 500 when `sha` is unknown.
        if (sha !== undefined) await checkKnown(ctx, owner, repo, sha)
        if (isGiteaError(error, 'not_found')) {
          listing = none
          notes.push(`No commit${args.since !== undefined || args.until !== undefined ? ' in that time range' : ''} in the history of ${JSON.stringify(ref)} changes ${JSON.stringify(path)}; check the path with get_file_tree.`)
        } else {
          throw error
        }
      } else {
        throw withAdvice(error, REF_ADVICE)
      }
    }
    return listPage(listing, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what: 'commit', notes }, summarizeCommit,
      (commits) => ({ owner, repo, ref, path: path ?? null, since: args.since ?? null, until: args.until ?? null, commits }))
  }
})
