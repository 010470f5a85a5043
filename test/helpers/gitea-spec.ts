// Validators for the pinned Gitea 1.26.3 API spec's `definitions`
// (test/fixtures/gitea/openapi-v1.json, Swagger 2.0), for contract tests.
//
// Two tightenings and two loosenings make the spec usable as a contract:
// - every object definition (and inline object schema) gets
//   `additionalProperties: false`, so a body carrying a field the spec does not
//   declare fails: a fake cannot invent fields, a client cannot rely on them;
// - NULLABLE lists the few fields the real server sends as `null` although the
//   spec types them plainly (Swagger 2.0 cannot say "nullable" and Gitea's spec
//   has no x-nullable): nil Go pointers and nil slices without omitempty;
// - EXTRA lists fields the real server sends that the spec omits (one: the
//   `username` compat field of User's MarshalJSON).

import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

const SPEC_PATH = new URL('../fixtures/gitea/openapi-v1.json', import.meta.url)

/**
 * Fields Gitea 1.26.3 sends as null, by definition, with why:
 * - ContentsResponse: `*string` fields without omitempty. `content`/`encoding`
 *   are null for anything but a regular file and for files over 10 MiB;
 *   `target` unless a symlink; `submodule_git_url` unless a submodule;
 *   `html_url`/`git_url` for a submodule; `download_url` for dirs and submodules.
 * - FileLinksResponse: `git`/`html` are null for a submodule entry.
 * - PayloadCommit (Branch.commit): `added`/`removed`/`modified` are nil slices.
 * - PayloadCommitVerification: `signer` is nil for an unsigned commit.
 * - Commit: `author`/`committer` are nil when the commit email matches no
 *   account; `files`/`stats` are nil when `files=false`/`stat=false`.
 * - RepoCommit: `verification` is nil when `verification=false`.
 * - GitTreeResponse: `tree` is a nil slice for a page past the last entry.
 * - Issue, PullRequest: nil pointers without omitempty: `milestone`,
 *   `assignee`, `closed_at`, `due_date` (and for a pull request `merged_at`,
 *   `merge_commit_sha`, `merged_by` until it is merged); nil slices
 *   `assignees`, `requested_reviewers`, `requested_reviewers_teams` when empty;
 *   an issue's `pull_request` unless it is one.
 * - PullRequestMeta: `merged_at` until merged.
 * - ActionWorkflowJob: `steps` is a nil slice until the job has a task.
 * - Milestone: `closed_at` while open, `due_on` without a due date.
 * - PullReview: `team` unless a team was asked to review.
 * - PullReviewComment: `resolver` until the conversation is resolved.
 */
export const NULLABLE: Readonly<Record<string, readonly string[]>> = {
  ContentsResponse: ['content', 'encoding', 'target', 'submodule_git_url', 'html_url', 'git_url', 'download_url'],
  FileLinksResponse: ['git', 'html'],
  PayloadCommit: ['added', 'removed', 'modified'],
  PayloadCommitVerification: ['signer'],
  Commit: ['author', 'committer', 'files', 'stats'],
  RepoCommit: ['verification'],
  GitTreeResponse: ['tree'],
  Issue: ['milestone', 'assignee', 'assignees', 'closed_at', 'due_date', 'pull_request'],
  PullRequestMeta: ['merged_at'],
  PullRequest: ['milestone', 'assignee', 'assignees', 'requested_reviewers', 'requested_reviewers_teams', 'closed_at', 'due_date',
    'merged_at', 'merge_commit_sha', 'merged_by'],
  ActionWorkflowJob: ['steps'],
  // Read parity (issue 14).
  Milestone: ['closed_at', 'due_on'],
  PullReview: ['team'],
  PullReviewComment: ['resolver']
}

/** Fields the real server adds beyond the spec (modules/structs/user.go MarshalJSON: "username" = login). */
export const EXTRA: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  User: { username: { type: 'string' } }
}

type Schema = Record<string, unknown>

function isObject (v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Adds additionalProperties: false to every object schema that declares properties and says nothing else. */
function closeObjects (schema: unknown): void {
  if (Array.isArray(schema)) { schema.forEach(closeObjects); return }
  if (!isObject(schema)) return
  if (isObject(schema.properties) && schema.additionalProperties === undefined) schema.additionalProperties = false
  for (const value of Object.values(schema)) closeObjects(value)
}

function allowNull (prop: Schema): Schema {
  if (typeof prop.$ref === 'string') return { anyOf: [{ $ref: prop.$ref }, { type: 'null' }] }
  if (typeof prop.type === 'string') return { ...prop, type: [prop.type, 'null'] }
  return prop
}

function buildSpecSchema (): Schema {
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as { definitions: Record<string, Schema> }
  const definitions = spec.definitions
  closeObjects(definitions)
  for (const [name, fields] of Object.entries(NULLABLE)) {
    const props = definitions[name]?.properties
    if (!isObject(props)) throw new Error(`NULLABLE names unknown definition ${name}`)
    for (const field of fields) {
      const prop = props[field]
      if (!isObject(prop)) throw new Error(`NULLABLE names unknown field ${name}.${field}`)
      props[field] = allowNull(prop)
    }
  }
  for (const [name, fields] of Object.entries(EXTRA)) {
    const props = definitions[name]?.properties
    if (!isObject(props)) throw new Error(`EXTRA names unknown definition ${name}`)
    Object.assign(props, fields)
  }
  return { $id: 'gitea-spec', definitions }
}

let ajv: Ajv | undefined
const validators = new Map<string, ValidateFunction>()

function validatorFor (name: string): ValidateFunction {
  let validate = validators.get(name)
  if (validate !== undefined) return validate
  if (ajv === undefined) {
    ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true })
    // ajv-formats is CommonJS; under NodeNext its default export is the module object.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as
      (a: Ajv) => Ajv
    addFormats(ajv)
    ajv.addSchema(buildSpecSchema())
  }
  if (ajv.getSchema(`gitea-spec#/definitions/${name}`) === undefined) throw new Error(`no definition ${name} in the spec`)
  validate = ajv.compile({ $ref: `gitea-spec#/definitions/${name}` })
  validators.set(name, validate)
  return validate
}

function describe (errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath
    const extra = e.keyword === 'additionalProperties' ? ` "${String(e.params.additionalProperty)}"` : ''
    return `${where} ${e.message ?? e.keyword}${extra}`
  })
}

/** Validates `body` against definitions[name]; returns the errors ([] when valid). */
export function validateDefinition (name: string, body: unknown): string[] {
  const validate = validatorFor(name)
  return validate(body) ? [] : describe(validate.errors)
}

/** Validates an array whose items must each match definitions[name] (list endpoints, directory contents). */
export function validateArrayOf (name: string, body: unknown): string[] {
  if (!Array.isArray(body)) return [`(root) must be array, got ${body === null ? 'null' : typeof body}`]
  return body.flatMap((item, i) => validateDefinition(name, item).map((e) => `[${i}] ${e}`))
}

/** Names of all definitions in the spec. */
export function definitionNames (): string[] {
  return Object.keys((JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as { definitions: object }).definitions)
}
