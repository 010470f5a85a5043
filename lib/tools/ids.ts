// Document ids for the ChatGPT `search` / `fetch` pair.
//
// `search` returns ids; `fetch` takes one back. The ids are readable, stable
// and need no server-side state:
//
//   owner/repo              a repository          e.g. acme/platform
//   owner/repo@ref:path     a file (or directory) at a branch, tag or commit
//                                                 e.g. acme/platform@main:src/index.ts
//                                                      acme/platform@feature/login:src/a b.ts
//   owner/repo#N            issue N               e.g. acme/platform#12
//   owner/repo!N            pull request N        e.g. acme/platform!5
//   owner/repo/wiki/Title   a wiki page           e.g. acme/platform/wiki/Deploy Guide
//
// Parsing is unambiguous without escaping: Gitea owner and repository names
// are [A-Za-z0-9_.-] (no "/", "@", "#", "!" or ":"), so the first "/" ends
// the owner and the first "@" ends the repository; git refs cannot contain
// ":", so the first ":" after "@" ends the ref and everything after it is the
// path, verbatim (it may contain ":" or "@"). Without "@", a "#" or "!" after
// the repository name starts an issue or pull request number (a whole number
// from 1, no sign or leading zero), which no repository name can contain.
// A "/" right after the repository name (before any "@", "#" or "!") can only
// start "wiki/": everything after it is the page title, verbatim.
import { ToolError } from './errors.js'
import { validateName, validatePath, validateRef } from './schemas.js'

export type DocumentId =
  | { kind: 'repository', owner: string, repo: string }
  | { kind: 'file', owner: string, repo: string, ref: string, path: string }
  | { kind: 'issue', owner: string, repo: string, number: number }
  | { kind: 'pull_request', owner: string, repo: string, number: number }
  | { kind: 'wiki_page', owner: string, repo: string, title: string }

export const ID_FORMATS = '"owner/repo" for a repository, "owner/repo@ref:path" for a file at a branch, tag or commit (e.g. "acme/platform@main:src/index.ts"), ' +
  '"owner/repo#N" for issue N and "owner/repo!N" for pull request N (e.g. "acme/platform#12", "acme/platform!5"), ' +
  '"owner/repo/wiki/Title" for a wiki page; use the ids that `search` returns'

function invalidId (id: string, why: string): ToolError {
  const shown = id.length > 200 ? `${id.slice(0, 200)}...` : id
  return new ToolError('invalid_id', `Invalid id ${JSON.stringify(shown)}: ${why}. Ids look like ${ID_FORMATS}.`)
}

export function formatRepositoryId (owner: string, repo: string): string {
  return `${owner}/${repo}`
}

export function formatFileId (owner: string, repo: string, ref: string, path: string): string {
  return `${owner}/${repo}@${ref}:${path}`
}

export function formatIssueId (owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${number}`
}

export function formatPullRequestId (owner: string, repo: string, number: number): string {
  return `${owner}/${repo}!${number}`
}

export function formatWikiPageId (owner: string, repo: string, title: string): string {
  return `${owner}/${repo}/wiki/${title}`
}

export function formatId (id: DocumentId): string {
  switch (id.kind) {
    case 'repository': return formatRepositoryId(id.owner, id.repo)
    case 'file': return formatFileId(id.owner, id.repo, id.ref, id.path)
    case 'issue': return formatIssueId(id.owner, id.repo, id.number)
    case 'pull_request': return formatPullRequestId(id.owner, id.repo, id.number)
    case 'wiki_page': return formatWikiPageId(id.owner, id.repo, id.title)
  }
}

function checked<T> (id: string, what: string, check: () => T): T {
  try {
    return check()
  } catch (error) {
    if (error instanceof ToolError) throw invalidId(id, `the ${what} is not valid (${error.message.replace(/^Invalid arguments: /, '').replace(/\.$/, '')})`)
    throw error
  }
}

/** Parses an id from `search`; a ToolError `invalid_id` says what is wrong. */
export function parseId (id: string): DocumentId {
  const slash = id.indexOf('/')
  if (slash <= 0) throw invalidId(id, 'it has no "owner/" part')
  const owner = id.slice(0, slash)
  const rest = id.slice(slash + 1)
  const wiki = parseWikiId(id, owner, rest)
  if (wiki !== undefined) return wiki
  const at = rest.indexOf('@')
  if (at === -1) {
    const mark = rest.search(/[#!]/)
    if (mark !== -1) {
      const repo = rest.slice(0, mark)
      const kind: 'issue' | 'pull_request' = rest.charAt(mark) === '#' ? 'issue' : 'pull_request'
      const digits = rest.slice(mark + 1)
      checked(id, 'owner', () => validateName(owner, 'owner'))
      checked(id, 'repository name', () => validateName(repo, 'repo'))
      const number = /^[1-9]\d{0,15}$/.test(digits) ? Number(digits) : NaN
      if (!Number.isSafeInteger(number)) {
        throw invalidId(id, `the ${kind === 'issue' ? 'issue' : 'pull request'} number after "${rest.charAt(mark)}" must be a whole number from 1`)
      }
      return { kind, owner, repo, number }
    }
    checked(id, 'owner', () => validateName(owner, 'owner'))
    checked(id, 'repository name', () => validateName(rest, 'repo'))
    return { kind: 'repository', owner, repo: rest }
  }
  const repo = rest.slice(0, at)
  const refAndPath = rest.slice(at + 1)
  const colon = refAndPath.indexOf(':')
  if (colon === -1) throw invalidId(id, 'a file id needs ":" between the ref and the path')
  const ref = refAndPath.slice(0, colon)
  const path = refAndPath.slice(colon + 1)
  checked(id, 'owner', () => validateName(owner, 'owner'))
  checked(id, 'repository name', () => validateName(repo, 'repo'))
  checked(id, 'ref', () => validateRef(ref))
  if (path === '') throw invalidId(id, 'the path after ":" is empty')
  const cleanPath = checked(id, 'path', () => validatePath(path))
  return { kind: 'file', owner, repo, ref, path: cleanPath }
}

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const TITLE_CONTROL = /[\u0000-\u001f\u007f]/

/** "repo/wiki/Title" after the owner's "/": a wiki page id; undefined when `rest` is no such id. */
function parseWikiId (id: string, owner: string, rest: string): DocumentId | undefined {
  const end = rest.search(/[/@#!]/)
  if (end === -1 || rest.charAt(end) !== '/') return undefined
  // Anything else with a "/" there is left to the other forms, which say what is wrong.
  if (!rest.startsWith('wiki/', end + 1)) return undefined
  const repo = rest.slice(0, end)
  const title = rest.slice(end + 1 + 'wiki/'.length)
  checked(id, 'owner', () => validateName(owner, 'owner'))
  checked(id, 'repository name', () => validateName(repo, 'repo'))
  if (title.trim() === '') throw invalidId(id, 'the wiki page title after "wiki/" is empty')
  if (title.length > 255 || TITLE_CONTROL.test(title) || title.trim() === '.' || title.trim() === '..') {
    throw invalidId(id, 'the wiki page title is not valid (at most 255 characters, no control characters, not "." or "..")')
  }
  return { kind: 'wiki_page', owner, repo, title }
}
