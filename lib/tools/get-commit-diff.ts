import { Type, type Static } from 'typebox'
import { checkRevision, messageTitle, Revision, withRepository } from './commits.js'
import { callOptions, getRepository, withAdvice } from './common.js'
import { DIFF_MAX_BYTES, diffIndex, DiffFileSummary, fitDiffPage, readDiff } from './diff.js'
import { escapeFields, Escapes, Note } from './sanitize.js'
import { Owner, PageArg, Path, Repo } from './schemas.js'
import { formatBytes } from './text.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  sha: Revision('Commit SHA (7+ characters), or a branch or tag'),
  path: Type.Optional({ ...Path, description: 'Only this file, as `files` names it' }),
  page: Type.Optional(PageArg)
}, { additionalProperties: false })

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  sha: Type.String({ description: 'The full SHA of the commit shown' }),
  title: Type.String({ description: 'First line of the commit message' }),
  url: Type.String({ description: 'Web page of the commit in Gitea' }),
  path: Type.Union([Type.String(), Type.Null()], { description: 'The one file shown, or null for the whole diff' }),
  files: Type.Array(DiffFileSummary, { description: 'Every file the commit changes (as far as the list fits), on every page' }),
  total_files: Type.Integer(),
  files_truncated: Type.Boolean({ description: 'The file list was cut to fit; the diff text still covers every file' }),
  page: Type.Integer(),
  total_pages: Type.Integer(),
  text: Type.String({ description: 'Unified diff (git format) against the first parent; a root commit starts with its header. A page that is not the last ends with a marker line saying how to get the rest' }),
  truncated: Type.Boolean({ description: 'More of the diff follows: see `next`' }),
  next: Type.Optional(Type.Object({
    page: Type.Integer(),
    path: Type.Optional(Type.String())
  }, { description: 'Call again with these arguments (and the same owner, repo, sha) for the rest' })),
  escaped_characters: Type.Optional(Type.Integer({ description: 'Invisible Unicode characters (tag, bidirectional, zero-width) in the diff and the title, shown as [U+XXXX] escapes; absent when none' })),
  note: Note
})

type Output = Static<typeof output>

export const getCommitDiff: ToolDefinition<typeof input, typeof output> = {
  name: 'get_commit_diff',
  toolset: 'history',
  title: 'Get a commit\'s diff',
  description: 'The changes of one commit as a unified diff against its first parent, with the changed files (status, lines added and deleted). ' +
    '`path` shows one file. A long diff comes in pages: when `truncated`, call again with `next`. ' +
    `Diffs over ${formatBytes(DIFF_MAX_BYTES)} are read only that far.`,
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for one file with `path`.',
  async run (args, ctx) {
    const { owner, repo } = args
    const sha = checkRevision(args.sha, 'sha')
    const call = callOptions(ctx)
    // Resolve the name to one commit first, so every page comes from the same diff.
    const [, commit] = await withRepository(getRepository(ctx, owner, repo),
      ctx.gitea.getCommit(owner, repo, sha, {}, call),
      'Check `sha` with list_commits (or use a branch or tag name).')
    let raw
    try {
      raw = await ctx.gitea.getCommitDiff(owner, repo, commit.sha, DIFF_MAX_BYTES, call)
    } catch (error) {
      throw withAdvice(error, 'The commit was found but its diff could not be read; try again.')
    }
    const read = readDiff(raw.bytes, raw.truncated)
    const { diff } = read
    const escapes = new Escapes()
    const title = escapes.text(messageTitle(commit.commit.message))
    const maxBytes = ctx.limits.maxResponseBytes
    const index = diffIndex(diff.files, maxBytes)
    // One note for everything escaped (the title's and the diff's).
    const allNotes = [...read.notes]
    if (index.truncated) allNotes.push(`The file list shows ${index.files.length} of ${index.total} files; the diff text covers them all.`)
    return fitDiffPage(diff, { path: args.path, page: args.page }, maxBytes, (page): Output => ({
      owner,
      repo,
      sha: commit.sha,
      title,
      url: commit.html_url,
      path: page.path,
      files: index.files,
      total_files: index.total,
      files_truncated: index.truncated,
      page: page.page,
      total_pages: page.total_pages,
      text: page.text,
      truncated: page.truncated,
      ...(page.next === undefined ? {} : { next: page.next }),
      ...escapeFields(escapes.count + read.escaped, allNotes)
    }))
  }
}
