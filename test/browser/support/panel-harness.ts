import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { startFakeEvolution, type FakeEvolution } from '../../support/fake-evolution.js'
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.js'
import { randomTenantId } from '../../support/factories.js'
import { startTestFabio, type TestFabio } from '../../support/start-test-fabio.js'
import { chromiumArgs, chromiumPath } from './chromium.js'

// `npm run screenshots` refreshes the committed ones in docs/screenshots; a plain test run writes
// to .tmp/screenshots so it leaves the work tree clean.
const screenshotsDir = fileURLToPath(
  new URL(process.env.FABIO_SCREENSHOTS === 'docs' ? '../../../docs/screenshots/' : '../../../.tmp/screenshots/', import.meta.url),
)

export interface CreatedTenant {
  tenant_id: string
  owner_access_key: string
  webhook_token: string
  webhook_url: string
}

export interface PanelHarness {
  app: TestFabio
  openai: FakeOpenAI
  evolution: FakeEvolution
  browser: Browser
  /** A fresh browser profile (its own cookies) with one page; closed by `stop`. */
  newPage(): Promise<Page>
  /** Creates a tenant through the API with the admin token. */
  createTenant(displayName?: string): Promise<CreatedTenant>
  /** A tenant wired to the fake OpenAI and fake Evolution, with an owner number. */
  createConfiguredTenant(displayName?: string): Promise<CreatedTenant>
  /** Saves a tenant config merge patch through the API (expects 200). */
  configure(tenantId: string, patch: Record<string, unknown>): Promise<void>
  /** Logs in through the login screen of /owner/ (or `path`), and waits for the shell. */
  login(page: Page, credentials: { token: string; tenantId?: string }, path?: string): Promise<void>
  /** Saves <name>.png (full page) in .tmp/screenshots, or docs/screenshots with FABIO_SCREENSHOTS=docs. */
  screenshot(page: Page, name: string): Promise<void>
  stop(): Promise<void>
}

export const OWNER_NUMBER = '5511988880000'

/** fabio in-process on a real port, fake OpenAI and Evolution servers, and a headless Chromium. */
export const startPanelHarness = async (): Promise<PanelHarness> => {
  const openai = await startFakeOpenAI()
  const evolution = await startFakeEvolution({ simulateDelays: false })
  const app = await startTestFabio()
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true })
  const contexts: BrowserContext[] = []

  const createTenant = async (displayName?: string): Promise<CreatedTenant> => {
    const response = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: randomTenantId(), display_name: displayName } })
    expect(response.status).toBe(201)
    return response.body as CreatedTenant
  }

  const configure = async (tenantId: string, patch: Record<string, unknown>): Promise<void> => {
    const saved = await app.api(`/api/tenants/${tenantId}/config`, { method: 'PUT', body: patch })
    expect(saved.status).toBe(200)
  }

  return {
    app,
    openai,
    evolution,
    browser,
    newPage: async () => {
      const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1366, height: 900 } })
      contexts.push(context)
      return context.newPage()
    },
    createTenant,
    createConfiguredTenant: async (displayName) => {
      const tenant = await createTenant(displayName)
      await configure(tenant.tenant_id, {
        owner_numbers: [OWNER_NUMBER],
        openai: { api_key: 'sk-test-panel', base_url: openai.url },
        evolution: { base_url: evolution.url, api_key: evolution.apiKey, instance: evolution.instance },
        conversation: { debounce_ms: 0 },
      })
      return tenant
    },
    configure,
    login: async (page, { token, tenantId }, path = '/owner/') => {
      await page.goto(`${app.url}${path}`)
      if (tenantId) await page.getByLabel('Tenant').first().fill(tenantId)
      await page.getByLabel('Token de acesso').fill(token)
      await page.getByRole('button', { name: 'Entrar' }).click()
      await page.getByRole('button', { name: 'Sair' }).waitFor()
    },
    screenshot: async (page, name) => {
      await mkdir(screenshotsDir, { recursive: true })
      await page.screenshot({ path: `${screenshotsDir}${name}.png`, fullPage: true })
    },
    stop: async () => {
      for (const context of contexts) await context.close().catch(() => undefined)
      await browser.close()
      await app.stop()
      await evolution.close()
      await openai.close()
    },
  }
}

/**
 * The test file's harness, started before its tests and stopped after them:
 * `const harness = usePanelHarness()` at the top of a browser test file.
 */
export const usePanelHarness = (): PanelHarness => {
  let started: PanelHarness | undefined
  beforeAll(async () => {
    started = await startPanelHarness()
  })
  afterAll(async () => {
    await started?.stop()
  })
  return new Proxy({} as PanelHarness, {
    get: (_target, key) => {
      if (!started) throw new Error('the panel harness is used before beforeAll started it')
      return Reflect.get(started, key)
    },
  })
}
