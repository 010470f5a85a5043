// A stand-in for Gitea 1.26.3's read-only API on node:http: routing, token
// authentication and repository access, with Gitea's statuses, error bodies and
// paging headers. Every request is recorded for tests that check what was sent.

import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { authenticate, canSeeOwner, repoAccess } from './access.js'
import { type FakeGiteaData, type FakeUser, findRepository, findUser } from './data.js'
import { goUnescape, parseQuery } from './go-format.js'
import { getContents, getContentsExt, getGitTree, getRaw } from './handlers-files.js'
import { getApiSettings, getCurrentUser, listMyRepos, listUserRepos, searchRepos } from './handlers-misc.js'
import { getBranch, getRepository, listBranches, listTags } from './handlers-repo.js'
import { compare, getCommitDiff, getFileContentsBatch, getSingleCommit, listCommits } from './handlers-history.js'
import {
  getIssue, getPullRequest, getPullRequestDiff, listIssueComments, listIssues, listLabels, listPullRequestFiles, listPullRequests, listReleases,
  searchIssues
} from './handlers-issues.js'
import { type RequestState, apiError, notFound, sendJson } from './reply.js'
import { serveActions } from './handlers-actions.js'
import { GITEA_VERSION } from './responses.js'
import { routeParity } from './handlers-parity.js'
import { type FakeOAuthApp, type FakeOAuthProvider, createOAuthProvider, listMyOrgs } from './handlers-oauth.js'
import type { StreamRecord } from './responses.js'
import { sampleData } from './sample-data.js'

export type { FakeGiteaData } from './data.js'

/** The sample API token (40 lowercase hex characters, like a Gitea personal access token). */
export const SAMPLE_TOKEN = '5f2b9c1e8a7d4036b1e9c2a4d6f8e0b3a5c7d9e1'

export interface FakeGiteaOptions {
  token?: string
  host?: string
  port?: number
  data?: FakeGiteaData
  /** What GET /version answers (default 1.26.3): to play an older Gitea, with `missing`. */
  version?: string
  /** Endpoints this Gitea does not have yet: every request under them answers the router's 404. */
  missing?: readonly FakeEndpoint[]
  /** The OAuth2 application registered in the fake (client id, secret, redirect URIs). */
  oauthApp?: Partial<FakeOAuthApp>
}

/** Repository endpoints newer than some supported Gitea: `contents-ext` (1.25), `file-contents` (1.24), `actions` (runs and jobs API). */
export type FakeEndpoint = 'contents-ext' | 'file-contents' | 'actions'

interface Behaviour { version: string, missing: ReadonlySet<string> }

export interface FakeGiteaRequest {
  method: string
  /** As sent, still percent-encoded, without the query string. */
  path: string
  /** As sent, without the leading "?" ('' when none). */
  query: string
  authorization: string | undefined
}

export interface FakeGitea {
  url: string
  token: string
  requests: FakeGiteaRequest[]
  /** Every raw and media body: bytes written, and whether the client read it to the end. */
  streams: StreamRecord[]
  /** Gitea as an OAuth2 provider: its application, per-person tokens, and revoking a grant. */
  oauth: FakeOAuthProvider
  /** The data it serves (tests may change it, e.g. a person leaving an organisation). */
  data: FakeGiteaData
  close (): Promise<void>
}

const API_PREFIX = '/api/v1/'

async function route (state: RequestState, path: string, token: string, data: FakeGiteaData, behaviour: Behaviour, oauth: FakeOAuthProvider & { handle: (state: RequestState, path: string) => Promise<boolean> }): Promise<void> {
  if (!path.startsWith(API_PREFIX) && await oauth.handle(state, path)) return
  const auth = authenticate(state.req.headers.authorization, token, data, oauth.ownerOf)
  if (auth.kind === 'invalid') {
    apiError(state, 401, 'invalid username, password or token')
    return
  }
  const viewer: FakeUser | undefined = auth.kind === 'user' ? auth.user : undefined
  state.ctx.viewer = viewer
  const method = state.req.method ?? 'GET'
  if ((method !== 'GET' && method !== 'HEAD') || !path.startsWith(API_PREFIX)) { notFound(state); return }
  const seg = path.slice(API_PREFIX.length).split('/')
  const at = (i: number): string => seg[i] ?? ''
  const joined = seg.join('/')

  if (joined === 'version') { sendJson(state.res, 200, { version: behaviour.version }); return }
  if (joined === 'settings/api') { getApiSettings(state); return }
  if (joined === 'user' || joined === 'user/repos') {
    // reqToken(): these routes refuse anonymous callers.
    if (viewer === undefined) { apiError(state, 401, 'token is required'); return }
    if (joined === 'user') getCurrentUser(state, viewer)
    else listMyRepos(state, viewer)
    return
  }
  if (joined === 'user/orgs') {
    if (viewer === undefined) { apiError(state, 401, 'token is required'); return }
    listMyOrgs(state, viewer)
    return
  }
  if (joined === 'repos/search') { searchRepos(state, viewer); return }
  if (at(0) === 'users' && seg.length === 3 && at(2) === 'repos') {
    // UserAssignmentAPI(): an owner the caller may not see does not exist.
    const owner = findUser(data, at(1))
    if (owner === undefined || !canSeeOwner(owner, viewer)) {
      notFound(state, 'GetUserByName', [`user redirect does not exist [name: ${at(1).toLowerCase()}]`])
      return
    }
    listUserRepos(state, owner, viewer)
    return
  }
  if (joined === 'repos/issues/search') { searchIssues(state, viewer); return }
  if (at(0) !== 'repos' || seg.length < 3 || at(1) === '' || at(2) === '') { notFound(state); return }
  // An endpoint this Gitea lacks: its router answers 404 before looking at the repository.
  if (behaviour.missing.has(at(3))) { notFound(state); return }

  // repoAssignment(): an unknown owner has its own body; a missing repository
  // and one the caller may not read get the same generic 404.
  const owner = findUser(data, at(1))
  if (owner === undefined) {
    notFound(state, 'GetUserByName', [`user redirect does not exist [name: ${at(1).toLowerCase()}]`])
    return
  }
  const repo = findRepository(data, owner.login, at(2))
  const access = repo !== undefined ? repoAccess(data, repo, viewer) : 'none'
  if (repo === undefined || access === 'none') { notFound(state); return }

  const rest = seg.slice(3)
  const tail = rest.slice(1).join('/')
  if (routeParity(state, repo, access, rest)) return
  switch (rest[0]) {
    case undefined: getRepository(state, repo, access); return
    case 'contents': getContents(state, repo, tail); return
    case 'raw': if (rest.length > 1) { await getRaw(state, repo, tail); return } break
    case 'media': if (rest.length > 1) { await getRaw(state, repo, tail, true); return } break
    case 'contents-ext': if (rest.length > 1) { getContentsExt(state, repo, tail); return } break
    case 'branches':
      if (rest.length === 1) { listBranches(state, repo, access); return }
      if (tail !== '') { getBranch(state, repo, access, tail); return }
      break
    case 'tags': if (rest.length === 1) { listTags(state, repo); return } break
    case 'commits': if (rest.length === 1) { listCommits(state, repo); return } break
    case 'issues':
      if (rest.length === 1) { listIssues(state, repo); return }
      if (rest.length === 2) { getIssue(state, repo, rest[1] as string); return }
      if (rest.length === 3 && rest[2] === 'comments') { listIssueComments(state, repo, rest[1] as string); return }
      break
    case 'pulls':
      if (rest.length === 1) { listPullRequests(state, repo, access); return }
      if (rest.length === 2 && (rest[1] as string).endsWith('.diff')) { getPullRequestDiff(state, repo, (rest[1] as string).slice(0, -5)); return }
      if (rest.length === 2) { getPullRequest(state, repo, access, rest[1] as string); return }
      if (rest.length === 3 && rest[2] === 'files') { listPullRequestFiles(state, repo, rest[1] as string); return }
      break
    case 'releases': if (rest.length === 1) { listReleases(state, repo, access); return } break
    case 'labels': if (rest.length === 1) { listLabels(state, repo); return } break
    case 'compare': compare(state, repo, tail); return
    case 'file-contents': if (rest.length === 1) { getFileContentsBatch(state, repo); return } break
    case 'actions': if (await serveActions(state, repo, rest.slice(1))) return; break
    case 'git':
      if (rest.length === 3 && rest[1] === 'trees' && rest[2] !== '') { getGitTree(state, repo, rest[2] as string); return }
      if (rest.length === 3 && rest[1] === 'commits' && rest[2] !== '') {
        const sha = rest[2] as string
        if (sha.endsWith('.diff') && sha.length > 5) await getCommitDiff(state, repo, sha.slice(0, -5))
        else getSingleCommit(state, repo, sha)
        return
      }
      break
  }
  notFound(state)
}

/** Starts the fake on a random port (by default) with the sample data. */
export async function startFakeGitea (options: FakeGiteaOptions = {}): Promise<FakeGitea> {
  const token = options.token ?? SAMPLE_TOKEN
  const data = options.data ?? sampleData()
  const behaviour: Behaviour = { version: options.version ?? GITEA_VERSION, missing: new Set(options.missing ?? []) }
  const host = options.host ?? '127.0.0.1'
  const requests: FakeGiteaRequest[] = []
  const streams: StreamRecord[] = []
  const oauth = createOAuthProvider(data, options.oauthApp)
  let appUrl = ''

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/'
    const q = target.indexOf('?')
    const rawPath = q === -1 ? target : target.slice(0, q)
    const rawQuery = q === -1 ? '' : target.slice(q + 1)
    requests.push({ method: req.method ?? '', path: rawPath, query: rawQuery, authorization: req.headers.authorization })
    const path = goUnescape(rawPath, false)
    if (path === undefined || !rawPath.startsWith('/')) {
      // Go's net/http rejects a request line with a bad escape before Gitea sees it.
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
      res.end('400 Bad Request')
      return
    }
    const state: RequestState = { req, res, rawPath, query: parseQuery(rawQuery), ctx: { appUrl, data, viewer: undefined, streams } }
    route(state, path, token, data, behaviour, oauth).catch(() => {
      if (!res.headersSent) apiError(state, 500, '')
      else res.destroy()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => { server.off('error', reject); resolve() })
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  appUrl = url + '/'

  return {
    url,
    token,
    requests,
    streams,
    oauth,
    data,
    async close (): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}
