import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Test } from 'tap'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium (package `chromium`, which .ci/run installs): no browser download is possible here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Headless, and quiet on the network: without the background-networking switches Chromium
// keeps dialling Google's hosts, which a closed network refuses many times over.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage'
]

/**
 * A headless Chromium, closed with the test (Playwright gives it a new, empty profile). A machine without
 * Chromium fails the test with the command that installs it: a browser test never skips.
 */
export async function launchChromium (t: Test): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`)
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
  t.teardown(async () => { await browser.close() })
  return browser
}

/**
 * Where screenshots go: docs/images/ with UPDATE_SCREENSHOTS=1 (to refresh
 * the guides' pictures), otherwise a fresh temporary folder.
 */
export function screenshotDir (): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1'
    ? resolve(import.meta.dirname, '../../docs/images')
    : mkdtempSync(join(tmpdir(), 'aegis-screenshots-'))
  mkdirSync(dir, { recursive: true })
  return dir
}

/** A connector's own callback on loopback: `next()` resolves with the query of the next request it gets. */
export async function startCallback (t: Test): Promise<{ url: string, next: () => Promise<URLSearchParams> }> {
  const waiting: Array<(query: URLSearchParams) => void> = []
  const server = createServer((request: IncomingMessage, response) => {
    const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><title>Connected</title><h1>Connected</h1>')
    waiting.shift()?.(query)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return { url: `http://127.0.0.1:${port}/callback`, next: async () => await new Promise(resolve => { waiting.push(resolve) }) }
}
