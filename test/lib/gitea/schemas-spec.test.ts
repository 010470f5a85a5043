// Every schema in lib/gitea/schemas.ts held to Gitea 1.26.3's own API
// description (test/fixtures/gitea/openapi-v1.json): each one is named after
// a definition; each field it names is declared there with the same type
// (nested objects followed through their $ref); and no field the real server
// may send as null (NULLABLE) or that older releases lack is required.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { Type, type TSchema } from 'typebox'
import * as schemas from '../../../lib/gitea/schemas.js'
import { NULLABLE } from '../../helpers/gitea-spec.js'

type SpecSchema = { $ref?: string, type?: string, enum?: unknown[], items?: SpecSchema, properties?: Record<string, SpecSchema> }
const definitions = (JSON.parse(readFileSync(new URL('../../fixtures/gitea/openapi-v1.json', import.meta.url), 'utf8')) as
  { definitions: Record<string, SpecSchema> }).definitions

/** Fields Gitea 1.24 or 1.25 does not send (test/fixtures/gitea/README.md). */
const ABSENT_BEFORE_1_26: Readonly<Record<string, readonly string[]>> = {
  Repository: ['default_target_branch', 'branch_count', 'has_code'],
  Issue: ['content_version'],
  PullRequest: ['content_version'],
  ContentsResponse: ['lfs_oid', 'lfs_size', 'last_commit_message']
}

const SPEC_TYPES: Record<string, string[]> = { string: ['string'], number: ['integer', 'number'], boolean: ['boolean'] }

/** How `ours` differs from the spec's `theirs` (inside `definition`), as sentences naming the field. */
function differences (ours: TSchema, theirs: SpecSchema, definition: string, where: string): string[] {
  if (theirs.$ref !== undefined) {
    definition = theirs.$ref.replace('#/definitions/', '')
    theirs = definitions[definition] ?? {}
  }
  if (Type.IsUnion(ours)) return ours.anyOf.filter((m) => !Type.IsNull(m)).flatMap((m) => differences(m, theirs, definition, where))
  if (Type.IsObject(ours)) {
    if (theirs.properties === undefined) return [`${where} is an object, not in the spec`]
    return Object.entries(ours.properties).flatMap(([key, field]) => {
      const spec = theirs.properties?.[key]
      if (spec === undefined) return [`${where}.${key} is not a field of ${definition}`]
      const nullable = Type.IsUnion(field) && field.anyOf.some((m) => Type.IsNull(m))
      const required = (ours.required ?? []).includes(key) && !('default' in field) && !nullable
      const found = differences(field, spec, definition, `${where}.${key}`)
      if (required && (NULLABLE[definition] ?? []).includes(key)) found.push(`${where}.${key} is required, but Gitea sends ${definition}.${key} as null`)
      if (required && (ABSENT_BEFORE_1_26[definition] ?? []).includes(key)) found.push(`${where}.${key} is required, but older Gitea lacks ${definition}.${key}`)
      return found
    })
  }
  if (Type.IsArray(ours)) return theirs.type === 'array' && theirs.items !== undefined ? differences(ours.items, theirs.items, definition, `${where}[]`) : [`${where} is an array, not in the spec`]
  if (Type.IsEnum(ours)) {
    const extra = ours.enum.filter((value) => theirs.enum !== undefined && !theirs.enum.includes(value))
    return theirs.type !== 'string' || extra.length > 0 ? [`${where}: ${ours.enum.join(', ')} is not the spec's ${theirs.type} ${theirs.enum?.join(', ') ?? ''}`] : []
  }
  const kind = Type.IsString(ours) ? 'string' : Type.IsNumber(ours) ? 'number' : Type.IsBoolean(ours) ? 'boolean' : 'unknown'
  return (SPEC_TYPES[kind] ?? []).includes(theirs.type ?? '') ? [] : [`${where} is a ${kind}, the spec says ${theirs.type ?? JSON.stringify(theirs)}`]
}

const shapes = Object.entries(schemas as Record<string, unknown>).filter((entry): entry is [string, TSchema] => Type.IsSchema(entry[1]))

t.test('every schema is named after a definition of the spec', async (t) => {
  t.ok(shapes.length >= 20, `${shapes.length} schemas`)
  t.same(shapes.map(([name]) => name).filter((name) => definitions[name] === undefined), [])
})

for (const [name, schema] of shapes) {
  t.test(`${name} agrees with the spec's ${name}`, async (t) => {
    t.same(differences(schema, { $ref: `#/definitions/${name}` }, name, name), [])
  })
}

t.test('the comparison sees a disagreement', async (t) => {
  const check = (schema: TSchema, name: string): string[] => differences(schema, { $ref: `#/definitions/${name}` }, name, name)
  t.same(check(Type.Object({ content: Type.String() }), 'ContentsResponse'),
    ['ContentsResponse.content is required, but Gitea sends ContentsResponse.content as null'])
  t.same(check(Type.Object({ content: Type.Union([Type.String(), Type.Null()]) }), 'ContentsResponse'), [], 'nullable is fine')
  t.same(check(Type.Object({ content: Type.String({ default: '' }) }), 'ContentsResponse'), [], 'a default is fine')
  t.same(check(Type.Object({ lfs_oid: Type.String() }), 'ContentsResponse'), ['ContentsResponse.lfs_oid is required, but older Gitea lacks ContentsResponse.lfs_oid'])
  t.same(check(Type.Object({ nickname: Type.Optional(Type.String()) }), 'User'), ['User.nickname is not a field of User'])
  t.same(check(Type.Object({ id: Type.String() }), 'User'), ['User.id is a string, the spec says integer'])
  t.same(check(Type.Object({ owner: Type.Object({ id: Type.Boolean() }) }), 'Repository'), ['Repository.owner.id is a boolean, the spec says integer'], 'follows $ref')
  t.same(check(Type.Object({ state: Type.Enum(['open', 'merged']) }), 'Issue'), ['Issue.state: open, merged is not the spec\'s string open, closed'])
  t.same(check(Type.Object({ labels: Type.Array(Type.Object({ id: Type.String() })) }), 'Issue'), ['Issue.labels[].id is a string, the spec says integer'])
})
