/**
 * The fake Gitea in a process of its own, so a bench measures only the
 * server's memory and CPU: prints `{"url": ..., "token": ...}` on one line
 * once it listens, and stops when its parent closes its stdin.
 * FILES=n adds the generated acme/monorepo of n files (test/fake-gitea/sample-data.ts).
 */
import { largeRepoData } from '../test/fake-gitea/sample-data.js'
import { startFakeGitea } from '../test/fake-gitea/server.js'

const files = Number(process.env.FILES ?? 0)
const gitea = await startFakeGitea(files > 0 ? { data: largeRepoData(files) } : {})
process.stdout.write(`${JSON.stringify({ url: gitea.url, token: gitea.token })}\n`)
process.stdin.resume()
process.stdin.on('end', () => { gitea.close().then(() => process.exit(0), () => process.exit(1)) })
