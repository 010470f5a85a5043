// acme/platform's wiki, milestones, pull request reviews and commit statuses:
// what the read-parity tools (issue 14) show in the demo and the tests.
// A three-page wiki; milestones open and closed, with and without a due date;
// on #4 (open) a review asking for changes with line comments on both sides of
// the diff, an approval after it and a pending review only its author sees; on
// main's head a failing test status that replaced a pending one.

import type { GitHistory } from './data.js'
import type { FakeCommitStatus, FakeMilestone, FakeParityFields, FakeReview, FakeWikiPage } from './data-parity.js'

const alice = { name: 'Alice Nguyen', email: 'alice@acme.example' }
const bob = { name: 'Bob Martins', email: 'bob@acme.example' }

function wiki (): FakeWikiPage[] {
  return [
    {
      title: 'Home',
      content: '# Platform wiki\n\nStart here: [[Deploy Guide]] and [[Incident Runbook]].\n',
      commits: [{ sha: 'a1c4e0f6b2d8a3c5e7f9b1d3a5c7e9f1b3d5a7c9', message: 'Create Home', author: { ...alice, date: '2024-02-01T09:00:00Z' } }]
    },
    {
      title: 'Deploy Guide',
      content: '# Deploy Guide\n\n1. Merge to `main`; CI builds the image.\n2. `make deploy ENV=staging`, check /ready.\n' +
        '3. `make deploy ENV=production` between 09:00 and 16:00 Lisbon time.\n\nRollback: `make rollback ENV=production`.\n',
      commits: [
        { sha: 'b2d5f1a7c3e9b4d6f8a0c2e4b6d8f0a2c4e6b8d0', message: 'Deploy window is 09:00 to 16:00', author: { ...bob, date: '2024-05-14T15:30:00Z' } },
        { sha: 'c3e6a2b8d4f0c5e7a9b1d3f5c7e9a1b3d5f7c9e1', message: 'Create Deploy Guide', author: { ...alice, date: '2024-02-01T09:20:00Z' } }
      ]
    },
    {
      title: 'Incident Runbook',
      content: '# Incident Runbook\n\nDatabase failover: promote the replica with `make db-failover`, then rotate the billing API pods.\n',
      commits: [{ sha: 'd4f7b3c9e5a1d6f8b0c2e4a6d8f0b2c4e6a8d0f2', message: 'Add database failover', author: { ...alice, date: '2024-03-11T11:05:00Z' } }]
    }
  ]
}

function milestones (): FakeMilestone[] {
  return [
    { id: 1, title: 'v1.1', description: 'VAT fixes and the ERP export.', state: 'closed', openIssues: 0, closedIssues: 2, created: '2024-03-01T09:00:00Z', updated: '2024-04-09T09:50:31Z', closed: '2024-04-10T08:00:00Z', due: '2024-04-15T00:00:00Z' },
    { id: 2, title: 'v1.2', description: 'Login hardening and faster invoice export.', state: 'open', openIssues: 3, closedIssues: 1, created: '2024-04-10T08:05:00Z', updated: '2024-06-04T09:10:00Z', closed: null, due: '2024-07-01T00:00:00Z' },
    { id: 3, title: 'Someday', description: 'Ideas without a date.', state: 'open', openIssues: 1, closedIssues: 0, created: '2024-04-10T08:06:00Z', updated: '2024-05-02T12:00:00Z', closed: null, due: null },
    { id: 4, title: 'v1.3', description: 'Invoice templates per locale.', state: 'open', openIssues: 2, closedIssues: 0, created: '2024-05-20T10:00:00Z', updated: '2024-05-29T16:40:00Z', closed: null, due: '2024-09-01T00:00:00Z' }
  ]
}

function reviews (featureHead: string): FakeReview[] {
  return [
    {
      id: 101,
      pullIndex: 4,
      reviewer: 'alice',
      state: 'REQUEST_CHANGES',
      body: 'The limit works, but the numbers belong in the config.',
      commitId: featureHead,
      stale: false,
      official: true,
      dismissed: false,
      submitted: '2024-06-04T10:30:00Z',
      updated: '2024-06-04T10:30:00Z',
      comments: [
        { id: 201, author: 'alice', path: 'src/middleware/rate-limit.ts', line: 3, body: 'Read the window from the config (LOGIN_WINDOW_MINUTES).', diffHunk: '@@ -0,0 +1,3 @@\n+', created: '2024-06-04T10:28:00Z', updated: '2024-06-04T10:28:00Z' },
        { id: 202, author: 'alice', path: 'src/routes/auth/login.ts', line: -4, body: 'This check moved: keep the old error message.', diffHunk: '@@ -1,4 +1,6 @@', created: '2024-06-04T10:29:00Z', updated: '2024-06-04T10:29:00Z' }
      ]
    },
    { id: 102, pullIndex: 4, reviewer: 'gitea-admin', state: 'APPROVED', body: '', commitId: featureHead, stale: false, official: false, dismissed: false, submitted: '2024-06-05T08:00:00Z', updated: '2024-06-05T08:00:00Z', comments: [] },
    {
      id: 103,
      pullIndex: 4,
      reviewer: 'bob',
      state: 'PENDING',
      body: 'Draft: not submitted yet.',
      commitId: featureHead,
      stale: false,
      official: false,
      dismissed: false,
      submitted: '',
      updated: '2024-06-05T09:00:00Z',
      comments: [{ id: 203, author: 'bob', path: 'src/server.ts', line: 2, body: 'Draft note', diffHunk: '@@', created: '2024-06-05T09:00:00Z', updated: '2024-06-05T09:00:00Z' }]
    },
    { id: 104, pullIndex: 2, reviewer: 'bob', state: 'APPROVED', body: 'Looks right to me.', commitId: '', stale: true, official: true, dismissed: false, submitted: '2024-04-09T08:15:00Z', updated: '2024-04-09T08:15:00Z', comments: [] }
  ]
}

function statuses (mainHead: string, featureHead: string): FakeCommitStatus[] {
  const ci = 'https://ci.acme.example/platform'
  return [
    { id: 1, sha: mainHead, context: 'ci/build', state: 'success', description: 'Image built', targetUrl: `${ci}/builds/311`, creator: 'gitea-admin', created: '2024-06-04T07:05:00Z' },
    { id: 2, sha: mainHead, context: 'ci/test', state: 'pending', description: 'Tests running', targetUrl: `${ci}/builds/311`, creator: 'gitea-admin', created: '2024-06-04T07:05:01Z' },
    { id: 3, sha: mainHead, context: 'ci/test', state: 'failure', description: '1 of 212 tests failed: tax.test.ts', targetUrl: `${ci}/builds/311/tests`, creator: 'gitea-admin', created: '2024-06-04T07:09:30Z' },
    { id: 4, sha: mainHead, context: 'security/scan', state: 'success', description: 'No known vulnerabilities', targetUrl: '', creator: 'gitea-admin', created: '2024-06-04T07:06:00Z' },
    { id: 5, sha: featureHead, context: 'ci/build', state: 'pending', description: 'Queued', targetUrl: `${ci}/builds/312`, creator: 'gitea-admin', created: '2024-06-04T09:11:00Z' }
  ]
}

/** acme/platform's wiki, milestones, reviews and statuses; call after platformTracker (the branches it reads are set). */
export function platformParity (h: GitHistory): Required<FakeParityFields> {
  const mainHead = h.git.branches.get('main') as string
  const featureHead = h.git.branches.get('feature/login-rate-limit') as string
  return { wiki: wiki(), milestones: milestones(), reviews: reviews(featureHead), statuses: statuses(mainHead, featureHead) }
}
