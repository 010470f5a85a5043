// The deployment-file readers of test/helpers/deploy-files.ts, checked on small inputs.

import t from 'tap'
import {
  type Stage, all, asLabels, baseImage, composeVariables, copies, environment, execForm, finalStage,
  interpolate, interpolateTree, labels, list, obj, parseDockerfile, runCommands, serviceEnvironment, stageNamed
} from '../helpers/deploy-files.js'

t.test('Dockerfile reader: continuations, comments, stages, ENV, exec form', async t => {
  const parsed = parseDockerfile([
    '# syntax=docker/dockerfile:1',
    'ARG BASE="node:22.1.2-bookworm-slim"',
    'FROM --platform=linux/amd64 ${BASE} AS build',
    'RUN npm ci \\',
    '  # a comment inside a continuation',
    '    --omit=dev && npm run build \\  ',
    '  && echo done',
    'FROM $BASE',
    'ENV A=1 B="two"',
    'ENV LEGACY some value',
    'COPY --from=build --chown=1:1 /app/dist /app/x ./',
    'HEALTHCHECK --interval=5s CMD ["node", "-e", "1"]',
    'CMD node server.js'
  ].join('\n'))
  t.same(parsed.globalArgs, { BASE: 'node:22.1.2-bookworm-slim' })
  t.equal(parsed.stages.length, 2)
  const [build, last] = parsed.stages as [Stage, Stage]
  t.equal(build.name, 'build')
  t.equal(baseImage(parsed, build), 'node:22.1.2-bookworm-slim')
  t.equal(baseImage(parsed, last), 'node:22.1.2-bookworm-slim')
  t.same(runCommands(build), [['npm', 'ci', '--omit=dev'], ['npm', 'run', 'build'], ['echo', 'done']])
  t.equal(all(build, 'RUN')[0]?.line, 4)
  t.same(environment(last), { A: '1', B: 'two', LEGACY: 'some value' })
  t.same(copies(last), [{ from: 'build', sources: ['/app/dist', '/app/x'], destination: './' }])
  t.same(execForm(all(last, 'HEALTHCHECK')[0]?.args ?? ''), ['node', '-e', '1'])
  t.equal(execForm(all(last, 'CMD')[0]?.args ?? ''), undefined, 'shell form')
  t.equal(finalStage(parsed), last)
  t.equal(stageNamed(parsed, 'build'), build)
  t.throws(() => stageNamed(parsed, 'nope'))
  t.throws(() => finalStage(parseDockerfile('# empty')))
})

t.test('compose readers: variables, interpolation, labels, environment', async t => {
  const text = [
    'image: ${IMAGE:-x}  # ${IN_COMMENT}',
    'a: "$${LITERAL} # not a comment ${INSIDE:?needed}"',
    'b: $BARE'
  ].join('\n')
  t.same(composeVariables(text).map(v => [v.name, v.operator, v.argument]), [['IMAGE', ':-', 'x'], ['INSIDE', ':?', 'needed'], ['BARE', 'bare', '']])
  t.same(interpolateTree({ a: '${X:-d}', b: '${X-d}', c: '$${X}', d: '${Y:+on}', e: '${Y+on}', f: '${Z}', g: '${Y?no}', h: ['${Y}'], i: 1 }, { X: '', Y: 'y' }),
    { a: 'd', b: '', c: '${X}', d: 'on', e: 'on', f: '', g: 'y', h: ['y'], i: 1 })
  t.equal(interpolate('${X:+on}${X+set}', {}), '')
  t.throws(() => interpolate('${Z?missing}', {}), /Z: missing/)
  t.throws(() => interpolate('${Z:?empty}', { Z: '' }), /Z: empty/)
  t.same(labels({ labels: ['a=1', 'b=x=y', 'c'] }), { a: '1', b: 'x=y', c: '' })
  t.same(labels({ labels: { a: true, b: 8080 } }), { a: 'true', b: '8080' })
  t.same(serviceEnvironment({ environment: ['A=1', 'B'] }), { A: '1', B: '' })
  t.same(list(undefined), [])
  t.same(list('/tmp'), ['/tmp'])
  t.same(list([{ path: '.env' }]), ['{"path":".env"}'])
  t.same(asLabels({ http: { m: { headers: { frameDeny: true, list: ['a', 'b'] } } } }), { 'traefik.http.m.headers.framedeny': 'true', 'traefik.http.m.headers.list': 'a,b' })
  t.throws(() => obj([], 'a list'), /a list is not a mapping/)
})
