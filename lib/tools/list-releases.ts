import { Type, type Static } from 'typebox'
import type { GiteaRelease } from '../gitea/types.js'
import { listTool, repoList } from './list.js'
import type { Escapes } from './sanitize.js'
import { listOutput, RepoListInput } from './schemas.js'
import { cutText, login } from './tracker.js'

/** Most bytes of one release's notes in a list; longer notes are cut with a pointer to the release page. */
export const RELEASE_NOTES_MAX_BYTES = 4000

const input = RepoListInput

const Release = Type.Object({
  tag: Type.String({ description: 'The git tag; pass it as `ref` to read the files of this release' }),
  name: Type.String(),
  draft: Type.Boolean(),
  prerelease: Type.Boolean(),
  author: Type.String(),
  target: Type.String({ description: 'Branch or commit the tag was made from' }),
  created_at: Type.String({ description: 'ISO 8601' }),
  published_at: Type.String({ description: 'ISO 8601' }),
  url: Type.String({ description: 'Web page of the release' }),
  notes: Type.String({ description: 'Release notes (Markdown)' }),
  notes_truncated: Type.Boolean({ description: `The notes were longer than ${RELEASE_NOTES_MAX_BYTES} bytes; the release page has them whole` }),
  assets: Type.Array(Type.Object({ name: Type.String(), size: Type.Integer(), download_url: Type.String() }))
})

type ReleaseT = Static<typeof Release>

const output = listOutput({}, 'releases', Release)

function release (item: GiteaRelease, clean: Escapes): ReleaseT {
  const notes = cutText(clean.text(item.body), RELEASE_NOTES_MAX_BYTES,
    `\n\n[Release notes cut here; read them whole at ${item.html_url === '' ? 'the release page' : item.html_url}.]`)
  return {
    tag: item.tag_name,
    name: clean.text(item.name),
    draft: item.draft,
    prerelease: item.prerelease,
    author: login(item.author),
    target: item.target_commitish,
    created_at: item.created_at,
    published_at: item.published_at,
    url: item.html_url,
    notes: notes.text,
    notes_truncated: notes.cut,
    assets: item.assets.map((asset) => ({ name: clean.text(asset.name), size: Math.trunc(asset.size), download_url: asset.browser_download_url }))
  }
}

export const listReleases = listTool<typeof input, typeof output>({
  name: 'list_releases',
  toolset: 'releases',
  title: 'List releases',
  description: `Lists the releases of a repository, newest first: tag, name, draft and pre-release flags, author, dates, URL, assets and notes (up to ${RELEASE_NOTES_MAX_BYTES} bytes each). ` +
    'Paged: while `has_more`, call again with `next`. Read a release\'s files with `ref` set to its tag.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    return await repoList(ctx, args, 'releases', 'release', ctx.gitea.listReleases.bind(ctx.gitea), release)
  }
})
