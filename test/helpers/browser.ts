import { existsSync } from 'node:fs'
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
