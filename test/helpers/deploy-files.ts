// Readers for the deployment files (Dockerfile, compose, Traefik, CI workflow), shared by the
// test/deploy checks. No Docker engine is needed: these parse the files as Docker, Compose and
// Traefik would, as far as the checks need. test/deploy/deploy-files.test.ts checks them.

import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { parse } from 'yaml'

export const ROOT = resolve(import.meta.dirname, '../..')
export const DOCKERFILE = resolve(ROOT, 'docker/Dockerfile')
export const COMPOSE_FILE = resolve(ROOT, 'docker/compose.yaml')

export function readText (path: string): string {
  return readFileSync(resolve(ROOT, path), 'utf8')
}

export function readYaml (path: string): unknown {
  return parse(readText(path))
}

/** The variables of .env.example, the file users copy to .env. */
export function envExample (): Record<string, string | undefined> {
  return parseEnv(readText('.env.example'))
}

export type Json = Record<string, unknown>

export function isObject (value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function obj (value: unknown, what: string): Json {
  if (!isObject(value)) throw new Error(`${what} is not a mapping`)
  return value
}

// ---- Dockerfile ----

export interface Instruction {
  keyword: string
  args: string
  line: number
}

export interface Stage {
  /** The image reference as written, e.g. `${NODE_IMAGE}`. */
  from: string
  name: string | undefined
  instructions: Instruction[]
}

export interface Dockerfile {
  /** ARG instructions before the first FROM (the only ones FROM can use). */
  globalArgs: Record<string, string>
  stages: Stage[]
}

/**
 * Logical instructions: continuation lines joined (a trailing backslash, then optional blanks),
 * comment lines dropped, also inside a continuation (as BuildKit does).
 */
export function instructions (text: string): Instruction[] {
  const out: Instruction[] = []
  let buffer: string | undefined
  let start = 0
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '')
    const trimmed = line.trim()
    if (trimmed.startsWith('#') || (buffer === undefined && trimmed === '')) return
    if (buffer === undefined) { buffer = ''; start = index + 1 }
    const continued = /\\[ \t]*$/.exec(line)
    if (continued !== null) { buffer += line.slice(0, continued.index) + ' '; return }
    buffer += line
    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(buffer)
    if (match !== null) out.push({ keyword: (match[1] ?? '').toUpperCase(), args: (match[2] ?? '').trim().replace(/\s+/g, ' '), line: start })
    buffer = undefined
  })
  return out
}

export function parseDockerfile (text: string): Dockerfile {
  const globalArgs: Record<string, string> = {}
  const stages: Stage[] = []
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(' ').filter(word => !word.startsWith('--'))
      const as = words.findIndex(word => word.toUpperCase() === 'AS')
      stages.push({ from: words[0] ?? '', name: as === -1 ? undefined : words[as + 1], instructions: [] })
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [name = '', value = ''] = instruction.args.split('=', 2)
        globalArgs[name] = unquote(value)
      }
    } else {
      stages.at(-1)?.instructions.push(instruction)
    }
  }
  return { globalArgs, stages }
}

function unquote (value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value
}

/** A stage's base image with global ARGs substituted (`${NAME}` and `$NAME`). */
export function baseImage (dockerfile: Dockerfile, stage: Stage): string {
  return stage.from.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => dockerfile.globalArgs[braced ?? bare ?? ''] ?? '')
}

export function finalStage (dockerfile: Dockerfile): Stage {
  const stage = dockerfile.stages.at(-1)
  if (stage === undefined) throw new Error('the Dockerfile has no FROM')
  return stage
}

export function stageNamed (dockerfile: Dockerfile, name: string): Stage {
  const stage = dockerfile.stages.find(candidate => candidate.name === name)
  if (stage === undefined) throw new Error(`the Dockerfile has no stage named ${name}`)
  return stage
}

export function all (stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter(instruction => instruction.keyword === keyword)
}

export interface Copy {
  from: string | undefined
  sources: string[]
  destination: string
}

/** COPY in its shell form: `COPY [--from=X] [--chown=...] src... dest`. */
export function copies (stage: Stage): Copy[] {
  return all(stage, 'COPY').map(instruction => {
    const words = instruction.args.split(' ')
    const flags = words.filter(word => word.startsWith('--'))
    const paths = words.filter(word => !word.startsWith('--'))
    const from = flags.find(flag => flag.startsWith('--from='))?.slice('--from='.length)
    return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' }
  })
}

/** ENV in both forms (`ENV a=b c=d` and the legacy `ENV a b`), later values winning. */
export function environment (stage: Stage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const instruction of all(stage, 'ENV')) {
    const words = instruction.args.split(' ')
    if (!(words[0] ?? '').includes('=')) {
      out[words[0] ?? ''] = unquote(words.slice(1).join(' '))
      continue
    }
    for (const word of words) {
      const at = word.indexOf('=')
      out[word.slice(0, at)] = unquote(word.slice(at + 1))
    }
  }
  return out
}

/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK ... CMD; undefined for the shell form. */
export function execForm (args: string): string[] | undefined {
  const start = args.indexOf('[')
  if (start === -1) return undefined
  const value: unknown = JSON.parse(args.slice(start))
  return Array.isArray(value) && value.every(item => typeof item === 'string') ? value : undefined
}

/** The commands of a RUN, split at `&&` (the Dockerfile joins steps that way). */
export function runCommands (stage: Stage): string[][] {
  return all(stage, 'RUN').flatMap(instruction => instruction.args.split('&&').map(command => command.trim().split(' ').filter(word => word !== '')))
}

// ---- Compose ----

export interface Variable {
  name: string
  /** `:-`, `-`, `:?`, `?`, `:+`, `+`, or '' for a plain `${NAME}`. */
  operator: string
  argument: string
}

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g

/** Every `${...}` a compose text uses (with `$$`, the escaped dollar, skipped). Comments excluded. */
export function composeVariables (text: string): Variable[] {
  const out: Variable[] = []
  for (const line of text.split('\n')) {
    const content = stripComment(line)
    for (const match of content.matchAll(VARIABLE)) {
      if (match[0] === '$$') continue
      out.push({ name: match[1] ?? match[4] ?? '', operator: match[4] !== undefined ? 'bare' : (match[2] ?? ''), argument: match[3] ?? '' })
    }
  }
  return out
}

/** YAML comment: a `#` at the start or after a blank, outside quotes. */
function stripComment (line: string): string {
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote !== undefined) { if (c === quote) quote = undefined; continue }
    if (c === '"' || c === "'") quote = c
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return line.slice(0, i)
  }
  return line
}

/** Compose's interpolation of one value: defaults, required values (throw) and `$$`. */
export function interpolate (value: string, env: Record<string, string | undefined>): string {
  return value.replace(VARIABLE, (whole, braced: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$'
    const name = braced ?? bare ?? ''
    const current = env[name]
    const set = current !== undefined
    const nonEmpty = set && current !== ''
    switch (operator) {
      case ':-': return nonEmpty ? current : (argument ?? '')
      case '-': return set ? current : (argument ?? '')
      case ':?': if (!nonEmpty) throw new Error(`${name}: ${argument ?? ''}`); return current
      case '?': if (!set) throw new Error(`${name}: ${argument ?? ''}`); return current
      case ':+': return nonEmpty ? (argument ?? '') : ''
      case '+': return set ? (argument ?? '') : ''
      default: return current ?? ''
    }
  })
}

/** Every string in a parsed YAML tree, interpolated. */
export function interpolateTree (value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env)
  if (Array.isArray(value)) return value.map(item => interpolateTree(item, env))
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateTree(item, env)]))
  return value
}

export interface ComposeFile {
  path: string
  text: string
  model: Json
}

export interface ComposeProject {
  /** compose.yaml, then each file it includes. */
  files: ComposeFile[]
  /** The included files' `env_file`, absolute. */
  includeEnvFiles: string[]
  name: unknown
  services: Record<string, Json>
  networks: Record<string, Json>
  volumes: Record<string, Json | null>
  /** Directory against which each service's relative paths resolve. */
  serviceDirs: Record<string, string>
}

/** docker/compose.yaml and what it includes, merged (resources do not overlap here). */
export function loadCompose (): ComposeProject {
  const mainText = readFileSync(COMPOSE_FILE, 'utf8')
  const main = obj(parse(mainText), 'compose.yaml')
  const project: ComposeProject = { files: [{ path: COMPOSE_FILE, text: mainText, model: main }], includeEnvFiles: [], name: main.name, services: {}, networks: {}, volumes: {}, serviceDirs: {} }
  const add = (model: Json, dir: string): void => {
    for (const [name, service] of Object.entries(obj(model.services ?? {}, 'services'))) {
      project.services[name] = obj(service, `service ${name}`)
      project.serviceDirs[name] = dir
    }
    Object.assign(project.networks, obj(model.networks ?? {}, 'networks'))
    Object.assign(project.volumes, obj(model.volumes ?? {}, 'volumes'))
  }
  add(main, dirname(COMPOSE_FILE))
  const includes = Array.isArray(main.include) ? main.include : []
  for (const entry of includes) {
    const include = typeof entry === 'string' ? { path: entry } : obj(entry, 'include entry')
    const paths = (Array.isArray(include.path) ? include.path : [include.path]).map(String)
    for (const envFile of Array.isArray(include.env_file) ? include.env_file : include.env_file === undefined ? [] : [include.env_file]) {
      project.includeEnvFiles.push(resolve(dirname(COMPOSE_FILE), String(envFile)))
    }
    for (const path of paths) {
      const absolute = resolve(dirname(COMPOSE_FILE), path)
      const text = readFileSync(absolute, 'utf8')
      const model = obj(parse(text), path)
      project.files.push({ path: absolute, text, model })
      add(model, dirname(absolute))
    }
  }
  return project
}

/** Labels in either compose form (mapping, or a list of `key=value`). */
export function labels (service: Json): Record<string, string> {
  const raw = service.labels
  if (Array.isArray(raw)) {
    return Object.fromEntries(raw.map(String).map(item => {
      const at = item.indexOf('=')
      return at === -1 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)]
    }))
  }
  return Object.fromEntries(Object.entries(obj(raw ?? {}, 'labels')).map(([key, value]) => [key, String(value)]))
}

/** `environment` in either compose form. */
export function serviceEnvironment (service: Json): Record<string, string> {
  const raw = service.environment
  if (Array.isArray(raw)) {
    return Object.fromEntries(raw.map(String).map(item => {
      const at = item.indexOf('=')
      return at === -1 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)]
    }))
  }
  return Object.fromEntries(Object.entries(obj(raw ?? {}, 'environment')).map(([key, value]) => [key, String(value)]))
}

/** A list-valued compose attribute that may also be written as one string. */
export function list (value: unknown): string[] {
  if (value === undefined || value === null) return []
  return (Array.isArray(value) ? value : [value]).map(item => isObject(item) ? JSON.stringify(item) : String(item))
}

/**
 * Traefik dynamic configuration as label keys: `{http: {middlewares: {m: {headers: {frameDeny:
 * true}}}}}` becomes `traefik.http.middlewares.m.headers.framedeny = "true"`. Traefik reads label
 * keys case-insensitively, so keys are lower-cased.
 */
export function asLabels (value: unknown, prefix = 'traefik'): Record<string, string> {
  if (!isObject(value)) return { [prefix.toLowerCase()]: Array.isArray(value) ? value.join(',') : String(value) }
  return Object.assign({}, ...Object.entries(value).map(([key, item]) => asLabels(item, `${prefix}.${key}`)))
}
