// Server-level endpoints: /version, /settings/api, /user, /user/repos,
// /users/{username}/repos and /repos/search (routers/api/v1/misc, settings,
// user and repo.Search).

import { canSeeOwner, isOrgMember, repoAccess } from './access.js'
import { type FakeRepository, type FakeUser, findUser } from './data.js'
import { formBool, formInt, formString } from './go-format.js'
import { listOptions, pageOf } from './paging.js'
import { type RequestState, apiError, sendJson, setLinkHeader, setTotalCount } from './reply.js'
import { apiRepository, apiSettings, apiUser, serverVersion } from './responses.js'

export function getVersion (state: RequestState): void {
  sendJson(state.res, 200, serverVersion())
}

export function getApiSettings (state: RequestState): void {
  sendJson(state.res, 200, apiSettings())
}

export function getCurrentUser (state: RequestState, user: FakeUser): void {
  sendJson(state.res, 200, apiUser(state.ctx, user, true, true))
}

/** Gitea's default repository order for /user/repos and /repos/search: "name ASC" (id breaks ties). */
function byName (a: FakeRepository, b: FakeRepository): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id
}

function sendRepoPage (state: RequestState, repos: FakeRepository[], viewer: FakeUser | undefined, wrap: boolean): void {
  const opts = listOptions(state.query)
  const page = pageOf(repos, opts.page, opts.pageSize)
  const body = page.map((r) => apiRepository(state.ctx, r, repoAccess(state.ctx.data, r, viewer)))
  setLinkHeader(state, repos.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, repos.length)
  sendJson(state.res, 200, wrap ? { ok: true, data: body } : body)
}

/**
 * GET /user/repos: repositories the user owns, collaborates on, reaches through
 * a team, plus the public repositories of organisations they belong to.
 */
export function listMyRepos (state: RequestState, user: FakeUser): void {
  const data = state.ctx.data
  const repos = data.repositories.filter((r) => {
    if (repoAccess(data, r, user) === 'none') return false
    if (r.owner === user.login || r.collaborators.some((c) => c.login === user.login)) return true
    const viaTeam = data.teams.some((t) => t.org === r.owner && t.members.includes(user.login) &&
      (t.includesAllRepositories || t.repositories.includes(r.name)))
    return viaTeam || (!r.private && isOrgMember(data, r.owner, user.login))
  }).sort(byName)
  sendRepoPage(state, repos, user, false)
}

const SORT_KEYS: Record<string, (r: FakeRepository) => number | string> = {
  alpha: (r) => r.name,
  created: (r) => Date.parse(r.created),
  updated: (r) => Date.parse(r.updated),
  size: (r) => r.git.objects.size,
  git_size: (r) => r.git.objects.size,
  lfs_size: () => 0,
  stars: (r) => r.stars,
  forks: (r) => r.forks,
  id: (r) => r.id
}

/** GET /repos/search (repo.Search + repo_model.SearchRepository). */
export function searchRepos (state: RequestState, viewer: FakeUser | undefined): void {
  const data = state.ctx.data
  const q = state.query
  const mode = formString(q, 'mode')
  if (!['', 'source', 'fork', 'mirror', 'collaborative'].includes(mode)) {
    apiError(state, 422, `Invalid search mode: "${mode}"`)
    return
  }
  const sortMode = formString(q, 'sort')
  const sortOrder = formString(q, 'order') === '' ? 'asc' : formString(q, 'order')
  if (sortMode !== '') {
    if (sortOrder !== 'asc' && sortOrder !== 'desc') { apiError(state, 422, `Invalid sort order: "${sortOrder}"`); return }
    if (SORT_KEYS[sortMode] === undefined) { apiError(state, 422, `Invalid sort mode: "${sortMode}"`); return }
  }
  const includePrivate = viewer !== undefined && (formString(q, 'private') === '' || formBool(q, 'private'))
  const keyword = formString(q, 'q').trim()
  const includeDesc = formBool(q, 'includeDesc')
  const topicOnly = formBool(q, 'topic')
  const uid = formInt(q, 'uid')
  const exclusive = formBool(q, 'exclusive')
  const priorityOwner = formInt(q, 'priority_owner_id')

  const matchesKeyword = (r: FakeRepository): boolean => {
    if (keyword === '') return true
    const pieces = keyword.toLowerCase().split(',')
    return pieces.some((v) => {
      if (topicOnly) return r.topics.some((t) => t.toLowerCase() === v)
      if (r.name.toLowerCase().includes(v) || r.topics.some((t) => t.toLowerCase().includes(v))) return true
      const slash = keyword.split('/')
      if (slash.length === 2 && r.owner.toLowerCase().includes((slash[0] as string).toLowerCase()) &&
        r.name.toLowerCase().includes((slash[1] as string).toLowerCase())) return true
      return includeDesc && r.description.toLowerCase().includes(v)
    })
  }
  const visible = (r: FakeRepository): boolean => {
    const owner = findUser(data, r.owner)
    if (!r.private && owner !== undefined && canSeeOwner(owner, viewer)) return true
    return includePrivate && repoAccess(data, r, viewer) !== 'none'
  }
  const ownedOrShared = (r: FakeRepository, u: FakeUser): boolean => r.owner === u.login ||
    (!exclusive && (r.collaborators.some((c) => c.login === u.login) ||
      data.teams.some((t) => t.org === r.owner && t.members.includes(u.login))))

  let repos = data.repositories.filter((r) => visible(r) && matchesKeyword(r))
  if (uid > 0) {
    const u = data.users.find((x) => x.id === uid)
    repos = u === undefined ? [] : repos.filter((r) => ownedOrShared(r, u))
  }
  if (formString(q, 'is_private') !== '') repos = repos.filter((r) => r.private === formBool(q, 'is_private'))
  if (formString(q, 'archived') !== '') repos = repos.filter((r) => r.archived === formBool(q, 'archived'))
  if (formString(q, 'template') !== '') repos = repos.filter((r) => r.template === formBool(q, 'template'))
  if (mode === 'source') repos = repos.filter((r) => !r.fork && !r.mirror)
  if (mode === 'fork') repos = repos.filter((r) => r.fork)
  if (mode === 'mirror') repos = repos.filter((r) => r.mirror)
  if (mode === 'collaborative') repos = repos.filter((r) => !r.mirror && viewer !== undefined && r.owner !== viewer.login)
  if (formInt(q, 'starredBy') > 0) repos = [] // stars are not modelled: nobody has starred anything

  const key = SORT_KEYS[sortMode]
  repos.sort((a, b) => {
    if (priorityOwner > 0) {
      const pa = findUser(data, a.owner)?.id === priorityOwner ? 0 : 1
      const pb = findUser(data, b.owner)?.id === priorityOwner ? 0 : 1
      if (pa !== pb) return pa - pb
    }
    if (key === undefined) return byName(a, b)
    const ka = key(a)
    const kb = key(b)
    const cmp = ka < kb ? -1 : ka > kb ? 1 : a.id - b.id
    return sortOrder === 'desc' ? -cmp : cmp
  })
  sendRepoPage(state, repos, viewer, true)
}

/**
 * GET /users/{username}/repos (user.ListUserRepos): the repositories `owner`
 * (a user or an organisation) owns, by id. Gitea pages over all of them
 * (private ones too when signed in) and only then drops those the caller
 * cannot read, so a page may be short while `Link` and `X-Total-Count` count
 * every one.
 */
export function listUserRepos (state: RequestState, owner: FakeUser, viewer: FakeUser | undefined): void {
  const data = state.ctx.data
  const owned = data.repositories.filter((r) => r.owner === owner.login && (viewer !== undefined || !r.private)).sort((a, b) => a.id - b.id)
  const opts = listOptions(state.query)
  const page = pageOf(owned, opts.page, opts.pageSize)
    .map((r) => ({ r, access: repoAccess(data, r, viewer) }))
    .filter(({ access }) => viewer?.isAdmin === true || access !== 'none')
  setLinkHeader(state, owned.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, owned.length)
  sendJson(state.res, 200, page.map(({ r, access }) => apiRepository(state.ctx, r, access)))
}
