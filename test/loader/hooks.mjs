// Module hooks that run TypeScript: esbuild strips the types, file by file, in milliseconds.
// Why not tap's @tapjs/typescript (ts-node): it costs seconds of CPU in every test process.
// Why not tsx: it minifies whitespace, so V8's coverage of a file collapses onto a few lines
// and every file reads 100% covered. Here the output keeps the source's lines, with an inline
// source map for stack traces and coverage. Types are checked by `npm run typecheck`.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { transform } from 'esbuild'

/** Sources import each other as `./x.js` (what tsc emits); in a checkout the file is `./x.ts`. */
export async function resolve (specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context)
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/^\.\.?\//.test(specifier) || !specifier.endsWith('.js')) throw error
    return await nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context)
  }
}

export async function load (url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return await nextLoad(url, context)
  const path = fileURLToPath(url)
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcemap: 'inline',
    sourcefile: path,
    sourcesContent: false
  })
  return { format: 'module', source: code, shortCircuit: true }
}
