import { Type, type Static } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import type { GiteaContent, GiteaRepository } from '../gitea/types.js'
import { largestFitting } from './budget.js'
import { callOptions, getRepository, repoWebUrl, str } from './common.js'
import { ToolError } from './errors.js'
import { fetchIssue } from './fetch-issue.js'
import { fetchWikiPage } from './fetch-wiki.js'
import { describeBinary, readPath, type PathRead } from './files.js'
import { maxFileBytesNote } from './get-file-contents.js'
import { parseId } from './ids.js'
import { escapeFields, escapeInvisible } from './sanitize.js'
import { MAX_PATH_LENGTH, MAX_REF_LENGTH } from './schemas.js'
import { countLines, snapToLine } from './text.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

const input = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 250 + MAX_REF_LENGTH + MAX_PATH_LENGTH,
    description: 'An id from `search`, e.g. "acme/platform", "acme/platform@main:src/index.ts", "acme/platform#12", "acme/platform!5" or "acme/platform/wiki/Home"'
  })
}, { additionalProperties: false })

const output = Type.Object({
  id: Type.String(),
  title: Type.String(),
  text: Type.String({ description: 'The document: a Markdown summary (with the README) for a repository, the file text for a file, the conversation (description and comments) for an issue or pull request, the Markdown of a wiki page' }),
  url: Type.String({ description: 'Web page in Gitea' }),
  metadata: Type.Object({
    kind: Type.Union([Type.Literal('repository'), Type.Literal('file'), Type.Literal('directory'), Type.Literal('symlink'), Type.Literal('submodule'),
      Type.Literal('issue'), Type.Literal('pull_request'), Type.Literal('wiki_page')]),
    owner: Type.String(),
    repo: Type.String(),
    ref: Type.Optional(Type.String({ description: 'Branch, tag or commit (the default branch for a repository); absent for an issue, pull request or wiki page' })),
    number: Type.Optional(Type.Integer({ description: 'Issue or pull request number' })),
    state: Type.Optional(Type.String({ description: 'Issue or pull request state: open, closed or merged' })),
    comments: Type.Optional(Type.Integer({ description: 'Number of comments on the issue or pull request' })),
    path: Type.Optional(Type.String()),
    size: Type.Optional(Type.Integer()),
    sha: Type.Optional(Type.String()),
    encoding: Type.Optional(Type.Union([Type.Literal('utf-8'), Type.Literal('binary')])),
    total_lines: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    readme_path: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    private: Type.Optional(Type.Boolean()),
    language: Type.Optional(Type.String()),
    updated_at: Type.Optional(Type.String()),
    truncated: Type.Boolean({ description: 'The text was cut; its last line says how to read the rest' }),
    escaped_characters: Type.Optional(Type.Integer({ description: 'Invisible Unicode characters (tag, bidirectional, zero-width) in the file text read, shown as [U+XXXX] escapes; absent when none' })),
    note: Type.Optional(Type.String())
  })
})

type Output = Static<typeof output>
type Metadata = Output['metadata']

const README_RE = /^readme(\.[A-Za-z0-9]+)?$/i
const README_ORDER = ['readme.md', 'readme.markdown', 'readme', 'readme.txt', 'readme.rst', 'readme.adoc', 'readme.org']

/** The README among a root listing: README.md first, then README, then any README.* file. */
export function pickReadme (entries: GiteaContent[]): GiteaContent | undefined {
  const files = entries.filter((entry) => entry.type === 'file' && README_RE.test(entry.name))
  const rank = (entry: GiteaContent): number => {
    const at = README_ORDER.indexOf(entry.name.toLowerCase())
    return at === -1 ? README_ORDER.length : at
  }
  return files.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))[0]
}

/**
 * `head` then as much of `body` as fits (cut at a line end when possible),
 * then `marker(lastLineShown)` when it was cut. Returns null when not even the
 * head fits.
 */
function fitDocument (make: (text: string, truncated: boolean) => Output, head: string, body: string, tail: string, marker: (lastLine: number) => string, maxBytes: number): Output | null {
  // Text of n UTF-16 code units is at least n bytes of JSON: past maxBytes nothing more fits, and nothing larger is built.
  const found = largestFitting(Math.min(body.length, maxBytes), (n) => {
    const end = snapToLine(body, n)
    if (end >= body.length) return make(head + body + tail, tail !== '')
    const shown = body.slice(0, end)
    return make(head + shown + marker(countLines(shown)), true)
  }, maxBytes)
  return found?.result ?? null
}

function repositorySummary (repo: GiteaRepository): string {
  const lines = [`# ${repo.full_name}`, '']
  if (str(repo.description) !== '') lines.push(repo.description, '')
  lines.push(`- Visibility: ${repo.private ? 'private' : 'public'}`)
  lines.push(`- Default branch: ${str(repo.default_branch) || '(none)'}`)
  if (str(repo.language) !== '') lines.push(`- Language: ${repo.language}`)
  const flags = [repo.fork ? 'fork' : '', repo.mirror ? 'mirror' : '', repo.archived ? 'archived' : '', repo.empty ? 'empty (no commits yet)' : ''].filter((f) => f !== '')
  if (flags.length > 0) lines.push(`- Flags: ${flags.join(', ')}`)
  if (Array.isArray(repo.topics) && repo.topics.length > 0) lines.push(`- Topics: ${repo.topics.join(', ')}`)
  lines.push(`- Created: ${str(repo.created_at)}; last updated: ${str(repo.updated_at)}`)
  if (repoWebUrl(repo) !== '') lines.push(`- Web: ${repoWebUrl(repo)}`)
  return lines.join('\n') + '\n'
}

async function fetchRepository (ctx: ToolContext, id: string, owner: string, repo: string): Promise<Output> {
  const repository = await getRepository(ctx, owner, repo)
  const ref = repository.default_branch
  const metadata: Metadata = {
    kind: 'repository',
    owner,
    repo,
    ref,
    private: repository.private === true,
    language: str(repository.language),
    updated_at: str(repository.updated_at),
    readme_path: null,
    truncated: false
  }
  const url = repoWebUrl(repository)
  const title = repository.full_name
  const make = (text: string, truncated: boolean): Output => ({ id, title, text, url, metadata: { ...metadata, truncated } })
  const head = repositorySummary(repository)

  let readme: Extract<PathRead, { kind: 'file' }> | undefined
  let note = ''
  if (repository.empty !== true) {
    try {
      const root = await ctx.gitea.getContents(owner, repo, '', ref, callOptions(ctx))
      const entry = Array.isArray(root) ? pickReadme(root) : undefined
      if (entry !== undefined) {
        const read = await readPath(ctx, owner, repo, entry.path, ref, repository)
        if (read.kind === 'file') readme = read
      }
    } catch (error) {
      if (!(error instanceof GiteaError)) throw error
      note = `\n(The README could not be read: ${error.message})\n`
    }
  }
  if (readme === undefined) {
    return fitDocument(make, head + note, '', '', () => '', ctx.limits.maxResponseBytes) ?? tooLarge(ctx)
  }
  metadata.readme_path = readme.meta.path
  const readmeHead = `${head}\n## ${readme.meta.path}\n\n`
  if (readme.decoded.binary) {
    const binary = describeBinary(readme.meta.path, readme.meta.size, readme.meta.sha, readme.bytes, readme.decoded.reason)
    return fitDocument(make, readmeHead + binary.description + '\n', '', '', () => '', ctx.limits.maxResponseBytes) ?? tooLarge(ctx)
  }
  const readmeRef = ref
  const readmeText = escapeInvisible(readme.decoded.text)
  Object.assign(metadata, escapeFields(readmeText.escaped))
  const tail = readme.fileTruncated ? `\n\n[README truncated: ${maxFileBytesNote(readme.meta.size, ctx.limits.maxFileBytes)}]` : ''
  const marker = (last: number): string =>
    `\n\n[README truncated after line ${last} to fit the response size limit. Read on with get_file_contents ` +
    `(owner ${JSON.stringify(owner)}, repo ${JSON.stringify(repo)}, path ${JSON.stringify(readme.meta.path)}, ref ${JSON.stringify(readmeRef)}, start_line ${last + 1}).]`
  return fitDocument(make, readmeHead, readmeText.text, tail, marker, ctx.limits.maxResponseBytes) ?? tooLarge(ctx)
}

function tooLarge (ctx: ToolContext): never {
  throw new ToolError('too_large', `The document does not fit the response size limit (MAX_RESPONSE_BYTES = ${ctx.limits.maxResponseBytes}); use get_file_contents with start_line/end_line instead.`)
}

function entryLine (entry: GiteaContent): string {
  switch (entry.type) {
    case 'dir': return `- ${entry.path}/`
    case 'file': return `- ${entry.path} (${entry.size} bytes)`
    case 'symlink': return `- ${entry.path} (symbolic link${entry.target === null ? '' : ` to ${entry.target}`})`
    case 'submodule': return `- ${entry.path} (submodule)`
  }
}

async function fetchPath (ctx: ToolContext, id: string, owner: string, repo: string, ref: string, path: string): Promise<Output> {
  const read = await readPath(ctx, owner, repo, path, ref)
  const where = `${owner}/${repo}@${read.ref}`
  const max = ctx.limits.maxResponseBytes
  const base = { owner, repo, ref: read.ref, path }
  const title = `${path} (${where})`
  const result = (kind: Metadata['kind'], extra: Partial<Metadata>) =>
    (text: string, truncated: boolean): Output => ({ id, title, text, url: read.url, metadata: { kind, ...base, ...extra, truncated } })

  switch (read.kind) {
    case 'dir': {
      const head = `Directory ${path}/ in ${where}. Fetch a file with the id "${owner}/${repo}@${read.ref}:<path>".\n\n`
      const body = read.entries.map(entryLine).join('\n') + (read.entries.length > 0 ? '\n' : '')
      const marker = (): string => `\n[Listing truncated to fit the response size limit: use get_file_tree (owner ${JSON.stringify(owner)}, repo ${JSON.stringify(repo)}, path ${JSON.stringify(path)}, ref ${JSON.stringify(read.ref)}).]`
      return fitDocument(result('directory', {}), head, body, '', marker, max) ?? tooLarge(ctx)
    }
    case 'symlink': {
      const text = `${path} is a symbolic link to ${JSON.stringify(read.target)}.` +
        (read.resolved === null ? ' The target is outside the repository.' : ` Fetch the target with the id "${owner}/${repo}@${read.ref}:${read.resolved}".`)
      return fitDocument(result('symlink', { sha: read.meta.sha, size: read.meta.size }), text, '', '', () => '', max) ?? tooLarge(ctx)
    }
    case 'submodule': {
      const text = `${path} is a git submodule${read.meta.submodule_git_url === null ? '' : ` pointing at ${read.meta.submodule_git_url}`}, commit ${read.meta.sha}. Its files live in that other repository.`
      return fitDocument(result('submodule', { sha: read.meta.sha }), text, '', '', () => '', max) ?? tooLarge(ctx)
    }
    case 'file': {
      const common = { size: read.meta.size, sha: read.meta.sha, path: read.meta.path }
      if (read.decoded.binary) {
        const binary = describeBinary(read.meta.path, read.meta.size, read.meta.sha, read.bytes, read.decoded.reason)
        return fitDocument(result('file', { ...common, encoding: 'binary', total_lines: null }), binary.description, '', '', () => '', max) ?? tooLarge(ctx)
      }
      const raw = read.decoded.text
      // Invisible characters become visible escapes; line numbers do not change.
      const { text, escaped } = escapeInvisible(raw)
      const tail = read.fileTruncated ? `\n\n[File truncated: ${maxFileBytesNote(read.meta.size, ctx.limits.maxFileBytes)}]` : ''
      const marker = (last: number): string =>
        `\n\n[Truncated after line ${last} to fit the response size limit. Read on with get_file_contents ` +
        `(owner ${JSON.stringify(owner)}, repo ${JSON.stringify(repo)}, path ${JSON.stringify(read.meta.path)}, ref ${JSON.stringify(read.ref)}, start_line ${last + 1}).]`
      const totalLines = read.fileTruncated ? null : countLines(raw)
      return fitDocument(result('file', { ...common, encoding: 'utf-8', total_lines: totalLines, ...escapeFields(escaped) }), '', text, tail, marker, max) ?? tooLarge(ctx)
    }
  }
}

export const fetch: ToolDefinition<typeof input, typeof output> = {
  name: 'fetch',
  toolset: 'core',
  listOutputSchema: true,
  title: 'Fetch a document',
  description: 'Reads the document for an id from `search`: a repository\'s summary and README, a file\'s text, or an issue or pull request with its comments ' +
    '(a pull request also with its branches and changed files), or a wiki page, with its title, URL and metadata. A long document is cut to fit; its last line says how to read the rest.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Read the file in parts with get_file_contents (`start_line`, `end_line`).',
  async run (args, ctx) {
    const parsed = parseId(args.id.trim())
    if (parsed.kind === 'repository') return await fetchRepository(ctx, args.id, parsed.owner, parsed.repo)
    if (parsed.kind === 'issue' || parsed.kind === 'pull_request') return await fetchIssue(ctx, args.id, parsed.owner, parsed.repo, parsed.number, parsed.kind)
    if (parsed.kind === 'wiki_page') return await fetchWikiPage(ctx, args.id, parsed.owner, parsed.repo, parsed.title)
    return await fetchPath(ctx, args.id, parsed.owner, parsed.repo, parsed.ref, parsed.path)
  }
}
