import { describe, expect, it } from 'vitest'
import { acceptNextDialog, cleanScreenshot, eventually, localDay, newWatchedPage, openCrm } from './support/owner-console.js'
import { usePanelHarness } from './support/panel-harness.js'

// The standalone CRM (/crm/?tenant=…): login with the owner key, the kanban (allowed moves only),
// the KPIs and the customer simulator.

const harness = usePanelHarness()

const leadOf = async (tenantId: string, leadId: string) => {
  const listed = await harness.app.api(`/api/tenants/${tenantId}/leads?limit=200`)
  return (listed.body.items as Array<{ lead_id: string; stage: string }>).find((lead) => lead.lead_id === leadId)
}

describe('/crm/?tenant=', () => {
  it('logs in with the owner key, shows the tenant, and moves a lead on the kanban only along allowed transitions', async () => {
    const tenant = await harness.createConfiguredTenant('Clínica Sorriso')
    const created = await harness.app.api(`/api/tenants/${tenant.tenant_id}/leads`, {
      method: 'POST',
      body: { customer_phone: '(11) 98765-1234', name: 'Mariana Souza', source: 'manual' },
    })
    expect(created.status).toBe(201)
    const leadId = created.body.lead_id as string
    await harness.app.api(`/api/tenants/${tenant.tenant_id}/leads`, { method: 'POST', body: { customer_phone: '21998887766', name: 'João Lima', source: 'whatsapp' } })

    const { page, errors } = await newWatchedPage(harness)
    await openCrm(harness, page, tenant)
    await page.getByText('Clínica Sorriso').first().waitFor()
    // KPI cards from GET …/leads/kpis.
    await page.locator('.crm-kpi-total .crm-kpi-value', { hasText: '2' }).waitFor()

    await page.getByRole('tab', { name: 'Pipeline' }).click()
    const card = page.locator('.crm-lead', { hasText: 'Mariana Souza' })
    await card.waitFor()
    const column = (label: string) => page.locator(`.crm-column[data-stage="${label}"]`)
    expect(await column('new').locator('.crm-lead', { hasText: 'Mariana Souza' }).count()).toBe(1)

    // Drag-and-drop to an allowed stage: new → contacted.
    await card.dragTo(column('contacted'))
    await column('contacted').locator('.crm-lead', { hasText: 'Mariana Souza' }).waitFor()
    await eventually(async () => expect((await leadOf(tenant.tenant_id, leadId))?.stage).toBe('contacted'))

    // contacted → won is not allowed: refused with a toast, the server keeps "contacted".
    await column('contacted').locator('.crm-lead', { hasText: 'Mariana Souza' }).dragTo(column('won'))
    await page.locator('.toast.error', { hasText: 'Não é possível mover de Contatado para Ganho' }).waitFor()
    expect((await leadOf(tenant.tenant_id, leadId))?.stage).toBe('contacted')
    expect(await column('won').locator('.crm-lead').count()).toBe(0)

    // The keyboard alternative: "Mover para…" lists only the allowed stages.
    const select = page.getByLabel('Mover Mariana Souza para…')
    const options = await select.locator('option').allTextContents()
    expect(options).toEqual(['Mover para…', 'Qualificado', 'Perdido', 'Nutrição'])
    await select.selectOption({ label: 'Qualificado' })
    await column('qualified').locator('.crm-lead', { hasText: 'Mariana Souza' }).waitFor()
    await eventually(async () => expect((await leadOf(tenant.tenant_id, leadId))?.stage).toBe('qualified'))
    await page.locator('.crm-chart-stage .crm-bar-row', { hasText: 'Qualificado' }).locator('.crm-bar-value', { hasText: '1' }).waitFor()

    // The server refuses a disallowed move too (409), whatever the client does.
    const refused = await harness.app.api(`/api/tenants/${tenant.tenant_id}/leads/${leadId}/move`, { method: 'POST', body: { stage: 'won' } })
    expect(refused.status).toBe(409)

    await cleanScreenshot(harness, page, 'crm')
    expect(errors).toEqual([])
  })

  it('shows the owner its own tenant, with a note, when the link names another tenant', async () => {
    const mine = await harness.createTenant('Loja Aurora')
    const other = await harness.createTenant('Outra Loja')
    const page = await harness.newPage()
    await page.goto(`${harness.app.url}/crm/?tenant=${other.tenant_id}`)
    // The login refuses the owner key with another tenant's id, without saying which part was wrong.
    await page.getByLabel('Token de acesso').fill(mine.owner_access_key)
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.getByText('Acesso recusado. Confira o tenant e o token.').waitFor()
    // Logged in to its own tenant (e.g. through the owner console), the link still shows only its own.
    await page.getByLabel('Tenant').fill(mine.tenant_id)
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.getByRole('button', { name: 'Sair' }).waitFor()
    await page.goto(`${harness.app.url}/crm/?tenant=${other.tenant_id}`)
    await page.getByRole('button', { name: 'Sair' }).waitFor()
    await page.getByText(`a sua chave de acesso é de “${mine.tenant_id}”`).waitFor()
    await page.getByText('Loja Aurora').first().waitFor()
    expect(await page.getByText('Outra Loja').count()).toBe(0)
    expect(new URL(page.url()).searchParams.get('tenant')).toBe(mine.tenant_id)

    await page.getByRole('button', { name: 'Sair' }).click()
    await page.getByLabel('Token de acesso').waitFor()

    // The operator (admin token) sees the tenant the link names.
    await page.goto(`${harness.app.url}/crm/?tenant=${other.tenant_id}`)
    expect(await page.getByLabel('Tenant').inputValue()).toBe(other.tenant_id)
    await page.getByLabel('Token de acesso').fill(harness.app.adminToken)
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.getByRole('button', { name: 'Trocar tenant' }).waitFor()
    await page.getByText('Outra Loja').first().waitFor()
    expect(await page.locator('.crm-note').count()).toBe(0)
  })

  it('answers in the customer simulator with the agent’s replies and tool calls', async () => {
    const tenant = await harness.createConfiguredTenant('Pet Shop Bichos')
    await harness.configure(tenant.tenant_id, { business: { services: [{ name: 'Banho', duration_minutes: 60, price_cents: 6000 }], hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']] } } })
    harness.openai.reset()
    harness.openai.script([
      { toolCalls: [{ name: 'find_available_slots', arguments: { service: 'Banho' } }] },
      { content: 'Oi! Temos horário para Banho na segunda às 10:00. Quer reservar?' },
    ])
    const { page, errors } = await newWatchedPage(harness)
    await openCrm(harness, page, tenant)
    await page.getByRole('tab', { name: 'Simulador' }).click()
    expect(await page.getByLabel('Telefone do cliente').inputValue()).toBe('+55 11 90000-0001')
    await page.getByLabel('Mensagem do cliente').fill('Oi, tem horário para banho?')
    await page.getByRole('button', { name: 'Enviar como cliente' }).click()
    await page.getByText('Temos horário para Banho na segunda às 10:00').waitFor()
    await page.locator('.crm-tool', { hasText: 'find_available_slots' }).waitFor()
    await page.locator('.crm-msg-in', { hasText: 'Oi, tem horário para banho?' }).waitFor()

    // The simulated customer is a real conversation of the tenant (not sent through WhatsApp).
    await page.getByRole('tab', { name: 'Inbox' }).click()
    await page.locator('.crm-conv', { hasText: '+55 (11) 90000-0001' }).click()
    await page.locator('.crm-msg-out', { hasText: 'Temos horário para Banho' }).locator('.crm-tool', { hasText: 'find_available_slots' }).waitFor()
    expect(harness.evolution.sentTexts()).toEqual([])

    // The simulated conversation is still there after switching tabs.
    await page.getByRole('tab', { name: 'Simulador' }).click()
    await page.locator('.crm-sim-log .crm-tool', { hasText: 'find_available_slots' }).waitFor()
    expect(errors).toEqual([])
  })

  it('schedules and cancels a follow-up, and sends a campaign to the leads of a stage', async () => {
    const tenant = await harness.createConfiguredTenant('Barbearia do Zé')
    await harness.app.api(`/api/tenants/${tenant.tenant_id}/leads`, { method: 'POST', body: { customer_phone: '11987651234', name: 'Mariana Souza' } })
    const tomorrow = localDay(1)
    const { page, errors } = await newWatchedPage(harness)
    await openCrm(harness, page, tenant)
    await page.getByRole('tab', { name: 'Follow-ups e campanhas' }).click()
    await page.getByText('Nenhum follow-up agendado.').waitFor()

    await page.getByLabel('Telefone do cliente').fill('(11) 98765-1234')
    await page.getByLabel('Data e hora').fill(`${tomorrow}T10:30`)
    await page.getByLabel('Mensagem do follow-up').fill('Oi Mariana! Passando para lembrar do seu corte amanhã.')
    await page.getByRole('button', { name: 'Agendar follow-up' }).click()
    const row = page.locator('tr', { hasText: 'Passando para lembrar do seu corte' })
    await row.getByText('Agendado').waitFor()
    await row.getByText('Mariana Souza').waitFor()
    await row.getByText(`${tomorrow.split('-').reverse().join('/')}, 10:30`).waitFor()

    acceptNextDialog(page)
    await row.getByRole('button', { name: 'Cancelar' }).click()
    await page.getByText('Nenhum follow-up agendado.').waitFor()
    const followUps = await harness.app.api(`/api/tenants/${tenant.tenant_id}/follow-ups`)
    expect(followUps.body.items.map((item: { status: string }) => item.status)).toEqual(['cancelled'])

    await page.getByLabel('Nome da campanha').fill('Retorno de dezembro')
    await page.getByLabel('Mensagem da campanha').fill('Oi! Que tal agendar seu próximo corte?')
    await page.getByLabel('Novo', { exact: true }).check()
    acceptNextDialog(page)
    await page.getByRole('button', { name: 'Enviar campanha' }).click()
    await page.locator('.toast.ok', { hasText: 'Campanha criada: 1 destinatário(s)' }).waitFor()
    await page.locator('tr', { hasText: 'Retorno de dezembro' }).getByText('1', { exact: true }).waitFor()
    const campaigns = await harness.app.api(`/api/tenants/${tenant.tenant_id}/campaigns`)
    expect(campaigns.body.items[0]).toMatchObject({ name: 'Retorno de dezembro', audience: { stages: ['new'] }, recipients: 1 })
    expect(errors).toEqual([])
  })
})
