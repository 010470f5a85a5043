import { Type, type Static } from 'typebox'
import type { GiteaCommitStatus } from '../gitea/types.js'
import { fitList } from './budget.js'
import { callOptions, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { type Escaped, escapeEach, EscapeReport, type Escapes, escapeFields, unwrap } from './sanitize.js'
import { MAX_REF_LENGTH, Owner, REF_PATTERN, Repo } from './schemas.js'
import { login } from './tracker.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

/** Statuses are read 50 a page, at most this many pages (200 contexts). */
const STATUS_PAGE = 50
const MAX_STATUS_PAGES = 4

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  ref: Type.String({ minLength: 1, maxLength: MAX_REF_LENGTH, pattern: REF_PATTERN, description: 'Branch, tag or commit SHA' })
}, { additionalProperties: false })

const Status = Type.Object({
  context: Type.String({ description: 'What reported it, e.g. "ci/build"' }),
  state: Type.String({ description: 'pending, success, error, failure, warning or skipped' }),
  description: Type.String(),
  url: Type.String({ description: 'Details (the CI run), "" when none' }),
  creator: Type.String(),
  updated_at: Type.String({ description: 'ISO 8601' })
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  ref: Type.String(),
  sha: Type.String({ description: 'The commit; "" when it has no status' }),
  state: Type.String({ description: 'The worst state of all (failure, error, pending, warning, success, skipped); "none" without any status' }),
  total: Type.Integer({ description: 'Number of contexts' }),
  statuses: Type.Array(Status, { description: 'The newest status of each context' }),
  truncated: Type.Boolean({ description: 'Statuses were left out to fit: the failing ones come first' }),
  ...EscapeReport
})

type Output = Static<typeof output>
type StatusT = Static<typeof Status>

/** Failing first, so a cut list still shows what went wrong. */
const ORDER = ['error', 'failure', 'warning', 'pending', 'success', 'skipped']
const rank = (state: string): number => {
  const at = ORDER.indexOf(state)
  return at === -1 ? ORDER.length : at
}

async function readStatuses (ctx: ToolContext, owner: string, repo: string, ref: string): Promise<{ state: string, sha: string, statuses: GiteaCommitStatus[], more: boolean }> {
  const call = callOptions(ctx)
  try {
    const statuses: GiteaCommitStatus[] = []
    let state = ''
    let sha = ''
    let more = false
    for (let page = 1; page <= MAX_STATUS_PAGES; page++) {
      const got = await ctx.gitea.getCombinedStatus(owner, repo, ref, { page, limit: STATUS_PAGE }, call)
      // Each page's state is the worst of that page: the worst of all pages is the combined one.
      if (got.state !== '' && (state === '' || rank(got.state) < rank(state))) state = got.state
      sha = sha === '' ? got.sha : sha
      statuses.push(...got.statuses.items)
      more = got.statuses.hasMore
      if (!more) break
    }
    return { state, sha, statuses, more }
  } catch (error) {
    throw withAdvice(error, 'Check the repository with list_repositories, and the ref with list_branches or list_commits.')
  }
}

function status (item: GiteaCommitStatus, clean: Escapes): StatusT {
  return {
    context: clean.text(item.context),
    state: item.status,
    description: clean.text(item.description),
    url: item.target_url,
    creator: login(item.creator),
    updated_at: item.updated_at
  }
}

export const getCommitStatus: ToolDefinition<typeof input, typeof output> = {
  name: 'get_commit_status',
  toolset: 'actions',
  title: 'Get commit status',
  description: 'The CI status of a branch, tag or commit: combined state and each check (context, state, description, URL), failing first.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  async run (args, ctx) {
    const { owner, repo, ref } = args
    const max = ctx.limits.maxResponseBytes
    const read = await readStatuses(ctx, owner, repo, ref)
    const sorted = [...read.statuses].sort((a, b) => rank(a.status) - rank(b.status) || a.context.localeCompare(b.context))
    const items = escapeEach(sorted, status)
    const build = (list: Array<Escaped<StatusT>>, cut: boolean): Output => {
      const { values, escaped } = unwrap(list)
      const left = read.statuses.length - list.length
      return {
        owner,
        repo,
        ref,
        sha: read.sha,
        state: read.state === '' ? 'none' : read.state,
        total: read.statuses.length,
        statuses: values,
        truncated: cut || read.more,
        ...escapeFields(escaped, [
          read.statuses.length === 0 ? `No status on ${JSON.stringify(ref)}: no CI reported on it, or there is no such ref (check it with list_branches or get_commit).` : undefined,
          cut ? `${left} passing or later status(es) left out to fit the response size limit.` : undefined,
          read.more ? `Only the first ${read.statuses.length} contexts were read.` : undefined
        ])
      }
    }
    const fitted = fitList(items, build, max)
    if (fitted === null) throw new ToolError('too_large', `The status of ${JSON.stringify(ref)} does not fit the response size limit (MAX_RESPONSE_BYTES = ${max}).`)
    return fitted.result
  }
}
