import { Type, type Static, type TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import type { TLocalizedValidationError } from 'typebox/error'
import { ActionWorkflowJob, ActionWorkflowJobsResponse, ActionWorkflowRun, ActionWorkflowRunsResponse } from './schemas.js'
import {
  Branch, ChangedFile, Comment, Commit, Compare, ContentsExtResponse, ContentsResponse, GitTreeResponse, Issue, Label, PullRequest, Release, Repository,
  SearchResults, ServerVersion, Tag, User
} from './schemas.js'
import { CombinedStatus, Milestone, PullReview, PullReviewComment, WikiPage, WikiPageMetaData } from './schemas.js'

// Checks that what Gitea (or whatever answers at GITEA_URL) sent has the
// fields the tools rely on, so a proxy page or an incompatible server is
// reported as such instead of surfacing later as `undefined` in a tool. Each
// check is a schema of lib/gitea/schemas.ts, compiled once here; fields the
// schema does not name pass through untouched.

export class ShapeError extends Error {
  override readonly name = 'ShapeError'
}

type Json = Record<string, unknown>
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

function acceptsNull (schema: TSchema): boolean {
  return Type.IsNull(schema) || (Type.IsUnion(schema) && schema.anyOf.some(acceptsNull))
}

function isScalar (schema: TSchema): boolean {
  if (Type.IsUnion(schema)) return schema.anyOf.every(isScalar)
  return Type.IsString(schema) || Type.IsNumber(schema) || Type.IsBoolean(schema) || Type.IsNull(schema) || Type.IsEnum(schema)
}

/** What a field missing from `holder` becomes: its schema's default (a function of the holder, or a copy). */
function defaultFor (schema: TSchema, holder: Json): unknown {
  const fallback: unknown = (schema as { default?: unknown }).default
  if (typeof fallback === 'function') return (fallback as (holder: Json) => unknown)(holder)
  // Only an object or array needs a copy (so no answer shares it); most defaults are null or a scalar.
  return typeof fallback === 'object' && fallback !== null ? structuredClone(fallback) : fallback
}

/** Compiled checks of the few distinct scalar schemas (Text(), Count()... are many copies of each). */
const scalarChecks = new Map<string, (value: unknown) => boolean>()
function scalarCheck (schema: TSchema): (value: unknown) => boolean {
  const key = JSON.stringify(schema)
  let check = scalarChecks.get(key)
  if (check === undefined) {
    const validator = Compile(schema)
    check = (value) => validator.Check(value)
    scalarChecks.set(key, check)
  }
  return check
}

type Filler = (value: unknown, holder: Json) => unknown

/**
 * Builds, once per schema, what applies the leniency schemas.ts describes, in
 * place: a missing or null field (or a scalar of another type) takes its
 * default; an optional field without one that is null or a scalar that does
 * not fit is dropped.
 */
function filler (schema: TSchema): Filler {
  const inner = Type.IsObject(schema)
    ? objectFiller(schema.properties)
    : Type.IsArray(schema) ? arrayFiller(filler(schema.items)) : Type.IsUnion(schema) ? unionFiller(schema.anyOf) : undefined
  if (!('default' in schema)) return inner ?? ((value) => value)
  return (value, holder) => {
    const filled = value === undefined || value === null ? defaultFor(schema, holder) : value
    return inner === undefined ? filled : inner(filled, holder)
  }
}

function objectFiller (properties: Record<string, TSchema>): Filler {
  const fields = Object.entries(properties).map(([key, property]) => {
    const lenient = 'default' in property || Type.IsOptional(property)
    return { key, lenient, nullable: acceptsNull(property), fits: lenient && isScalar(property) ? scalarCheck(property) : undefined, fill: filler(property) }
  })
  return (value) => {
    if (!isJson(value)) return value
    for (const { key, lenient, nullable, fits, fill } of fields) {
      let current = value[key]
      // A lenient field holding null it has no room for, or a scalar of another type, counts as missing.
      if (lenient && ((current === null && !nullable) || (current != null && fits !== undefined && !fits(current)))) current = undefined
      const filled = fill(current, value)
      if (filled === undefined) {
        if (key in value) delete value[key]
      } else if (filled !== value[key]) {
        value[key] = filled
      }
    }
    return value
  }
}

function arrayFiller (item: Filler): Filler {
  return (value) => {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] = item(value[i], {})
    return value
  }
}

/** A nullable object or list: filled as that member when it is one. */
function unionFiller (members: TSchema[]): Filler {
  const object = members.find((m) => Type.IsObject(m))
  const array = members.find((m) => Type.IsArray(m))
  const forObject = object === undefined ? undefined : filler(object)
  const forArray = array === undefined ? undefined : filler(array)
  return (value, holder) => {
    if (forObject !== undefined && isJson(value)) return forObject(value, holder)
    if (forArray !== undefined && Array.isArray(value)) return forArray(value, holder)
    return value
  }
}

const TYPE_NAMES: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'a boolean', object: 'an object', array: 'an array', null: 'null' }

function oneOf (values: readonly unknown[]): string {
  const names = values.map(String)
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1) as string}`
}

/** What one validator error says, as `what.field[2].name is missing` (a missing-fields error may name several). */
function describe (what: string, error: TLocalizedValidationError): string[] {
  const where = what + error.instancePath.split('/').slice(1).map((part) => /^\d+$/.test(part) ? `[${part}]` : `.${part}`).join('')
  const params = error.params as { requiredProperties?: string[], type?: string, allowedValues?: unknown[] }
  switch (error.keyword) {
    case 'required': return (params.requiredProperties ?? []).map((key) => `${where}.${key} is missing`)
    case 'type': return [`${where} is not ${TYPE_NAMES[params.type ?? ''] ?? params.type}`]
    case 'enum': return [`${where} is not ${oneOf(params.allowedValues ?? [])}`]
    default: return [`${where} ${error.message}`]
  }
}

/** The first few problems; a nullable field's "or null" alternatives are left out. */
function problems (what: string, errors: TLocalizedValidationError[]): string {
  const found = errors
    .filter((error) => error.keyword !== 'anyOf' && !(error.keyword === 'type' && (error.params as { type?: string }).type === 'null'))
    .flatMap((error) => describe(what, error))
  return [...new Set(found)].slice(0, 3).join('; ') || `${what} is not valid`
}

/** A check for one shape, compiled once: the value, defaults filled in, or a ShapeError naming what is wrong. */
function shape<T extends TSchema> (what: string, schema: T): (value: unknown) => Static<T> {
  const validator = Compile(schema)
  const fill = filler(schema)
  return (value) => {
    const filled = fill(value, {})
    if (validator.Check(filled)) return filled
    throw new ShapeError(problems(what, validator.Errors(filled)))
  }
}

/**
 * A list Gitea may send as `null` (a nil slice) when it is empty. Its type is inferred (the check of
 * an array schema): proving that equal to `Array<Static<T>>` for a generic T costs tsc over a
 * million TypeBox instantiations (4 s of every type check).
 */
function listOf<T extends TSchema> (what: string, item: T) {
  return shape(what, Type.Array(item, { default: [] }))
}

const version = shape('version', ServerVersion)
export const expectVersion = (value: unknown): string => version(value).version
export const expectUser = shape('user', User)
export const expectRepository = shape('repository', Repository)
export const expectRepositoryList = shape('repository list', Type.Array(Repository))

const searchResults = shape('search results', SearchResults)
/** `GET /repos/search` answers `{ok, data}`; `ok: false` is a failed search. */
export function expectSearchResults (value: unknown): Array<Static<typeof Repository>> {
  const results = searchResults(value)
  if (results.ok === false) throw new ShapeError('search results say ok: false')
  return results.data
}

export const expectContent = shape('contents', ContentsResponse)
const contentList = shape('contents', Type.Array(ContentsResponse))
/** A file, or a directory's entries. */
export function expectContents (value: unknown): Static<typeof ContentsResponse> | Array<Static<typeof ContentsResponse>> {
  return Array.isArray(value) ? contentList(value) : expectContent(value)
}

const contentsExt = shape('contents', ContentsExtResponse)
/** `GET .../contents-ext`: the file's metadata, or a directory's entries. */
export function expectContentsExt (value: unknown): Static<typeof ContentsResponse> | Array<Static<typeof ContentsResponse>> {
  const answer = contentsExt(value)
  if (answer.file_contents !== undefined) return answer.file_contents
  if (answer.dir_contents !== undefined) return answer.dir_contents
  throw new ShapeError('contents-ext has neither file_contents nor dir_contents')
}

const firstCommits = shape('commit list', Type.Array(Type.Object({ sha: Type.String() })))
/** The first commit's sha of a `GET /commits` answer; undefined when the list is empty. */
export const expectFirstCommitSha = (value: unknown): string | undefined => firstCommits(value)[0]?.sha

export const expectTree = shape('tree', GitTreeResponse)
/** `GET .../branches`; an empty repository answers `null`. */
export const expectBranches = listOf('branch list', Branch)
export const expectTags = listOf('tag list', Tag)
export const expectCommit = shape('commit', Commit)
export const expectCommitList = listOf('commit list', Commit)
export const expectCompare = shape('comparison', Compare)
/** `GET .../file-contents`: an array of contents, `null` where a file could not be read. */
export const expectContentsBatch = listOf('file contents', Type.Union([ContentsResponse, Type.Null()]))
export const expectLabel = shape('label', Label)
export const expectLabels = listOf('label list', Label)
export const expectIssue = shape('issue', Issue)
export const expectIssueList = listOf('issue list', Issue)
export const expectComments = listOf('comment list', Comment)
export const expectPullRequest = shape('pull request', PullRequest)
export const expectPullRequestList = listOf('pull request list', PullRequest)
export const expectChangedFiles = listOf('changed file list', ChangedFile)
export const expectReleases = listOf('release list', Release)

const actionRuns = shape('Actions run list', ActionWorkflowRunsResponse)
/** `GET .../actions/runs`: `{total_count, workflow_runs}`; the runs. */
export const expectActionRuns = (value: unknown): Array<Static<typeof ActionWorkflowRun>> => actionRuns(value).workflow_runs
export const expectActionRun = shape('Actions run', ActionWorkflowRun)
const actionJobs = shape('Actions job list', ActionWorkflowJobsResponse)
/** `GET .../actions/runs/{run}/jobs`: `{total_count, jobs}`; the jobs. */
export const expectActionJobs = (value: unknown): Array<Static<typeof ActionWorkflowJob>> => actionJobs(value).jobs
export const expectActionJob = shape('Actions job', ActionWorkflowJob)
// Read parity (issue 14).
export const expectWikiPages = listOf('wiki page list', WikiPageMetaData)
export const expectWikiPage = shape('wiki page', WikiPage)
export const expectMilestones = listOf('milestone list', Milestone)
export const expectPullReviews = listOf('review list', PullReview)
export const expectPullReviewComments = listOf('review comment list', PullReviewComment)
export const expectCombinedStatus = shape('combined status', CombinedStatus)
