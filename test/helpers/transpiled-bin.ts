// A bin/ entry point and every module it imports, transpiled to JavaScript in a temporary folder
// (as `npm run build` does, without type-checking and only these files): tests then run it as a
// plain `node <file>.js`, fast enough to run dozens of times, whatever state dist/ is in.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { createRequire } from 'node:module'
import type TypeScript from 'typescript'

// Required, not imported, and only when a bin is transpiled: importing the 9 MB CommonJS
// typescript from an ES module scans it all for export names first (half a second of CPU), and
// a test that only wants binEnv() needs none of it.
function typescript (): typeof TypeScript {
  return createRequire(import.meta.url)('typescript') as typeof TypeScript
}

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * The environment to run a transpiled entry point in: this process's, without the coverage hook
 * tap adds to every child's NODE_OPTIONS. The copy lies outside the checkout, so the hook would
 * record nothing the report keeps, and it costs each run about a second on a busy machine.
 */
export function binEnv (): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _coverageHook, ...env } = process.env
  return env
}

/** Transpiles `entry` (e.g. `bin/aegis-keys.ts`) and its imports; returns the entry's .js path. */
export function transpiledBin (entry: string): string {
  const ts = typescript()
  const out = mkdtempSync(join(tmpdir(), 'aegis-bin-build-'))
  writeFileSync(join(out, 'package.json'), '{"type":"module"}')
  const pending = [entry]
  const done = new Set<string>()
  while (pending.length > 0) {
    const file = pending.pop() as string
    if (done.has(file)) continue
    done.add(file)
    const source = readFileSync(join(ROOT, file), 'utf8')
    for (const match of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      pending.push(relative(ROOT, resolve(ROOT, dirname(file), `${match[1] ?? ''}.ts`)))
    }
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: file })
    mkdirSync(join(out, dirname(file)), { recursive: true })
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText)
  }
  return join(out, entry.replace(/\.ts$/, '.js'))
}
