// Who is calling and what they may read, following Gitea 1.26's
// services/auth (oauth2.go, basic.go, httpauth) and models/perm/access.

import { type AccessMode, type FakeGiteaData, type FakeRepository, type FakeUser, findUser } from './data.js'

/** The outcome of authentication: a user, anonymous, or credentials Gitea rejects with 401. */
export type AuthResult = { kind: 'user', user: FakeUser } | { kind: 'anonymous' } | { kind: 'invalid' }

/**
 * Gitea reads `Authorization` like this: exactly two whitespace-separated fields;
 * "token"/"bearer" (any case) carry a token; "basic" carries user:password where
 * the password may be a token, or the username is the token when the password
 * is empty or "x-oauth-basic". Any other shape is ignored (the caller stays
 * anonymous); a token or password that matches nothing is a 401.
 */
export function authenticate (header: string | undefined, token: string, data: FakeGiteaData, oauthOwner?: (token: string) => string | undefined): AuthResult {
  if (header === undefined || header === '') return { kind: 'anonymous' }
  const fields = header.trim().split(/\s+/)
  if (fields.length !== 2) return { kind: 'anonymous' }
  const scheme = (fields[0] as string).toLowerCase()
  const value = fields[1] as string
  let candidate: string
  if (scheme === 'token' || scheme === 'bearer') {
    candidate = value
  } else if (scheme === 'basic') {
    // Go's base64 decoder is strict; a bad value decodes to empty credentials, which fail sign-in.
    const decoded = /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0
      ? Buffer.from(value, 'base64').toString('utf8')
      : ':'
    // BasicAuthDecode rejects a value without ":" and Gitea goes on with empty credentials.
    const colon = decoded.indexOf(':')
    const user = colon === -1 ? '' : decoded.slice(0, colon)
    const pass = colon === -1 ? '' : decoded.slice(colon + 1)
    candidate = pass === '' || pass === 'x-oauth-basic' ? user : pass
    // Basic with a real password would be checked against the account here; the fake has no passwords.
  } else {
    return { kind: 'anonymous' }
  }
  // A token from the OAuth2 provider (handlers-oauth.ts) acts as its person.
  const owner = candidate === token ? data.tokenOwner : oauthOwner?.(candidate)
  if (owner === undefined) return { kind: 'invalid' }
  const user = findUser(data, owner)
  return user !== undefined ? { kind: 'user', user } : { kind: 'invalid' }
}

const RANK: Record<AccessMode, number> = { none: 0, read: 1, write: 2, admin: 3, owner: 4 }

function higher (a: AccessMode, b: AccessMode): AccessMode {
  return RANK[a] >= RANK[b] ? a : b
}

export function atLeast (mode: AccessMode, wanted: AccessMode): boolean {
  return RANK[mode] >= RANK[wanted]
}

/** Whether `viewer` may see `owner` at all (limited owners are visible to any signed-in user). */
export function canSeeOwner (owner: FakeUser, viewer: FakeUser | undefined): boolean {
  if (owner.visibility === 'public') return true
  if (viewer === undefined) return false
  if (owner.visibility === 'limited' || viewer.isAdmin || viewer.id === owner.id) return true
  return false
}

/** The access a user (or anonymous, undefined) has to a repository's code. */
export function repoAccess (data: FakeGiteaData, repo: FakeRepository, viewer: FakeUser | undefined): AccessMode {
  const owner = findUser(data, repo.owner)
  let mode: AccessMode = 'none'
  if (!repo.private && owner !== undefined && canSeeOwner(owner, viewer)) mode = 'read'
  if (viewer === undefined) return mode
  if (viewer.isAdmin || viewer.login === repo.owner) return 'owner'
  for (const c of repo.collaborators) if (c.login === viewer.login) mode = higher(mode, c.permission)
  for (const team of data.teams) {
    if (team.org !== repo.owner || !team.members.includes(viewer.login)) continue
    if (team.includesAllRepositories || team.repositories.includes(repo.name)) mode = higher(mode, team.permission)
  }
  return mode
}

/** Whether a user belongs to an organisation (through any team). */
export function isOrgMember (data: FakeGiteaData, org: string, login: string): boolean {
  return data.teams.some((t) => t.org === org && t.members.includes(login))
}
