// Common argument schemas and the checks JSON Schema cannot express well.
//
// Every tool builds its input schema from these pieces so that the same
// argument name means the same thing everywhere (see the contract: owner,
// repo, path, ref, page, limit, query, id). Schemas stay plain JSON Schema
// (standard keywords only, no look-arounds) so that every MCP client can read
// them; the semantic checks (`..` segments, percent-encoded traversal, ...)
// live in `checkCommonArguments`, which the registry runs on every call.
import { type TArray, Type, type TProperties, type TSchema } from 'typebox'
import { pagingFields } from './budget.js'
import { GITEA_NAME_PATTERN } from '../config.js'
import { ToolError } from './errors.js'
import { EscapeReport } from './sanitize.js'

/** Gitea user, organisation and repository names (the config's pattern, shared with REPO_ALLOWLIST). */
export const NAME_PATTERN = GITEA_NAME_PATTERN
const NAME_RE = new RegExp(NAME_PATTERN)

export const MAX_PATH_LENGTH = 4096
export const MAX_REF_LENGTH = 255
export const MAX_LIMIT = 50
export const DEFAULT_LIMIT = 30

/**
 * Characters a git ref can never hold (git check-ref-format), plus `:` which
 * the fetch id scheme uses as a separator. Standard JSON Schema pattern.
 */
export const REF_PATTERN = '^[^\\s:~^?*\\[\\\\\\u0000-\\u001f\\u007f]+$'

export const Owner = Type.String({
  pattern: NAME_PATTERN,
  description: 'User or organisation, e.g. "acme" of "acme/platform"'
})

export const Repo = Type.String({
  pattern: NAME_PATTERN,
  description: 'Repository name, e.g. "platform" of "acme/platform"'
})

export const Path = Type.String({
  minLength: 1,
  maxLength: MAX_PATH_LENGTH,
  description: 'File path from the repository root, e.g. "src/index.ts"'
})

export const DirPath = Type.String({
  maxLength: MAX_PATH_LENGTH,
  description: 'Directory from the repository root, e.g. "src/lib"; omit for the root'
})

export const Ref = Type.String({
  minLength: 1,
  maxLength: MAX_REF_LENGTH,
  pattern: REF_PATTERN,
  description: 'Branch, tag or commit SHA; omit for the default branch'
})

// page and limit carry no description: their bounds and defaults say it all,
// and they appear in most tools (tools/list is paid for by every conversation).
export const PageArg = Type.Integer({ minimum: 1, default: 1 })

export const LimitArg = Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })

/** The arguments of a plain list of one repository's branches, tags, labels or releases. */
export const RepoListInput = Type.Object({
  owner: Owner,
  repo: Repo,
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

/**
 * The output of a list of one repository's things (branches, tags, commits,
 * issues, ...): `owner` and `repo`, the tool's own `head` fields, the list
 * under `key`, the paging fields worded for `noun` and the escape report.
 */
export function listOutput<H extends TProperties, K extends string, I extends TSchema> (head: H, key: K, item: I, noun: string = key) {
  return Type.Object({
    owner: Type.String(),
    repo: Type.String(),
    ...head,
    ...{ [key]: Type.Array(item) } as { [P in K]: TArray<I> },
    ...pagingFields(noun),
    ...EscapeReport
  })
}

/** `page` and `limit` with their defaults filled in. */
export function pageArgs (args: { page?: number, limit?: number }, defaultLimit = DEFAULT_LIMIT): { page: number, limit: number } {
  return { page: args.page ?? 1, limit: args.limit ?? defaultLimit }
}

/** What to tell the caller when an argument does not match its pattern. */
export const PATTERN_HINTS: Record<string, string> = {
  owner: 'must be a Gitea user or organisation name: 1 to 100 letters, digits, "_", "." or "-"',
  repo: 'must be a repository name without the owner: 1 to 100 letters, digits, "_", "." or "-"',
  ref: 'must be a branch, tag or commit SHA without spaces, control characters or any of : ~ ^ ? * [ \\'
}

function invalid (message: string): ToolError {
  return new ToolError('invalid_arguments', `Invalid arguments: ${message}`)
}

/** Owner and repository names: the pattern, and never `.` or `..`. */
export function validateName (name: string, argument: string): string {
  if (!NAME_RE.test(name)) throw invalid(`\`${argument}\` ${PATTERN_HINTS[argument] ?? 'is not a valid Gitea name'}.`)
  if (name === '.' || name === '..') throw invalid(`\`${argument}\` cannot be "${name}".`)
  return name
}

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL_RE = /[\u0000-\u001f\u007f]/

function decodeOnce (value: string): string | null {
  try {
    return decodeURIComponent(value)
  } catch {
    return null
  }
}

/**
 * A repository-relative path. Returns it without a trailing "/". Rejects
 * (as `invalid_arguments`) anything that could step outside the repository
 * or confuse a URL: `.`/`..` segments (also percent-encoded, also encoded
 * twice), a leading `/`, backslashes, empty segments, control characters and
 * NUL, and more than 4096 characters. `allowRoot` accepts "" (the root).
 */
export function validatePath (path: string, argument = 'path', allowRoot = false): string {
  if (path.length > MAX_PATH_LENGTH) throw invalid(`\`${argument}\` is longer than ${MAX_PATH_LENGTH} characters.`)
  if (path === '') {
    if (allowRoot) return ''
    throw invalid(`\`${argument}\` cannot be empty.`)
  }
  // Check the path as given and as it would read after one or two rounds of
  // percent-decoding (a proxy or Gitea itself may decode it).
  const forms = [path]
  const once = decodeOnce(path)
  if (once !== null && once !== path) {
    forms.push(once)
    const twice = decodeOnce(once)
    if (twice !== null && twice !== once) forms.push(twice)
  }
  for (const form of forms) {
    if (CONTROL_RE.test(form)) throw invalid(`\`${argument}\` contains a control character.`)
    if (form.includes('\\')) throw invalid(`\`${argument}\` contains a backslash; use "/" between directories.`)
    if (form.startsWith('/')) {
      throw invalid(`\`${argument}\` must be relative to the repository root, without a leading "/"` +
        (allowRoot ? ' (omit it or pass "" for the root).' : ' (e.g. "src/index.ts").'))
    }
    const trimmed = form.endsWith('/') ? form.slice(0, -1) : form
    for (const segment of trimmed.split('/')) {
      if (segment === '..' || segment === '.') throw invalid(`\`${argument}\` cannot contain "." or ".." segments.`)
      if (segment === '') throw invalid(`\`${argument}\` cannot contain empty segments ("//").`)
    }
  }
  return path.endsWith('/') ? path.slice(0, -1) : path
}

const REF_RE = new RegExp(REF_PATTERN)

/** A branch, tag or SHA: git's ref rules plus no `:` (the id separator). */
export function validateRef (ref: string, argument = 'ref'): string {
  if (ref.length === 0) throw invalid(`\`${argument}\` cannot be empty; omit it for the default branch.`)
  if (ref.length > MAX_REF_LENGTH) throw invalid(`\`${argument}\` is longer than ${MAX_REF_LENGTH} characters.`)
  if (!REF_RE.test(ref)) throw invalid(`\`${argument}\` ${PATTERN_HINTS.ref}.`)
  if (ref.includes('..')) throw invalid(`\`${argument}\` cannot contain "..".`)
  if (ref.includes('@{')) throw invalid(`\`${argument}\` cannot contain "@{".`)
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//')) throw invalid(`\`${argument}\` cannot start or end with "/" or contain "//".`)
  if (ref.startsWith('-')) throw invalid(`\`${argument}\` cannot start with "-".`)
  if (ref.endsWith('.') || ref.endsWith('.lock')) throw invalid(`\`${argument}\` cannot end with "." or ".lock".`)
  return ref
}

/**
 * The checks every tool gets for free, keyed by argument name. Runs after the
 * schema accepted the arguments; returns them with paths normalised.
 */
export function checkCommonArguments (args: Record<string, unknown>): Record<string, unknown> {
  const out = { ...args }
  for (const name of ['owner', 'repo'] as const) {
    if (typeof out[name] === 'string') validateName(out[name], name)
  }
  if (typeof out.ref === 'string') validateRef(out.ref)
  if (typeof out.path === 'string') out.path = validatePath(out.path, 'path', true)
  return out
}
