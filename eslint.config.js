// The Fastify ecosystem's style (neostandard: standard, for TypeScript too).
import neostandard from 'neostandard'

export default [
  // A config object with only `ignores` ignores those paths globally (the build output among them).
  { ignores: ['dist/**', 'coverage/**', '.tap/**', 'tap-snapshots/**'] },
  ...neostandard({ ts: true }),
  {
    // TypeBox's idiom: a schema and its Static type share one name.
    rules: { '@typescript-eslint/no-redeclare': 'off' }
  },
  {
    // These tests check compose, shell and Actions interpolation: `${VAR}` in a plain string is the point.
    files: ['test/deploy/**'],
    rules: { 'no-template-curly-in-string': 'off' }
  }
]
