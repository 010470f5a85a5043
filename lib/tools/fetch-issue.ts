// `fetch` of an issue ("owner/repo#N") or pull request ("owner/repo!N"): the
// conversation as one Markdown document (what happened, the description, then
// every comment, oldest first; for a pull request also its branches and
// changed files), cut at a comment boundary when it does not fit.
import { GiteaError } from '../gitea/errors.js'
import { notFoundError, pullTarget } from '../gitea/targets.js'
import type { GiteaChangedFile, GiteaComment, GiteaIssue, GiteaPullRequest } from '../gitea/types.js'
import { jsonBytes, largestFitting } from './budget.js'
import { callOptions, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { Escapes, escapeFields } from './sanitize.js'
import { cutDescription, cutText, login } from './tracker.js'
import type { ToolContext } from './types.js'

/** Changed files listed in a pull request document (one page of Gitea's). */
const DOCUMENT_FILES = 50
/** Share of MAX_RESPONSE_BYTES the description may take. */
const BODY_SHARE = 0.5
/** Share one comment may take. */
const COMMENT_SHARE = 0.25

export interface IssueDocument {
  id: string
  title: string
  text: string
  url: string
  metadata: {
    kind: 'issue' | 'pull_request'
    owner: string
    repo: string
    number: number
    state: string
    comments: number
    truncated: boolean
    escaped_characters?: number
    note?: string
  }
}

interface Conversation {
  issue: GiteaIssue
  comments: GiteaComment[]
  pull?: { pr: GiteaPullRequest, files: GiteaChangedFile[], totalFiles: number }
}

async function readConversation (ctx: ToolContext, owner: string, repo: string, number: number, wantPull: boolean): Promise<Conversation> {
  const call = callOptions(ctx)
  const [issue, comments] = await Promise.all([ctx.gitea.getIssue(owner, repo, number, call), ctx.gitea.listIssueComments(owner, repo, number, call)])
  if (issue.pull_request === null) {
    if (wantPull) {
      const error = notFoundError(pullTarget(owner, repo, number))
      throw new GiteaError(error.code, `${error.message}. #${number} is an issue: fetch it as "${owner}/${repo}#${number}".`, error.status)
    }
    return { issue, comments }
  }
  const [pr, files] = await Promise.all([
    ctx.gitea.getPullRequest(owner, repo, number, call),
    ctx.gitea.listPullRequestFiles(owner, repo, number, { page: 1, limit: DOCUMENT_FILES }, call)
  ])
  return { issue, comments, pull: { pr, files: files.items, totalFiles: pr.changed_files ?? files.total ?? files.items.length } }
}

function stateWord (issue: GiteaIssue, pr: GiteaPullRequest | undefined): string {
  if (pr?.merged === true) return 'merged'
  return issue.state
}

function fileLine (file: GiteaChangedFile): string {
  const status = file.status === 'changed' ? 'modified' : file.status
  const renamed = file.previous_filename !== undefined ? ` (renamed from ${file.previous_filename})` : ''
  return `- ${file.filename}${renamed}: ${status}, +${file.additions} -${file.deletions}`
}

/** The document for an issue or pull request id. */
export async function fetchIssue (ctx: ToolContext, id: string, owner: string, repo: string, number: number, kind: 'issue' | 'pull_request'): Promise<IssueDocument> {
  let conversation: Conversation
  try {
    conversation = await readConversation(ctx, owner, repo, number, kind === 'pull_request')
  } catch (error) {
    throw withAdvice(error, 'Check the id: search returns ids of issues and pull requests that exist; list_issues and list_pull_requests list them.')
  }
  const { issue, comments, pull } = conversation
  const max = ctx.limits.maxResponseBytes
  const clean = new Escapes()
  const isPull = pull !== undefined
  const where = `${owner}/${repo}${isPull ? '!' : '#'}${issue.number}`
  const title = `${clean.text(issue.title)} (${where})`
  const state = stateWord(issue, pull?.pr)

  const facts = [
    `- ${isPull ? 'Pull request' : 'Issue'} #${issue.number} in ${owner}/${repo}, ${state}`,
    `- Opened by ${login(issue.user) || 'an unknown user'} on ${issue.created_at}` +
      (pull?.pr.merged_at != null ? `; merged on ${pull.pr.merged_at}${pull.pr.merged_by !== null ? ` by ${login(pull.pr.merged_by)}` : ''}` : issue.closed_at !== null ? `; closed on ${issue.closed_at}` : '')
  ]
  if (issue.labels.length > 0) facts.push(`- Labels: ${issue.labels.map((l) => clean.text(l.name)).join(', ')}`)
  if (issue.assignees !== null && issue.assignees.length > 0) facts.push(`- Assignees: ${issue.assignees.map(login).join(', ')}`)
  if (pull !== undefined) {
    const pr = pull.pr
    facts.push(`- Merges ${pr.head.label || pr.head.ref} (${pr.head.sha.slice(0, 12)}) into ${pr.base.label || pr.base.ref}${pr.draft ? '; draft' : ''}`)
    facts.push(`- Changes ${pull.totalFiles} file${pull.totalFiles === 1 ? '' : 's'}` +
      (pr.additions !== undefined && pr.deletions !== undefined ? `, +${pr.additions} -${pr.deletions} lines` : ''))
  }
  const bodyText = cutDescription(clean.text(issue.body), Math.floor(max * BODY_SHARE), issue.html_url)
  let head = `# ${title}\n\n${facts.join('\n')}\n\n${bodyText.text.trim() === '' ? '(No description.)' : bodyText.text}\n`
  if (pull !== undefined) {
    head += `\n## Changed files\n\n${pull.files.map(fileLine).join('\n')}\n`
    if (pull.totalFiles > pull.files.length) {
      head += `- ... and ${pull.totalFiles - pull.files.length} more: get_pull_request (owner ${JSON.stringify(owner)}, repo ${JSON.stringify(repo)}, index ${issue.number}, files_from ${pull.files.length + 1}) lists them.\n`
    }
  }
  head += `\n## Comments (${comments.length})\n`
  if (comments.length === 0) head += '\nNo comments.\n'
  const sections = comments.map((comment) => {
    const body = cutText(clean.text(comment.body), Math.floor(max * COMMENT_SHARE),
      `\n\n[Comment cut here; read it whole at ${comment.html_url === '' ? 'its web page' : comment.html_url}.]`)
    return `\n### ${login(comment.user) || 'unknown'} on ${comment.created_at}\n\n${body.text}\n`
  })
  const make = (text: string, truncated: boolean): IssueDocument => ({
    id,
    title,
    text,
    url: issue.html_url,
    metadata: {
      kind: isPull ? 'pull_request' : 'issue',
      owner,
      repo,
      number: issue.number,
      state,
      comments: comments.length,
      truncated,
      ...escapeFields(clean.count)
    }
  })
  const marker = (shown: number): string =>
    `\n[Cut here to fit the response size limit: comments ${shown + 1} to ${comments.length} are not shown. Read them with get_issue ` +
    `(owner ${JSON.stringify(owner)}, repo ${JSON.stringify(repo)}, index ${issue.number}, comments_from ${shown + 1}).]\n`
  const found = largestFitting(sections.length, (n) => make(head + sections.slice(0, n).join('') + (n < sections.length ? marker(n) : ''), n < sections.length || bodyText.cut), max)
  if (found !== null) return found.result
  // Not even the head fits (a tiny MAX_RESPONSE_BYTES): cut it too.
  const envelope = jsonBytes(make('', true))
  if (envelope + 200 > max) throw new ToolError('too_large', `The document does not fit the response size limit (MAX_RESPONSE_BYTES = ${max}); use get_issue instead.`)
  const short = cutText(head, max - envelope - jsonBytes(marker(0)), `\n[Cut here to fit the response size limit; read it with get_issue (owner ${JSON.stringify(owner)}, repo ${JSON.stringify(repo)}, index ${issue.number}).]\n`)
  return make(short.text, true)
}
