import t from 'tap'
import { computeHasMore, normalizePageRequest, parseLinkHeader, parseTotalCount } from '../../../lib/gitea/paging.js'

t.test('parseLinkHeader reads Gitea\'s format: next,last,first,prev joined by "," with no space', async (t) => {
  const header = '<https://git.example.com/api/v1/user/repos?limit=10&page=3>; rel="next",' +
    '<https://git.example.com/api/v1/user/repos?limit=10&page=5>; rel="last",' +
    '<https://git.example.com/api/v1/user/repos?limit=10&page=1>; rel="first",' +
    '<https://git.example.com/api/v1/user/repos?limit=10&page=1>; rel="prev"'
  const links = parseLinkHeader(header)
  t.same([...links.keys()], ['next', 'last', 'first', 'prev'])
  t.equal(links.get('next'), 'https://git.example.com/api/v1/user/repos?limit=10&page=3')
  t.equal(links.get('last'), 'https://git.example.com/api/v1/user/repos?limit=10&page=5')
})

t.test('parseLinkHeader tolerates spaces, unquoted rel, several rels, and commas inside URLs', async (t) => {
  const links = parseLinkHeader('<https://x/a?q=a,b&page=2> ; rel=next , <https://x/a?page=9>;rel="last first"')
  t.equal(links.get('next'), 'https://x/a?q=a,b&page=2')
  t.equal(links.get('last'), 'https://x/a?page=9')
  t.equal(links.get('first'), 'https://x/a?page=9')
})

t.test('parseLinkHeader ignores what it cannot read', async (t) => {
  t.equal(parseLinkHeader(null).size, 0)
  t.equal(parseLinkHeader(undefined).size, 0)
  t.equal(parseLinkHeader('').size, 0)
  t.equal(parseLinkHeader('garbage, more garbage').size, 0)
  t.equal(parseLinkHeader('<https://x/a?page=2>; title="no rel"').size, 0)
})

t.test('parseTotalCount', async (t) => {
  t.equal(parseTotalCount('42'), 42)
  t.equal(parseTotalCount(' 0 '), 0)
  t.equal(parseTotalCount(null), null)
  t.equal(parseTotalCount(undefined), null)
  t.equal(parseTotalCount(''), null)
  t.equal(parseTotalCount('-1'), null)
  t.equal(parseTotalCount('1.5'), null)
  t.equal(parseTotalCount('12abc'), null)
  t.equal(parseTotalCount('9'.repeat(30)), null)
})

t.test('normalizePageRequest clamps like Gitea', async (t) => {
  t.same(normalizePageRequest(), { page: 1, limit: 30 })
  t.same(normalizePageRequest({ page: 0, limit: 0 }), { page: 1, limit: 30 })
  t.same(normalizePageRequest({ page: -3, limit: -1 }), { page: 1, limit: 30 })
  t.same(normalizePageRequest({ page: 2.7, limit: 10.9 }), { page: 2, limit: 10 })
  t.same(normalizePageRequest({ page: 4, limit: 500 }), { page: 4, limit: 50 })
  t.same(normalizePageRequest({ page: Number.NaN, limit: Number.POSITIVE_INFINITY }), { page: 1, limit: 30 })
})

t.test('computeHasMore: Link decides, then the total, then a full page', async (t) => {
  const base = { page: 1, limit: 10, itemCount: 10 }
  t.equal(computeHasMore({ ...base, links: new Map([['next', 'u']]), total: null, linkHeaderPresent: true }), true)
  t.equal(computeHasMore({ ...base, links: new Map([['next', 'u']]), total: 10, linkHeaderPresent: true }), true, 'next wins over total')
  t.equal(computeHasMore({ ...base, page: 3, links: new Map([['prev', 'u'], ['first', 'u']]), total: 100, linkHeaderPresent: true }), false,
    'a Link without next is the last page')
  t.equal(computeHasMore({ ...base, links: new Map(), total: 25, linkHeaderPresent: false }), true)
  t.equal(computeHasMore({ ...base, page: 3, itemCount: 5, links: new Map(), total: 25, linkHeaderPresent: false }), false)
  t.equal(computeHasMore({ ...base, page: 2, links: new Map(), total: 20, linkHeaderPresent: false }), false)
  t.equal(computeHasMore({ ...base, links: new Map(), total: null, linkHeaderPresent: false }), true, 'a full page may have more')
  t.equal(computeHasMore({ ...base, itemCount: 3, links: new Map(), total: null, linkHeaderPresent: false }), false)
  t.equal(computeHasMore({ ...base, links: new Map(), total: 30, linkHeaderPresent: true }), true, 'unreadable Link falls back to total')
})
