// The Fastify ecosystem's style (neostandard: standard, for TypeScript too).
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['dist/**', 'coverage/**', '.tap/**', 'tap-snapshots/**']
  }),
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
