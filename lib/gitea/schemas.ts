// The Gitea 1.26 answers this project reads, one TypeBox schema each: the
// schema is the check (lib/gitea/validate.ts compiles it) and `Static` is the
// type. Field names follow the spec (test/fixtures/gitea/openapi-v1.json).
//
// Lenient toward Gitea, which adds and drops fields across versions and sends
// nil Go pointers and slices as null: objects keep fields not listed here;
// only what identifies an item (id, number, name, sha, state...) is required.
// A field with a `default` may be missing or null (or, for a scalar, of
// another type) and then holds the default, so the tools never meet
// `undefined`; a default may be a function of the object holding the field.
// test/lib/gitea/schemas-spec.test.ts holds every schema to the spec.

import { Type, type Static, type TSchema } from 'typebox'

const Text = (fallback = ''): ReturnType<typeof Type.String> => Type.String({ default: fallback })
const Count = (fallback = 0): ReturnType<typeof Type.Number> => Type.Number({ default: fallback })
const Flag = (): ReturnType<typeof Type.Boolean> => Type.Boolean({ default: false })
/** Null when Gitea sends null or leaves the field out. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()], { default: null })
/** [] when Gitea sends null (a nil slice) or leaves the field out. */
const ListOf = <T extends TSchema>(item: T) => Type.Array(item, { default: [] })

type Json = Record<string, unknown>
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

export const ServerVersion = Type.Object({ version: Type.String() })

export const User = Type.Object({
  id: Type.Number(),
  login: Type.String(),
  full_name: Text(),
  email: Text(),
  avatar_url: Text(),
  html_url: Text()
})

export const Repository = Type.Object({
  id: Type.Number(),
  name: Type.String(),
  full_name: Type.String(),
  owner: User,
  description: Text(),
  private: Flag(),
  fork: Flag(),
  archived: Flag(),
  empty: Flag(),
  mirror: Flag(),
  default_branch: Text(),
  size: Count(),
  language: Text(),
  html_url: Text(),
  clone_url: Text(),
  stars_count: Count(),
  forks_count: Count(),
  open_issues_count: Count(),
  created_at: Text(),
  updated_at: Text(),
  topics: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()]))
})

/** `GET /repos/search` answers `{ok, data}`. */
export const SearchResults = Type.Object({
  ok: Type.Optional(Type.Boolean()),
  data: Type.Array(Repository)
})

/** One entry of `GET /repos/{owner}/{repo}/contents/{path}` (a directory answers an array). */
export const ContentsResponse = Type.Object({
  name: Type.String(),
  path: Type.String(),
  sha: Type.String(),
  type: Type.Enum(['file', 'dir', 'symlink', 'submodule']),
  size: Type.Number(),
  encoding: Nullable(Type.String()),
  content: Nullable(Type.String()),
  target: Nullable(Type.String()),
  url: Text(),
  html_url: Nullable(Type.String()),
  git_url: Nullable(Type.String()),
  download_url: Nullable(Type.String()),
  submodule_git_url: Nullable(Type.String()),
  last_commit_sha: Type.Optional(Type.String()),
  /** Set (with `lfs_size`) for a Git LFS pointer when `includes=lfs_metadata` (contents-ext) or on the plain contents endpoint. */
  lfs_oid: Type.Optional(Nullable(Type.String())),
  lfs_size: Type.Optional(Nullable(Type.Number()))
})

/** `GET .../contents-ext/{path}`: exactly one of the two is set. */
export const ContentsExtResponse = Type.Object({
  file_contents: Type.Optional(ContentsResponse),
  dir_contents: Type.Optional(Type.Array(ContentsResponse))
})

export const GitEntry = Type.Object({
  path: Type.String(),
  mode: Type.String(),
  type: Type.Enum(['blob', 'tree', 'commit']),
  /** Gitea omits it for trees and submodules. */
  size: Count(),
  sha: Type.String(),
  url: Text()
})

export const GitTreeResponse = Type.Object({
  sha: Type.String(),
  url: Text(),
  /** Gitea sends `tree: null` for an empty page. */
  tree: ListOf(GitEntry),
  truncated: Flag(),
  page: Count(1),
  total_count: Type.Number({ default: (tree: Json) => Array.isArray(tree.tree) ? tree.tree.length : 0 })
})

/** Who made a commit, as a branch's head commit names them. `username`: the Gitea account with that email, or ''. */
export const PayloadUser = Type.Object({ name: Text(), email: Text(), username: Text() })

/** `GET .../branches`: a branch and the commit it points at. */
export const Branch = Type.Object({
  name: Type.String(),
  commit: Type.Object({
    id: Type.String(),
    message: Text(),
    url: Text(),
    author: Nullable(PayloadUser),
    committer: Nullable(PayloadUser),
    /** RFC 3339. */
    timestamp: Text()
  }),
  protected: Flag()
})

/** `GET .../tags`: `id` is the tag object for an annotated tag, the commit for a lightweight one. */
export const Tag = Type.Object({
  name: Type.String(),
  message: Text(),
  commit: Type.Object({ sha: Type.String(), url: Text(), created: Text() }),
  id: Type.String({ default: (tag: Json) => isJson(tag.commit) ? tag.commit.sha : undefined }),
  zipball_url: Text(),
  tarball_url: Text()
})

/** Name, email and date (RFC 3339) in a commit. */
export const CommitUser = Type.Object({ name: Text(), email: Text(), date: Text() }, { default: {} })

/** One file of a commit's `files` (status added, removed or modified). */
export const CommitAffectedFiles = Type.Object({ filename: Type.String(), status: Text() })

export const CommitStats = Type.Object({ total: Count(), additions: Count(), deletions: Count() })

/** `GET .../git/commits/{sha}`, an item of `GET .../commits` and of a comparison. */
export const Commit = Type.Object({
  sha: Type.String(),
  url: Text(),
  html_url: Text(),
  created: Text(),
  commit: Type.Object({ message: Text(), author: CommitUser, committer: CommitUser }),
  /** The Gitea accounts matching the commit's emails; null when none does. */
  author: Nullable(User),
  committer: Nullable(User),
  parents: ListOf(Type.Object({ sha: Type.String() })),
  /** null when not asked for (files=false). */
  files: Nullable(Type.Array(CommitAffectedFiles)),
  /** null when not asked for (stat=false). */
  stats: Nullable(CommitStats)
})

/** `GET .../compare/{base}...{head}`: the commits on head that base lacks, newest first. No diff text, no paging. */
export const Compare = Type.Object({
  commits: ListOf(Commit),
  total_commits: Type.Number({ default: (compare: Json) => Array.isArray(compare.commits) ? compare.commits.length : 0 })
})

/** A label (`GET /repos/{owner}/{repo}/labels`, and on issues and pull requests). */
export const Label = Type.Object({
  id: Type.Number(),
  name: Type.String(),
  /** Six hex digits, without "#". */
  color: Text(),
  description: Text(),
  /** A scoped label ("scope/name") of which an issue may carry only one per scope. */
  exclusive: Flag(),
  is_archived: Flag()
})

/** Set on an issue that is a pull request. */
export const PullRequestMeta = Type.Object({
  merged: Flag(),
  merged_at: Nullable(Type.String()),
  draft: Flag(),
  html_url: Text()
})

/** Where an issue lives; the repository-wide search needs it. */
export const RepositoryMeta = Type.Object({
  id: Count(),
  name: Type.String(),
  owner: Type.String(),
  full_name: Type.String({ default: (repo: Json) => `${String(repo.owner)}/${String(repo.name)}` })
})

/** An issue or pull request as the issue endpoints send it. */
export const Issue = Type.Object({
  id: Type.Number(),
  /** The index in its repository (#12). */
  number: Type.Number(),
  title: Type.String(),
  body: Text(),
  state: Type.Enum(['open', 'closed']),
  user: Nullable(User),
  labels: ListOf(Label),
  assignees: Nullable(Type.Array(User)),
  /** Number of comments. */
  comments: Count(),
  is_locked: Flag(),
  created_at: Text(),
  updated_at: Text(),
  closed_at: Nullable(Type.String()),
  html_url: Text(),
  /** null for an issue, set for a pull request. */
  pull_request: Nullable(PullRequestMeta),
  repository: Nullable(RepositoryMeta)
})

export const Comment = Type.Object({
  id: Type.Number(),
  body: Text(),
  user: Nullable(User),
  created_at: Text(),
  updated_at: Text(),
  html_url: Text()
})

/** One side of a pull request. */
export const PRBranchInfo = Type.Object({
  /** The branch name. */
  label: Text(),
  /** The branch, or `refs/pull/N/head` once the head branch is gone. */
  ref: Text(),
  sha: Text(),
  repo_id: Count(),
  repo: Nullable(Repository)
})

export const PullRequest = Type.Object({
  id: Type.Number(),
  number: Type.Number(),
  title: Type.String(),
  body: Text(),
  state: Type.Enum(['open', 'closed']),
  user: Nullable(User),
  labels: ListOf(Label),
  draft: Flag(),
  mergeable: Flag(),
  merged: Flag(),
  merged_at: Nullable(Type.String()),
  merged_by: Nullable(User),
  merge_commit_sha: Nullable(Type.String()),
  merge_base: Text(),
  base: PRBranchInfo,
  head: PRBranchInfo,
  comments: Count(),
  /** Diff totals; absent when Gitea did not compute them. */
  additions: Type.Optional(Type.Number()),
  deletions: Type.Optional(Type.Number()),
  changed_files: Type.Optional(Type.Number()),
  created_at: Text(),
  updated_at: Text(),
  closed_at: Nullable(Type.String()),
  html_url: Text()
})

/** One file of `GET .../pulls/{index}/files`. */
export const ChangedFile = Type.Object({
  filename: Type.String(),
  /** Set for a renamed file. */
  previous_filename: Type.Optional(Type.String({ minLength: 1 })),
  /** added, deleted, changed, renamed, copied or unchanged. */
  status: Text('changed'),
  additions: Count(),
  deletions: Count(),
  changes: Count(),
  html_url: Text()
})

export const Attachment = Type.Object({
  name: Type.String(),
  size: Count(),
  download_count: Count(),
  browser_download_url: Text()
})

export const Release = Type.Object({
  id: Type.Number(),
  tag_name: Type.String(),
  target_commitish: Text(),
  name: Text(),
  body: Text(),
  draft: Flag(),
  prerelease: Flag(),
  author: Nullable(User),
  created_at: Text(),
  published_at: Text(),
  html_url: Text(),
  assets: ListOf(Attachment)
})

// Actions (runs, jobs, steps). Times are Go zero-ish ("1970-01-01T00:00:00Z")
// for what has not happened yet; status is queued, waiting, in_progress or
// completed, and conclusion (success, failure, cancelled, skipped) is set once completed.

export const ActionWorkflowStep = Type.Object({
  name: Text(),
  number: Count(),
  status: Text(),
  conclusion: Text(),
  started_at: Text(),
  completed_at: Text()
})

export const ActionWorkflowJob = Type.Object({
  id: Type.Number(),
  run_id: Count(),
  name: Text(),
  status: Text(),
  conclusion: Text(),
  head_branch: Text(),
  head_sha: Text(),
  html_url: Text(),
  runner_name: Text(),
  labels: ListOf(Type.String()),
  steps: ListOf(ActionWorkflowStep),
  created_at: Text(),
  started_at: Text(),
  completed_at: Text()
})

export const ActionWorkflowRun = Type.Object({
  id: Type.Number(),
  run_number: Count(),
  display_title: Text(),
  event: Text(),
  path: Text(),
  head_branch: Text(),
  head_sha: Text(),
  status: Text(),
  conclusion: Text(),
  html_url: Text(),
  actor: Nullable(User),
  started_at: Text(),
  completed_at: Text()
})

export const ActionWorkflowRunsResponse = Type.Object({
  total_count: Count(),
  workflow_runs: ListOf(ActionWorkflowRun)
})

export const ActionWorkflowJobsResponse = Type.Object({
  total_count: Count(),
  jobs: ListOf(ActionWorkflowJob)
})

// --- Read parity (issue 14): wiki, milestones, reviews, commit statuses ---

/** A wiki page's last change (`commiter` is Gitea's spelling). */
export const WikiCommit = Type.Object({
  sha: Text(),
  message: Text(),
  author: Nullable(CommitUser),
  commiter: Nullable(CommitUser)
})

/** An item of `GET .../wiki/pages`: `sub_url` is the name `GET .../wiki/page/{pageName}` takes. */
export const WikiPageMetaData = Type.Object({
  title: Type.String(),
  sub_url: Text(),
  html_url: Text(),
  last_commit: Nullable(WikiCommit)
})

/** `GET .../wiki/page/{pageName}`: the Markdown source in base64 (sidebar and footer too). */
export const WikiPage = Type.Object({
  title: Type.String(),
  sub_url: Text(),
  html_url: Text(),
  last_commit: Nullable(WikiCommit),
  content_base64: Text(),
  commit_count: Count()
})

/** `GET .../milestones`: `due_on` and `closed_at` are null when unset. */
export const Milestone = Type.Object({
  id: Type.Number(),
  title: Type.String(),
  description: Text(),
  state: Type.Enum(['open', 'closed']),
  open_issues: Count(),
  closed_issues: Count(),
  created_at: Text(),
  updated_at: Text(),
  closed_at: Nullable(Type.String()),
  due_on: Nullable(Type.String())
})

/** `GET .../pulls/{index}/reviews`: state is APPROVED, PENDING, COMMENT, REQUEST_CHANGES or REQUEST_REVIEW. */
export const PullReview = Type.Object({
  id: Type.Number(),
  user: Nullable(User),
  state: Text(),
  body: Text(),
  commit_id: Text(),
  stale: Flag(),
  official: Flag(),
  dismissed: Flag(),
  comments_count: Count(),
  submitted_at: Text(),
  html_url: Text()
})

/** `GET .../reviews/{id}/comments`: `position` is the new file's line, `original_position` the old one's (0: not on that side). */
export const PullReviewComment = Type.Object({
  id: Type.Number(),
  body: Text(),
  user: Nullable(User),
  path: Text(),
  position: Count(),
  original_position: Count(),
  diff_hunk: Text(),
  commit_id: Text(),
  created_at: Text(),
  updated_at: Text(),
  html_url: Text()
})

/** One status of a commit (`status` is its state: pending, success, error, failure, warning or skipped). */
export const CommitStatus = Type.Object({
  id: Type.Number(),
  status: Text(),
  context: Text(),
  description: Text(),
  target_url: Text(),
  created_at: Text(),
  updated_at: Text(),
  creator: Nullable(User)
})

/** `GET .../commits/{ref}/status`: the newest status of each context; `state` '' when there is none. */
export const CombinedStatus = Type.Object({
  state: Text(),
  sha: Text(),
  total_count: Count(),
  statuses: ListOf(CommitStatus)
})

export type GiteaUser = Static<typeof User>
export type GiteaRepository = Static<typeof Repository>
export type GiteaContent = Static<typeof ContentsResponse>
export type GiteaTreeEntry = Static<typeof GitEntry>
export type GiteaTree = Static<typeof GitTreeResponse>
export type GiteaPayloadUser = Static<typeof PayloadUser>
export type GiteaBranch = Static<typeof Branch>
export type GiteaTag = Static<typeof Tag>
export type GiteaCommitUser = Static<typeof CommitUser>
export type GiteaCommitFile = Static<typeof CommitAffectedFiles>
export type GiteaCommit = Static<typeof Commit>
export type GiteaCompare = Static<typeof Compare>
export type GiteaLabel = Static<typeof Label>
export type GiteaPullRequestMeta = Static<typeof PullRequestMeta>
export type GiteaIssue = Static<typeof Issue>
export type GiteaComment = Static<typeof Comment>
export type GiteaPRBranch = Static<typeof PRBranchInfo>
export type GiteaPullRequest = Static<typeof PullRequest>
export type GiteaChangedFile = Static<typeof ChangedFile>
export type GiteaReleaseAsset = Static<typeof Attachment>
export type GiteaRelease = Static<typeof Release>
export type GiteaActionStep = Static<typeof ActionWorkflowStep>
export type GiteaActionJob = Static<typeof ActionWorkflowJob>
export type GiteaActionRun = Static<typeof ActionWorkflowRun>
export type GiteaWikiCommit = Static<typeof WikiCommit>
export type GiteaWikiPageMeta = Static<typeof WikiPageMetaData>
export type GiteaWikiPage = Static<typeof WikiPage>
export type GiteaMilestone = Static<typeof Milestone>
export type GiteaPullReview = Static<typeof PullReview>
export type GiteaPullReviewComment = Static<typeof PullReviewComment>
export type GiteaCommitStatus = Static<typeof CommitStatus>
export type GiteaCombinedStatus = Static<typeof CombinedStatus>
