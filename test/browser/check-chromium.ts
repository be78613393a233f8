import { chromiumInstalled, chromiumPath } from './support/chromium.js'

// `npm run test:e2e` starts here, so a machine without Chromium gets one clear line, not a
// stack trace from deep inside playwright.
if (!chromiumInstalled()) {
  console.error(
    `No Chromium at ${chromiumPath()}. The browser tests need Debian's chromium package: apt-get install -y chromium (or set CHROMIUM_PATH).`,
  )
  process.exit(1)
}
