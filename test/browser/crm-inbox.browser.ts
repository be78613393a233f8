import { describe, expect, it } from 'vitest'
import { cleanScreenshot, eventually, newWatchedPage, openCrm, region } from './support/owner-console.js'
import { usePanelHarness, type CreatedTenant } from './support/panel-harness.js'

// The WhatsApp inbox of 02 CRM WhatsApp: a conversation that arrived through the Evolution
// webhook, its unread badge, a human reply sent through (fake) Evolution, pause/resume, and a
// suggest-mode draft sent from the inbox.

const harness = usePanelHarness()

const setAgentMode = (tenant: CreatedTenant, mode: 'off' | 'suggest') => harness.configure(tenant.tenant_id, { conversation: { customer_agent_mode: mode } })

/**
 * Mariana's text message (fixtures/evolution/messages-upsert.text.json) posted to the tenant's
 * webhook URL + token. The URL is built from PUBLIC_BASE_URL, so its path is used on this server.
 */
const customerWrites = async (tenant: CreatedTenant) => {
  const webhook = `${harness.app.url}${new URL(tenant.webhook_url).pathname}?token=${tenant.webhook_token}`
  // Sent now: older messages are only recorded, never answered (conversation.max_catch_up_age_minutes).
  const body = harness.evolution.fixture('messages-upsert.text', (fixture) => {
    fixture.data.messageTimestamp = Math.floor(Date.now() / 1000)
  })
  const posted = await harness.evolution.postWebhook(webhook, body)
  expect(posted.status).toBe(200)
}

const conversationsOf = async (tenantId: string) => (await harness.app.api(`/api/tenants/${tenantId}/conversations`)).body.items as Array<Record<string, any>>

describe('02 CRM WhatsApp inbox', () => {
  it('shows a conversation that arrived by webhook with an unread badge, clears it when opened, and answers as a human through Evolution', async () => {
    const tenant = await harness.createConfiguredTenant('Loja Aurora')
    await setAgentMode(tenant, 'off')
    harness.evolution.reset()
    await customerWrites(tenant)
    await eventually(async () => expect((await conversationsOf(tenant.tenant_id))[0]?.unread_count).toBe(1))

    const { page, errors } = await newWatchedPage(harness)
    await harness.login(page, { token: tenant.owner_access_key, tenantId: tenant.tenant_id })
    await page.getByRole('link', { name: /CRM WhatsApp/ }).click()
    await page.getByRole('tab', { name: 'Inbox', selected: true }).waitFor()

    const item = page.locator('.crm-conv', { hasText: 'Mariana Souza' })
    await item.locator('.crm-unread', { hasText: '1' }).waitFor()
    await item.getByText('bolo de cenoura', { exact: false }).waitFor()

    await item.click()
    await page.locator('.crm-msg-in', { hasText: 'Vocês têm bolo de cenoura com cobertura de chocolate hoje?' }).waitFor()
    await item.locator('.crm-unread').waitFor({ state: 'detached' })
    await eventually(async () => expect((await conversationsOf(tenant.tenant_id))[0]?.unread_count).toBe(0))

    // Pause and resume the bot for this contact.
    await page.getByRole('button', { name: 'Pausar bot' }).click()
    await page.getByText(/Bot pausado até \d\d:\d\d — pausado pelo painel/).waitFor()
    expect((await conversationsOf(tenant.tenant_id))[0]?.paused_until).not.toBeNull()
    await item.locator('.crm-paused').waitFor()
    await page.getByRole('button', { name: 'Retomar bot' }).click()
    await page.getByText('Bot ativo nesta conversa').waitFor()
    expect((await conversationsOf(tenant.tenant_id))[0]?.paused_until).toBeNull()

    // Reply as a human: queued (202), sent through Evolution by the worker, then shown in the transcript.
    await page.getByLabel('Responder como atendente').fill('Oi Mariana, temos sim! Separo um para você?')
    await page.getByRole('button', { name: 'Enviar', exact: true }).click()
    const [sent] = await harness.evolution.waitForSentTexts(1, 10_000)
    expect(sent?.text).toBe('Oi Mariana, temos sim! Separo um para você?')
    expect(sent?.number).toContain('5511987651234')
    const outbound = page.locator('.crm-msg-out.crm-msg-human', { hasText: 'Separo um para você?' })
    await outbound.locator('.crm-msg-author', { hasText: 'Atendente' }).waitFor()
    await page.locator('.crm-msg-pending').waitFor({ state: 'detached', timeout: 10_000 })
    expect(await page.getByLabel('Responder como atendente').inputValue()).toBe('')

    await cleanScreenshot(harness, page, '02-crm')
    expect(errors).toEqual([])
  })

  it('shows the suggest-mode draft in the composer and sends it from the inbox', async () => {
    const tenant = await harness.createConfiguredTenant('Confeitaria Doce Lar')
    await setAgentMode(tenant, 'suggest')
    harness.evolution.reset()
    harness.openai.reset()
    harness.openai.script([{ content: 'Temos sim, Mariana! Sai do forno às 15h. Quer que eu separe um?' }])
    await customerWrites(tenant)
    await eventually(async () => expect((await conversationsOf(tenant.tenant_id))[0]?.draft_reply).toContain('Sai do forno às 15h'), 10_000)
    expect(harness.evolution.sentTexts()).toEqual([])

    const { page, errors } = await newWatchedPage(harness)
    await openCrm(harness, page, tenant)
    const item = page.locator('.crm-conv', { hasText: 'Mariana Souza' })
    await item.locator('.crm-has-draft').waitFor()
    await item.click()

    const draft = page.getByRole('region', { name: 'Sugestão do fabio' })
    await draft.getByText('Temos sim, Mariana! Sai do forno às 15h. Quer que eu separe um?').waitFor()
    // "Editar sugestão" puts it in the composer; sending it as it is uses "Enviar sugestão".
    await draft.getByRole('button', { name: 'Editar sugestão' }).click()
    expect(await page.getByLabel('Responder como atendente').inputValue()).toBe('Temos sim, Mariana! Sai do forno às 15h. Quer que eu separe um?')
    await page.getByLabel('Responder como atendente').fill('')
    await draft.getByRole('button', { name: 'Enviar sugestão' }).click()

    const [sent] = await harness.evolution.waitForSentTexts(1, 10_000)
    expect(sent?.text).toBe('Temos sim, Mariana! Sai do forno às 15h. Quer que eu separe um?')
    await draft.waitFor({ state: 'hidden' })
    await page.locator('.crm-msg-out.crm-msg-human', { hasText: 'Sai do forno às 15h' }).waitFor({ timeout: 10_000 })
    await eventually(async () => expect((await conversationsOf(tenant.tenant_id))[0]?.draft_reply).toBeNull())
    expect(errors).toEqual([])
  })
})
