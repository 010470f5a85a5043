// The fake's model of what issue 14's read tools see: a repository's wiki,
// milestones, pull request reviews with their line comments, and commit
// statuses. Kept apart from data.ts so each addition stays one optional field
// of FakeRepository there.

/** Name, email and time of a wiki commit (RFC 3339). */
export interface FakeWikiSignature {
  name: string
  email: string
  date: string
}

/** One page of a repository's wiki; its history newest first (at least one commit). */
export interface FakeWikiPage {
  /** The title people see ("Deploy Guide"); its page name (sub_url) has "-" for each space. */
  title: string
  /** Markdown source. */
  content: string
  commits: Array<{ sha: string, message: string, author: FakeWikiSignature }>
}

export interface FakeMilestone {
  id: number
  title: string
  description: string
  state: 'open' | 'closed'
  openIssues: number
  closedIssues: number
  /** RFC 3339 (UTC, "Z"); `due` null when the milestone has no due date, `closed` null while open. */
  created: string
  updated: string
  closed: string | null
  due: string | null
}

export type FakeReviewState = 'APPROVED' | 'PENDING' | 'COMMENT' | 'REQUEST_CHANGES' | 'REQUEST_REVIEW'

/** A line comment of a review: `line` > 0 on the new file, < 0 on the old one (Gitea's sign convention). */
export interface FakeReviewComment {
  id: number
  author: string
  path: string
  line: number
  body: string
  diffHunk: string
  created: string
  updated: string
}

export interface FakeReview {
  id: number
  /** The pull request's index (#n) in the repository. */
  pullIndex: number
  reviewer: string
  state: FakeReviewState
  body: string
  commitId: string
  stale: boolean
  official: boolean
  dismissed: boolean
  /** RFC 3339 (UTC, "Z"). */
  submitted: string
  updated: string
  comments: FakeReviewComment[]
}

export type FakeStatusState = 'pending' | 'success' | 'error' | 'failure' | 'warning' | 'skipped'

/** One commit status as a CI system posts it; a later one with the same context replaces it in the combined view. */
export interface FakeCommitStatus {
  id: number
  sha: string
  context: string
  state: FakeStatusState
  description: string
  targetUrl: string
  creator: string
  /** RFC 3339 (UTC, "Z"). */
  created: string
}

/** What a repository may carry for these tools (all optional in FakeRepository). */
export interface FakeParityFields {
  /** The wiki's pages; undefined when the repository has no wiki (Gitea answers 404). */
  wiki?: FakeWikiPage[]
  milestones?: FakeMilestone[]
  reviews?: FakeReview[]
  statuses?: FakeCommitStatus[]
}
