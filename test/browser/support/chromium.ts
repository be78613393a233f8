import { existsSync } from 'node:fs'

/** Debian's chromium package; override with CHROMIUM_PATH. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumInstalled = (): boolean => existsSync(chromiumPath())

/**
 * Headless, and quiet on the network: this machine's network is closed, and without these flags
 * Chromium keeps trying Google's hosts.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
]
