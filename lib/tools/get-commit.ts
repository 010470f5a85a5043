import { Type, type Static } from 'typebox'
import { fitList, jsonBytes, largestFitting } from './budget.js'
import { checkRevision, CommitSummary, Revision, summarizeCommit, withRepository } from './commits.js'
import { callOptions, getRepository } from './common.js'
import { ToolError } from './errors.js'
import { type Escaped, EscapedCharacters, escapeEach, escapeFields, Escapes, Note, unwrap } from './sanitize.js'
import { Owner, Repo } from './schemas.js'
import { snapToLine } from './text.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  sha: Revision('Commit SHA (7+ characters), or a branch or tag')
}, { additionalProperties: false })

const FileChange = Type.Object({
  path: Type.String({ description: 'Pass it as `path` to get_commit_diff to see this file\'s changes' }),
  status: Type.String({ description: 'added, removed or modified (a rename is a removal and an addition)' })
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  ...CommitSummary.properties,
  message: Type.String({ description: 'The whole commit message' }),
  message_truncated: Type.Boolean({ description: 'The message was cut to fit the response size limit' }),
  stats: Type.Union([Type.Object({
    additions: Type.Integer(),
    deletions: Type.Integer(),
    total: Type.Integer()
  }), Type.Null()], { description: 'Lines added and deleted against the first parent; null when Gitea did not compute them' }),
  files: Type.Array(FileChange, { description: 'Files changed against the first parent, in path order' }),
  total_files: Type.Integer(),
  truncated: Type.Boolean({ description: 'Some files (or part of the message) were left out to fit the response size limit; see `note`' }),
  escaped_characters: EscapedCharacters,
  note: Note
})

type Output = Static<typeof output>
type FileChangeT = Static<typeof FileChange>

export const getCommit: ToolDefinition<typeof input, typeof output> = {
  name: 'get_commit',
  toolset: 'history',
  title: 'Get a commit',
  description: 'One commit: full message, author and committer with dates, parents, line totals and the files it added, removed or modified, with its URL. ' +
    'Its changes: get_commit_diff.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'The commit is too large to describe here; use get_commit_diff with `path` for one file.',
  async run (args, ctx) {
    const { owner, repo } = args
    const sha = checkRevision(args.sha, 'sha')
    const [, commit] = await withRepository(getRepository(ctx, owner, repo),
      ctx.gitea.getCommit(owner, repo, sha, { stat: true, files: true }, callOptions(ctx)),
      'Check `sha` with list_commits (or use a branch or tag name).')
    const escapes = new Escapes()
    const summary = summarizeCommit(commit, escapes)
    const message = escapes.text(commit.commit.message)
    const sorted = [...(commit.files ?? [])].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0))
    const files: Array<Escaped<FileChangeT>> = escapeEach(sorted, (file, fileEscapes) => ({ path: fileEscapes.text(file.filename), status: file.status }))
    const stats = commit.stats === null ? null : { additions: commit.stats.additions, deletions: commit.stats.deletions, total: commit.stats.total }
    const maxBytes = ctx.limits.maxResponseBytes

    const build = (text: string, messageCut: boolean, shownFiles: Array<Escaped<FileChangeT>>): Output => {
      const { values: shown, escaped } = unwrap(shownFiles)
      const notes: string[] = []
      if (shown.length < files.length) {
        notes.push(`Only the first ${shown.length} of ${files.length} changed files fit the response size limit; get_commit_diff lists them all (page by page) and shows one file's changes with \`path\`.`)
      }
      if (messageCut) notes.push('The commit message was cut to fit the response size limit; open the URL in Gitea for all of it.')
      return {
        owner,
        repo,
        ...summary,
        message: text,
        message_truncated: messageCut,
        stats,
        files: shown,
        total_files: files.length,
        truncated: messageCut || shown.length < files.length,
        ...escapeFields(escapes.count + escaped, notes)
      }
    }
    // The message first (up to half the budget, cut at a line end), then as many files as fit.
    let text = message
    let messageCut = false
    if (jsonBytes(message) > maxBytes / 2) {
      const fitted = largestFitting(message.length, (n) => message.slice(0, snapToLine(message, n)), Math.floor(maxBytes / 2))
      text = fitted?.result ?? ''
      messageCut = true
    }
    const fitted = fitList(files, (shown) => build(text, messageCut, shown), maxBytes)
    if (fitted === null) throw new ToolError('too_large', `The commit does not fit the response size limit (MAX_RESPONSE_BYTES = ${maxBytes}).`)
    return fitted.result
  }
}
