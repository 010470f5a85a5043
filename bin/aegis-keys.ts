#!/usr/bin/env node
import { runAegisKeys } from '../lib/keys/cli.js'

process.exitCode = await runAegisKeys(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
  cwd: process.cwd(),
  now: () => new Date()
})
