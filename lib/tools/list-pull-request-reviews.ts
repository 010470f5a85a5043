import { Type, type Static } from 'typebox'
import type { GiteaPullReview, GiteaPullReviewComment } from '../gitea/types.js'
import { fitList } from './budget.js'
import { callOptions, mapLimit, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { type Escaped, escapeEach, EscapeReport, type Escapes, escapeFields, unwrap } from './sanitize.js'
import { cutText, itemInput, login } from './tracker.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

/** Reviews are read 50 a page, at most this many pages (500 reviews). */
const REVIEW_PAGE = 50
const MAX_REVIEW_PAGES = 10
/** Review comment lists read at once. */
const COMMENT_CONCURRENCY = 4

const input = itemInput({})

const ReviewComment = Type.Object({
  id: Type.Integer(),
  path: Type.String({ description: 'File the comment is on' }),
  line: Type.Integer({ description: 'Line number on `side`; 0 when not on a line' }),
  side: Type.Enum(['new', 'old'], { description: 'new: the line in the changed file; old: in the file before the change' }),
  author: Type.String(),
  body: Type.String(),
  created_at: Type.String({ description: 'ISO 8601' }),
  url: Type.String()
})

const Review = Type.Object({
  id: Type.Integer(),
  reviewer: Type.String(),
  state: Type.String({ description: 'APPROVED, REQUEST_CHANGES, COMMENT, PENDING or REQUEST_REVIEW (asked, not yet given)' }),
  body: Type.String(),
  submitted_at: Type.String({ description: 'ISO 8601' }),
  commit: Type.String({ description: 'Commit the review was made on' }),
  stale: Type.Boolean({ description: 'Commits were pushed after it' }),
  dismissed: Type.Boolean(),
  official: Type.Boolean({ description: 'By someone whose approval counts' }),
  url: Type.String(),
  comments: Type.Array(ReviewComment, { description: 'Line comments, in the order Gitea keeps them' })
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  number: Type.Integer(),
  reviews: Type.Array(Review, { description: 'Oldest first' }),
  reviews_total: Type.Integer(),
  truncated: Type.Boolean({ description: 'Later reviews were left out to fit the response size limit: `note` says where to read them' }),
  ...EscapeReport
})

type Output = Static<typeof output>
type ReviewT = Static<typeof Review>

interface ReviewWithComments { review: GiteaPullReview, comments: GiteaPullReviewComment[] }

async function readReviews (ctx: ToolContext, owner: string, repo: string, index: number): Promise<ReviewWithComments[]> {
  const call = callOptions(ctx)
  try {
    const reviews: GiteaPullReview[] = []
    for (let page = 1; page <= MAX_REVIEW_PAGES; page++) {
      const listing = await ctx.gitea.listPullReviews(owner, repo, index, { page, limit: REVIEW_PAGE }, call)
      reviews.push(...listing.items)
      if (!listing.hasMore) break
    }
    return await mapLimit(reviews, COMMENT_CONCURRENCY, async (review) => ({
      review,
      comments: review.comments_count > 0 ? await ctx.gitea.listPullReviewComments(owner, repo, index, review.id, call) : []
    }))
  } catch (error) {
    throw withAdvice(error, 'Check the repository with list_repositories, and the number with list_pull_requests.')
  }
}

function cutBody (text: string, maxBytes: number, url: string): string {
  return cutText(text, maxBytes, `\n\n[Cut here to fit the response size limit; read it whole at ${url === '' ? 'the pull request' : url}.]`).text
}

function reviewJson ({ review, comments }: ReviewWithComments, clean: Escapes, bodyBytes: number): ReviewT {
  return {
    id: Math.trunc(review.id),
    reviewer: login(review.user),
    state: review.state,
    body: cutBody(clean.text(review.body), bodyBytes, review.html_url),
    submitted_at: review.submitted_at,
    commit: review.commit_id,
    stale: review.stale,
    dismissed: review.dismissed,
    official: review.official,
    url: review.html_url,
    comments: comments.map((comment) => ({
      id: Math.trunc(comment.id),
      path: clean.text(comment.path),
      line: Math.trunc(comment.position > 0 ? comment.position : comment.original_position),
      side: comment.position > 0 || comment.original_position === 0 ? 'new' : 'old',
      author: login(comment.user),
      body: cutBody(clean.text(comment.body), bodyBytes, comment.html_url),
      created_at: comment.created_at,
      url: comment.html_url
    }))
  }
}

export const listPullRequestReviews: ToolDefinition<typeof input, typeof output> = {
  name: 'list_pull_request_reviews',
  toolset: 'pulls',
  title: 'List pull request reviews',
  description: 'Reads the reviews of a pull request, oldest first: reviewer, state (approved, changes requested...), body, time, and line comments (file, line, body).',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Read the reviews on the pull request\'s web page.',
  async run (args, ctx) {
    const { owner, repo, index } = args
    const max = ctx.limits.maxResponseBytes
    const all = await readReviews(ctx, owner, repo, index)
    const pullUrl = all[0]?.review.html_url.replace(/#.*$/, '') ?? ''
    const attempt = (share: number): Output | null => {
      const shown = escapeEach(all, (item, clean) => reviewJson(item, clean, Math.floor(max * share)))
      const build = (list: Array<Escaped<ReviewT>>, cut: boolean): Output => {
        const { values, escaped } = unwrap(list)
        return {
          owner,
          repo,
          number: index,
          reviews: values,
          reviews_total: all.length,
          truncated: cut,
          ...escapeFields(escaped, [
            cut ? `Reviews 1 to ${list.length} of ${all.length} shown (cut to fit the response size limit); read the rest at ${pullUrl === '' ? 'the pull request\'s web page' : pullUrl}.` : undefined
          ])
        }
      }
      const fitted = fitList(shown, build, max)
      if (fitted === null || (fitted.shown === 0 && shown.length > 0)) return null
      return fitted.result
    }
    for (const share of [0.25, 0.05, 0.01]) {
      const result = attempt(share)
      if (result !== null) return result
    }
    throw new ToolError('too_large', `The first review of #${index} does not fit the response size limit (MAX_RESPONSE_BYTES = ${max}).`)
  }
}
