import { Type, type Static } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import type { LogTail } from '../gitea/log-tail.js'
import { largestFitting } from './budget.js'
import { callOptions } from './common.js'
import { inActions, when } from './actions.js'
import { ToolError } from './errors.js'
import { EscapeReport, Escapes, escapeFields } from './sanitize.js'
import { Owner, Repo } from './schemas.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

export const DEFAULT_TAIL_LINES = 300
export const MAX_TAIL_LINES = 2000
/** Longest log line kept; longer ones are cut (memory stays tail_lines × this, whatever the log). */
export const MAX_LOG_LINE_CHARS = 2000

const JOB_ADVICE = 'get_action_run lists the jobs of a run with their ids.'

// CSI sequences (colours, cursor moves) that CI tools write into logs: noise for a reader.
// eslint-disable-next-line no-control-regex -- ESC starts the sequences this removes
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  job_id: Type.Integer({ minimum: 1, description: 'Job id, from get_action_run' }),
  tail_lines: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TAIL_LINES, default: DEFAULT_TAIL_LINES, description: 'How many lines from the end' }))
}, { additionalProperties: false })

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  job_id: Type.Integer(),
  name: Type.String(),
  status: Type.String(),
  conclusion: Type.Union([Type.String(), Type.Null()]),
  completed_at: Type.Union([Type.String(), Type.Null()]),
  url: Type.String({ description: 'Web page of the job and its whole log' }),
  total_lines: Type.Integer({ description: 'Lines in the whole log' }),
  from_line: Type.Integer({ description: 'Line number (from 1) of the first line shown; 0 when none' }),
  log: Type.String({ description: 'The last lines of the log, with their timestamps' }),
  truncated: Type.Boolean({ description: 'Earlier lines were left out: ask for more with a larger `tail_lines` (see `next`)' }),
  lines_cut: Type.Integer({ description: `Lines longer than ${MAX_LOG_LINE_CHARS} characters, cut` }),
  next: Type.Optional(Type.Object({ tail_lines: Type.Integer() }, { description: 'Arguments that show earlier lines too' })),
  ...EscapeReport
})

type Output = Static<typeof output>

const NO_LOG: LogTail = { lines: [], totalLines: 0, totalBytes: 0, cutLines: 0, peakHeldChars: 0 }

export const getActionJobLog: ToolDefinition<typeof input, typeof output> = {
  name: 'get_action_job_log',
  toolset: 'actions',
  title: 'Get an Actions job log',
  description: `Shows the last lines of an Actions job's log (${DEFAULT_TAIL_LINES} by default). When \`truncated\`, call again with \`next\` for earlier lines.`,
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer lines with a smaller `tail_lines`.',
  async run (args, ctx): Promise<Output> {
    const { owner, repo, job_id: jobId } = args
    const tail = args.tail_lines ?? DEFAULT_TAIL_LINES
    const call = callOptions(ctx)
    const job = await inActions(ctx, owner, repo, ctx.gitea.getActionJob(owner, repo, jobId, call), JOB_ADVICE)
    let read = NO_LOG
    let missing: string | undefined
    if (when(job.started_at) === null) {
      missing = 'The job has not started yet, so it has no log.'
    } else {
      try {
        read = await inActions(ctx, owner, repo, ctx.gitea.getActionJobLog(owner, repo, jobId, tail, MAX_LOG_LINE_CHARS, call), JOB_ADVICE)
      } catch (error) {
        // The job exists (just read): a 404 for its log means Gitea keeps none (not started, or cleaned up).
        if (!(error instanceof GiteaError) || error.code !== 'not_found') throw error
        missing = 'Gitea has no log for this job (it has not started, or its log has been cleaned up).'
      }
    }
    const clean = new Escapes()
    const lines = read.lines.map((line) => clean.text(line.replace(ANSI, '')))
    const build = (shown: number): Output => {
      const kept = lines.slice(lines.length - shown)
      const from = kept.length === 0 ? 0 : read.totalLines - kept.length + 1
      const truncated = from > 1
      const more = Math.min(MAX_TAIL_LINES, Math.max(tail, shown) * 2)
      const canAsk = truncated && shown === lines.length && tail < MAX_TAIL_LINES
      const notes = [
        missing,
        truncated
          ? `Showing lines ${from}-${read.totalLines} of ${read.totalLines}. ` +
            (canAsk ? `Call again with tail_lines ${more} for earlier lines` : `At most ${shown} lines fit here`) + `; the whole log is at ${job.html_url}.`
          : undefined
      ]
      return {
        owner,
        repo,
        job_id: job.id,
        name: job.name,
        status: job.status,
        conclusion: job.conclusion === '' ? null : job.conclusion,
        completed_at: when(job.completed_at),
        url: job.html_url,
        total_lines: read.totalLines,
        from_line: from,
        log: kept.join('\n'),
        truncated,
        lines_cut: read.cutLines,
        ...(canAsk ? { next: { tail_lines: more } } : {}),
        ...escapeFields(clean.count, notes)
      }
    }
    const fitted = largestFitting(lines.length, build, ctx.limits.maxResponseBytes)
    if (fitted === null) throw new ToolError('too_large', `Not even an empty log fits the response size limit (MAX_RESPONSE_BYTES = ${ctx.limits.maxResponseBytes}).`)
    return fitted.result
  }
}
