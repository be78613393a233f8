import { describe, expect, it } from 'vitest'
import { cleanScreenshot, newWatchedPage, openAsAdmin, openOwnerConsole, region } from './support/owner-console.js'
import { usePanelHarness } from './support/panel-harness.js'

// Who sees what in the owner console: an owner key is bound to its tenant (UI and API), a wrong
// key is refused without saying why, logout ends the session; plus the layouts and palettes and
// the phone-width menu.

const harness = usePanelHarness()

describe('owner console access', () => {
  it('an owner key opens only its own tenant: the UI shows no other tenant and the API refuses another tenant with 401', async () => {
    const mine = await harness.createTenant('Loja Aurora')
    const other = await harness.createTenant('Clínica Vizinha')
    const { page, errors } = await newWatchedPage(harness)
    // Even with the other tenant in the URL, the session is bound to the key's tenant.
    await openOwnerConsole(harness, page, { token: mine.owner_access_key, tenantId: mine.tenant_id, tenantParam: other.tenant_id, module: '06-configuracoes' })
    await page.locator('.tenant-name', { hasText: `Loja Aurora (${mine.tenant_id})` }).waitFor()
    expect(new URL(page.url()).searchParams.get('tenant')).toBe(mine.tenant_id)
    expect(await page.getByRole('combobox', { name: 'Tenant ativo' }).count()).toBe(0)
    expect(await region(page, 'Tenant').getByLabel('Tenant', { exact: true }).getAttribute('readonly')).not.toBeNull()
    expect(await page.getByRole('button', { name: 'Criar tenant' }).count()).toBe(0)
    const text = await page.locator('body').innerText()
    expect(text).not.toContain(other.tenant_id)
    expect(text).not.toContain('Clínica Vizinha')

    // Straight to the API with the session cookie (and its CSRF token): refused.
    const statuses = await page.evaluate(async (otherId) => {
      const session = await (await fetch('/api/session')).json()
      const read = await fetch(`/api/tenants/${otherId}/config`)
      const list = await fetch('/api/tenants')
      const write = await fetch(`/api/tenants/${otherId}/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
        body: JSON.stringify({ display_name: 'Invadida' }),
      })
      const chat = await fetch(`/api/tenants/${otherId}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
        body: JSON.stringify({ as: 'owner', text: 'oi' }),
      })
      return [read.status, list.status, write.status, chat.status]
    }, other.tenant_id)
    expect(statuses).toEqual([401, 401, 401, 401])
    expect((await harness.app.api(`/api/tenants/${other.tenant_id}/config`)).body.display_name).toBe('Clínica Vizinha')

    // Its own tenant works, and the refusals above did not end the session.
    await page.getByRole('link', { name: /Operações/ }).click()
    await region(page, 'Registro de eventos').waitFor()
    await page.getByRole('button', { name: 'Sair' }).waitFor()
    expect(errors).toEqual([])
  })

  it('refuses a wrong key without saying whether the tenant or the key was wrong', async () => {
    const tenant = await harness.createTenant()
    const page = await harness.newPage()
    await page.goto(`${harness.app.url}/owner/`)
    await page.locator('#login-tenant').fill(tenant.tenant_id)
    await page.getByLabel('Token de acesso').fill('fok_not-the-key')
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.getByText('Acesso recusado. Confira o tenant e o token.').waitFor()
    await page.locator('#login-tenant').fill('no-such-tenant')
    await page.getByLabel('Token de acesso').fill(tenant.owner_access_key)
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.getByText('Acesso recusado. Confira o tenant e o token.').waitFor()
    expect(await page.getByRole('button', { name: 'Sair' }).count()).toBe(0)
  })

  it('"Sair" returns to the login screen and the session is gone', async () => {
    const tenant = await harness.createTenant()
    const { page, errors } = await newWatchedPage(harness)
    await openOwnerConsole(harness, page, { token: tenant.owner_access_key, tenantId: tenant.tenant_id, module: '07-memoria' })
    await page.getByRole('button', { name: 'Sair' }).click()
    await page.getByLabel('Token de acesso').waitFor()
    await page.getByRole('heading', { name: 'Console do Proprietário' }).waitFor()
    expect(await page.evaluate(async (id) => (await fetch(`/api/tenants/${id}/config`)).status, tenant.tenant_id)).toBe(401)
    await page.reload()
    await page.getByLabel('Token de acesso').waitFor()
    expect(await page.getByRole('button', { name: 'Sair' }).count()).toBe(0)
    expect(errors).toEqual([])
  })
})

describe('owner console looks', () => {
  it('applies the tenant’s layout and palette from its config', async () => {
    const tenant = await harness.createConfiguredTenant('Clínica Sorriso')
    const { page, errors } = await newWatchedPage(harness)
    const looks = [
      ['darkgreen', 'studio'],
      ['ocean', 'fabio2'],
      ['forest', 'studio'],
      ['sunset', 'fabio2'],
    ] as const
    let first = true
    for (const [palette, layout] of looks) {
      const saved = await harness.app.api(`/api/tenants/${tenant.tenant_id}/config`, { method: 'PUT', body: { panel: { palette, layout } } })
      expect(saved.status).toBe(200)
      if (first) await openAsAdmin(harness, page, tenant.tenant_id, '01-chat')
      else await page.reload()
      first = false
      await page.locator(`html[data-palette="${palette}"][data-layout="${layout}"]`).waitFor({ state: 'attached' })
      await page.getByText('Converse com o seu assistente').waitFor()
      await cleanScreenshot(harness, page, `palette-${palette}`)
    }
    expect(errors).toEqual([])
  })

  it('fits a phone: the sidebar opens from the "Menu" button and closes after choosing a module', async () => {
    const tenant = await harness.createConfiguredTenant()
    const page = await harness.newPage()
    await page.setViewportSize({ width: 390, height: 844 })
    await openAsAdmin(harness, page, tenant.tenant_id, '06-configuracoes')
    const menu = page.getByRole('button', { name: 'Menu' })
    const nav = page.getByRole('navigation', { name: 'Módulos' })
    expect(await nav.getByRole('link', { name: /Memória/ }).isVisible()).toBe(false)
    await menu.click()
    expect(await menu.getAttribute('aria-expanded')).toBe('true')
    await nav.getByRole('link', { name: /Memória/ }).click()
    await region(page, 'Manutenção da memória').waitFor()
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  })
})
