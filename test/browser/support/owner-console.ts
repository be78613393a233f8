// Helpers of the panel's browser tests: waiting for server state, watching a page's errors,
// logging in to the owner console and to /crm/, and screenshots without stale toasts.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { CreatedTenant, PanelHarness } from './panel-harness.js'

/** Retries `check` until it stops throwing (server state that changes after a click). */
export const eventually = async <T>(check: () => Promise<T>, timeoutMs = 8000): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/**
 * Uncaught errors and console errors of a page. The browser's own "Failed to load resource" lines
 * are left out: they are logged for every expected 4xx (the session check before login, a refused
 * tenant).
 */
export const watchErrors = (page: Page): string[] => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`)
  })
  return errors
}

/** A fresh browser profile's page, with its errors watched (see `watchErrors`). */
export const newWatchedPage = async (harness: PanelHarness): Promise<{ page: Page; errors: string[] }> => {
  const page = await harness.newPage()
  return { page, errors: watchErrors(page) }
}

/** Accepts the next window.confirm (an action that asks first). */
export const acceptNextDialog = (page: Page): void => {
  page.once('dialog', (dialog) => void dialog.accept())
}

/** A local date (YYYY-MM-DD) `days` from today in `timeZone`. */
export const localDay = (days: number, timeZone = 'America/Sao_Paulo'): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000))

/**
 * Opens /owner/ (with `?tenant=` and a module hash), logs in through the login screen and waits
 * for the shell. `tenantId` fills the login's Tenant field (owner keys need it).
 */
export const openOwnerConsole = async (
  harness: PanelHarness,
  page: Page,
  options: { token: string; tenantId?: string; tenantParam?: string; module?: string },
): Promise<void> => {
  const query = options.tenantParam ? `?tenant=${encodeURIComponent(options.tenantParam)}` : ''
  const hash = options.module ? `#/${options.module}` : ''
  await page.goto(`${harness.app.url}/owner/${query}${hash}`)
  await page.getByLabel('Token de acesso').waitFor()
  if (options.tenantId !== undefined) await page.locator('#login-tenant').fill(options.tenantId)
  await page.getByLabel('Token de acesso').fill(options.token)
  await page.getByRole('button', { name: 'Entrar' }).click()
  await page.getByRole('button', { name: 'Sair' }).waitFor()
}

/** The operator, on one tenant's module. */
export const openAsAdmin = (harness: PanelHarness, page: Page, tenantId: string, module: string): Promise<void> =>
  openOwnerConsole(harness, page, { token: harness.app.adminToken, tenantParam: tenantId, module })

/** A fresh page (errors watched) with the operator on one tenant's module. */
export const openModuleAsAdmin = async (harness: PanelHarness, tenantId: string, module: string): Promise<{ page: Page; errors: string[] }> => {
  const opened = await newWatchedPage(harness)
  await openAsAdmin(harness, opened.page, tenantId, module)
  return opened
}

/**
 * Opens /crm/?tenant= and logs in through its login screen (the Tenant field comes filled from
 * the link), with the owner key unless `token` says otherwise.
 */
export const openCrm = async (harness: PanelHarness, page: Page, tenant: CreatedTenant, token = tenant.owner_access_key, tenantParam = tenant.tenant_id): Promise<void> => {
  await page.goto(`${harness.app.url}/crm/?tenant=${encodeURIComponent(tenantParam)}`)
  await page.getByRole('heading', { name: 'CRM WhatsApp' }).waitFor()
  expect(await page.getByLabel('Tenant').inputValue()).toBe(tenantParam)
  await page.getByLabel('Token de acesso').fill(token)
  await page.getByRole('button', { name: 'Entrar' }).click()
  await page.getByRole('button', { name: 'Sair' }).waitFor()
}

/** A region (a card titled `name`). */
export const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true })

/** docs/screenshots/<name>.png without the toasts of earlier steps, from the top of the page. */
export const cleanScreenshot = async (harness: PanelHarness, page: Page, name: string): Promise<void> => {
  await page.locator('.toast').evaluateAll((toasts) => toasts.forEach((toast) => toast.remove()))
  await page.evaluate(() => window.scrollTo(0, 0))
  await harness.screenshot(page, name)
}
