import { Type, type Static } from 'typebox'
import type { GiteaComment, GiteaIssue } from '../gitea/types.js'
import { fitList, jsonBytes } from './budget.js'
import { callOptions, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { type Escaped, escapeEach, EscapeReport, Escapes, escapeFields, unwrap } from './sanitize.js'
import { cutDescription, cutText, ItemHead, itemInput, labelNames, login, PositionArg } from './tracker.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

/** Share of MAX_RESPONSE_BYTES the description may take; the comments get the rest. */
const BODY_SHARE = 0.5
/** Share one comment may take. */
const COMMENT_SHARE = 0.25

const input = itemInput({
  comments_from: Type.Optional(PositionArg('First comment to return, from 1 (see `next`)'))
})

const Comment = Type.Object({
  id: Type.Integer(),
  author: Type.String(),
  created_at: Type.String({ description: 'ISO 8601' }),
  updated_at: Type.String({ description: 'ISO 8601' }),
  body: Type.String(),
  url: Type.String({ description: 'Web address of the comment' })
})

const output = Type.Object({
  ...ItemHead,
  is_pull_request: Type.Boolean({ description: 'This number is a pull request (get_pull_request shows its branches and files)' }),
  author: Type.String(),
  labels: Type.Array(Type.String()),
  assignees: Type.Array(Type.String()),
  locked: Type.Boolean(),
  created_at: Type.String({ description: 'ISO 8601' }),
  updated_at: Type.String({ description: 'ISO 8601' }),
  closed_at: Type.Union([Type.String(), Type.Null()]),
  url: Type.String({ description: 'Web page in Gitea' }),
  body: Type.String({ description: 'The description (Markdown)' }),
  body_truncated: Type.Boolean({ description: 'The description was cut to fit; its end says where to read it whole' }),
  comments_total: Type.Integer(),
  comments_from: Type.Integer({ description: 'Position of the first comment shown' }),
  comments: Type.Array(Comment, { description: 'Comments, oldest first' }),
  comments_truncated: Type.Boolean({ description: 'More comments follow the last one shown: ask for them with `next`' }),
  next: Type.Optional(Type.Object({ comments_from: Type.Integer() }, { description: 'Arguments that ask for the rest of the comments' })),
  ...EscapeReport
})

type Output = Static<typeof output>
type CommentT = Static<typeof Comment>

export interface IssueWithComments {
  issue: GiteaIssue
  comments: GiteaComment[]
}

/** The issue and all its comments (two calls at once), with advice when there is no such issue. */
export async function readIssue (ctx: ToolContext, owner: string, repo: string, index: number): Promise<IssueWithComments> {
  const call = callOptions(ctx)
  try {
    const [issue, comments] = await Promise.all([
      ctx.gitea.getIssue(owner, repo, index, call),
      ctx.gitea.listIssueComments(owner, repo, index, call)
    ])
    return { issue, comments }
  } catch (error) {
    throw withAdvice(error, 'Check the repository with list_repositories, and the number with list_issues or list_pull_requests.')
  }
}

export function commentJson (comment: GiteaComment, clean: Escapes, maxBytes: number): CommentT {
  const url = comment.html_url
  const body = cutText(clean.text(comment.body), maxBytes,
    `\n\n[Comment cut here to fit the response size limit; read it whole at ${url === '' ? 'its web page' : url}.]`)
  return { id: comment.id, author: login(comment.user), created_at: comment.created_at, updated_at: comment.updated_at, body: body.text, url }
}

export const getIssue: ToolDefinition<typeof input, typeof output> = {
  name: 'get_issue',
  toolset: 'issues',
  title: 'Get an issue with its comments',
  description: 'Reads one issue or pull request by number: title, state, author, labels, assignees, dates, description and comments, oldest first. ' +
    'A long thread is cut to fit: when `comments_truncated`, call again with `next`.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Read the issue on its web page.',
  async run (args, ctx) {
    const from = args.comments_from ?? 1
    const max = ctx.limits.maxResponseBytes
    const { issue, comments } = await readIssue(ctx, args.owner, args.repo, args.index)
    if (from > 1 && from > comments.length) {
      throw new ToolError('invalid_arguments', `Invalid arguments: \`comments_from\` ${from} is past the last comment: #${args.index} has ${comments.length} comment${comments.length === 1 ? '' : 's'}.`)
    }
    const isPull = issue.pull_request !== null
    // Past the first page of comments the description was already read: leave it out, so paging always moves on.
    const withBody = from === 1
    const attempt = (bodyShare: number, commentShare: number): Output | null => {
      const clean = new Escapes()
      const body = withBody
        ? cutDescription(clean.text(issue.body), Math.floor(max * bodyShare), issue.html_url)
        : { text: '', cut: false }
      const shown = escapeEach(comments.slice(from - 1), (comment, own) => commentJson(comment, own, Math.floor(max * commentShare)))
      const base = {
        owner: args.owner,
        repo: args.repo,
        number: issue.number,
        title: clean.text(issue.title),
        state: issue.state,
        is_pull_request: isPull,
        author: login(issue.user),
        labels: labelNames(issue.labels, clean),
        assignees: (issue.assignees ?? []).map(login),
        locked: issue.is_locked,
        created_at: issue.created_at,
        updated_at: issue.updated_at,
        closed_at: issue.closed_at,
        url: issue.html_url,
        body: body.text,
        body_truncated: body.cut
      }
      const build = (list: Array<Escaped<CommentT>>, cut: boolean): Output => {
        const { values, escaped } = unwrap(list)
        return {
          ...base,
          comments_total: comments.length,
          comments_from: from,
          comments: values,
          comments_truncated: cut,
          ...(cut ? { next: { comments_from: from + list.length } } : {}),
          ...escapeFields(clean.count + escaped, [
            withBody ? undefined : 'The description is left out after the first comments (it comes with comments_from 1).',
            cut ? `Comments ${from} to ${from + list.length - 1} of ${comments.length} shown (cut to fit the response size limit): call get_issue again with comments_from ${from + list.length} for the rest.` : undefined,
            isPull ? `#${issue.number} is a pull request: get_pull_request shows its branches and changed files, get_pull_request_diff its diff.` : undefined
          ])
        }
      }
      const fitted = fitList(shown, build, max)
      // No comment fitting next to the rest would send the caller round in circles.
      if (fitted === null || (fitted.shown === 0 && shown.length > 0)) return null
      return fitted.result
    }
    for (const [bodyShare, commentShare] of [[BODY_SHARE, COMMENT_SHARE], [0.2, 0.2], [0.05, 0.1]] as const) {
      const result = attempt(bodyShare, commentShare)
      if (result !== null) return result
    }
    throw new ToolError('too_large', `Issue #${issue.number} does not fit the response size limit (MAX_RESPONSE_BYTES = ${max}, the title alone takes ${jsonBytes(issue.title)} bytes).`)
  }
}
