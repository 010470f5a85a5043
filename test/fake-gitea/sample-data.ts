// The sample Gitea a newcomer meets in `npm run demo` and the tests run on:
// Acme (a small software company) with its repositories, the read-only
// `aegis-bot` account the MCP server's token belongs to, a colleague's public
// repository, and another company's private one that the bot must never see.

import type { FakeGiteaData, FakeRepository, FakeTeam, FakeUser, GitHistory } from './data.js'
import { emptyGitRepo } from './data.js'
import { platformHistory } from './sample-platform.js'
import { platformActions } from './sample-actions.js'
import { platformParity } from './sample-parity.js'
import { handbookTracker, platformTracker, secretPlansTracker, websiteTracker } from './sample-issues.js'
import {
  handbookHistory, infraHistory, monorepoHistory, notesHistory, secretPlansHistory, snippetsHistory, websiteHistory
} from './sample-repos.js'

function user (id: number, login: string, fullName: string, email: string, created: string,
  extra: Partial<FakeUser> = {}): FakeUser {
  return {
    id,
    login,
    fullName,
    email,
    keepEmailPrivate: false,
    isOrganization: false,
    isAdmin: false,
    visibility: 'public',
    description: '',
    location: '',
    website: '',
    language: 'en-US',
    created,
    lastLogin: created,
    followers: 0,
    following: 0,
    starredRepos: 0,
    ...extra
  }
}

function org (id: number, login: string, fullName: string, email: string, created: string, extra: Partial<FakeUser> = {}): FakeUser {
  return user(id, login, fullName, email, created, { isOrganization: true, language: '', ...extra })
}

const ALL_UNITS: FakeRepository['units'] = {
  code: true, issues: true, pulls: true, wiki: true, projects: true, releases: true, packages: true, actions: true
}

/** A repository record with Gitea's defaults; `fields` sets the rest. */
export function repository (id: number, owner: string, name: string, history: GitHistory | null,
  fields: Partial<FakeRepository> & Pick<FakeRepository, 'description' | 'private' | 'created' | 'updated'>): FakeRepository {
  return {
    id,
    owner,
    name,
    website: '',
    fork: false,
    template: false,
    mirror: false,
    archived: false,
    defaultBranch: 'main',
    language: '',
    topics: [],
    licenses: [],
    stars: 0,
    forks: 0,
    watchers: 1,
    openIssueCount: 0,
    openPullCount: 0,
    releaseCount: 0,
    units: { ...ALL_UNITS },
    collaborators: [],
    protectedBranches: [],
    git: history?.git ?? emptyGitRepo(),
    ...fields
  }
}

function users (): FakeUser[] {
  return [
    user(1, 'gitea-admin', 'Gitea Admin', 'admin@acme.example', '2023-05-02T08:00:00Z',
      { isAdmin: true, lastLogin: '2024-06-12T07:55:10Z', keepEmailPrivate: true }),
    user(2, 'alice', 'Alice Nguyen', 'alice@acme.example', '2023-05-02T08:30:00Z', {
      description: 'Tech lead at Acme. Billing, VAT and other joys.',
      location: 'Lisbon, Portugal',
      website: 'https://alice.dev.example',
      lastLogin: '2024-06-12T08:02:41Z',
      followers: 4,
      following: 2,
      starredRepos: 3
    }),
    user(3, 'bob', 'Bob Martins', 'bob@acme.example', '2023-05-03T09:12:00Z',
      { location: 'Berlin, Germany', lastLogin: '2024-06-11T16:20:00Z', language: 'de-DE', followers: 2, following: 1 }),
    user(4, 'aegis-bot', 'Aegis MCP bot', 'aegis-bot@acme.example', '2024-06-10T11:58:00Z', {
      description: 'Read-only service account for the Aegis MCP server.',
      lastLogin: '2024-06-10T11:58:00Z',
      keepEmailPrivate: true
    }),
    org(5, 'acme', 'Acme Corp', 'it@acme.example', '2023-05-02T08:10:00Z',
      { description: 'Ordering and billing for growing shops.', location: 'Lisbon, Portugal', website: 'https://acme.example' }),
    org(6, 'globex', 'Globex Corporation', 'legal@globex.example', '2023-09-14T13:00:00Z',
      { description: 'A different company on the same Gitea instance.', location: 'Cypress Creek' }),
    user(7, 'hank', 'Hank Scorpio', 'hank@globex.example', '2023-09-14T12:45:00Z',
      { location: 'Cypress Creek', lastLogin: '2024-05-30T21:14:00Z', keepEmailPrivate: true })
  ]
}

function teams (): FakeTeam[] {
  return [
    { org: 'acme', name: 'Owners', permission: 'owner', includesAllRepositories: true, repositories: [], members: ['alice'] },
    { org: 'acme', name: 'Developers', permission: 'write', includesAllRepositories: true, repositories: [], members: ['bob'] },
    { org: 'acme', name: 'Bots', permission: 'read', includesAllRepositories: true, repositories: [], members: ['aegis-bot'] },
    { org: 'globex', name: 'Owners', permission: 'owner', includesAllRepositories: true, repositories: [], members: ['hank'] }
  ]
}

function repositories (): FakeRepository[] {
  const platform = platformHistory()
  const handbook = handbookHistory()
  return [
    repository(1, 'alice', 'public-snippets', snippetsHistory(), {
      description: 'Small scripts and helpers I keep reusing: retries, backups.',
      private: false,
      language: 'Python',
      topics: ['python', 'shell', 'snippets'],
      licenses: ['MIT'],
      stars: 6,
      forks: 1,
      created: '2023-06-01T18:20:00Z',
      updated: '2023-06-01T18:22:05Z'
    }),
    repository(2, 'acme', 'handbook', handbook, {
      ...handbookTracker(handbook),
      description: 'How we work at Acme: onboarding, engineering practices & policies.',
      private: true,
      topics: ['handbook', 'docs'],
      watchers: 6,
      created: '2023-10-02T07:40:00Z',
      updated: '2025-01-20T10:00:05Z'
    }),
    repository(3, 'acme', 'website', websiteHistory(), {
      ...websiteTracker(),
      description: 'Source of the public website acme.example (Hugo).',
      website: 'https://acme.example',
      private: false,
      language: 'HTML',
      topics: ['hugo', 'website'],
      stars: 2,
      watchers: 3,
      created: '2023-11-20T10:25:00Z',
      updated: '2024-05-07T08:15:10Z'
    }),
    repository(4, 'acme', 'platform', platform, {
      ...platformTracker(platform),
      ...platformParity(platform),
      description: 'Ordering and billing API (TypeScript, Fastify, PostgreSQL).',
      private: true,
      language: 'TypeScript',
      topics: ['api', 'billing', 'typescript'],
      stars: 3,
      watchers: 5,
      protectedBranches: [{ branch: 'main', requiredApprovals: 1, enableStatusCheck: true, statusCheckContexts: ['ci/build'] }],
      actions: platformActions(platform.git),
      created: '2024-01-08T09:10:00Z',
      updated: '2024-06-04T07:02:40Z'
    }),
    repository(5, 'acme', 'infra', infraHistory(), {
      description: 'Terraform and Ansible for production (database, network, this Gitea).',
      private: true,
      language: 'HCL',
      topics: ['terraform', 'ansible'],
      watchers: 2,
      created: '2024-02-12T10:05:00Z',
      updated: '2024-06-10T13:30:04Z'
    }),
    repository(6, 'globex', 'secret-plans', secretPlansHistory(), {
      ...secretPlansTracker(),
      description: 'Project Hammock. Globex eyes only.',
      private: true,
      created: '2024-03-01T14:58:00Z',
      updated: '2024-03-01T15:00:03Z'
    }),
    repository(7, 'aegis-bot', 'notes', notesHistory(), {
      description: 'What the aegis-bot account is for, and its token rotation log.',
      private: true,
      created: '2024-06-10T11:59:00Z',
      updated: '2024-06-10T12:00:02Z'
    }),
    repository(8, 'acme', 'empty', null, {
      description: 'Reserved for the new billing UI (nothing pushed yet).',
      private: true,
      created: '2024-06-12T08:30:00Z',
      updated: '2024-06-12T08:30:00Z'
    })
  ]
}

/** A fresh copy of the sample data (callers may change it freely). */
export function sampleData (): FakeGiteaData {
  return { users: users(), teams: teams(), repositories: repositories(), tokenOwner: 'aegis-bot' }
}

/** The sample data plus a private `acme/monorepo` holding `fileCount` text files in nested directories. */
export function largeRepoData (fileCount: number): FakeGiteaData {
  const data = sampleData()
  data.repositories.push(repository(9, 'acme', 'monorepo', monorepoHistory(fileCount), {
    description: 'Shared packages for all Acme services.',
    private: true,
    language: 'TypeScript',
    created: '2024-06-20T06:00:00Z',
    updated: '2024-06-20T06:00:05Z'
  }))
  return data
}
