import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { acceptNextDialog, cleanScreenshot, eventually, localDay, newWatchedPage, region } from './support/owner-console.js'
import { usePanelHarness, type CreatedTenant } from './support/panel-harness.js'

// The owner console's business modules: 03 Clientes, 04 Agenda and 05 Cobrança.

const harness = usePanelHarness()

const EVERY_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['08:00', '18:00']]]))

/** The tenant's owner, logged in, on the module whose nav link says `label`. */
const openModule = async (tenant: CreatedTenant, label: string) => {
  const { page, errors } = await newWatchedPage(harness)
  await harness.login(page, { token: tenant.owner_access_key, tenantId: tenant.tenant_id })
  await page.getByRole('link', { name: new RegExp(label) }).click()
  return { page, errors }
}

describe('03 Clientes', () => {
  it('creates a customer, finds it, shows its detail and runs the LGPD export and erase', async () => {
    const tenant = await harness.createTenant('Estúdio Pilates Leve')
    await harness.app.api(`/api/tenants/${tenant.tenant_id}/customers`, { method: 'POST', body: { phone: '21998887766', display_name: 'João Lima' } })
    const { page, errors } = await openModule(tenant, 'Clientes')
    await page.getByRole('button', { name: 'João Lima' }).waitFor()

    // A phone that is not a phone: the error shows next to the field.
    await page.getByLabel('Nome', { exact: true }).fill('Maria Souza')
    await page.getByLabel('Telefone', { exact: true }).fill('abc')
    await page.getByRole('button', { name: 'Criar cliente' }).click()
    await page.locator('.field', { has: page.getByLabel('Telefone', { exact: true }) }).locator('.field-error', { hasText: /telefone|phone/i }).waitFor()
    expect(await page.getByLabel('Telefone', { exact: true }).getAttribute('aria-invalid')).toBe('true')

    await page.getByLabel('Telefone', { exact: true }).fill('(11) 98765-4321')
    await page.getByLabel('E-mail').fill('maria@example.com')
    await page.getByRole('button', { name: 'Criar cliente' }).click()
    await page.locator('.toast.ok', { hasText: 'Cliente Maria Souza criado.' }).waitFor()
    const detail = page.getByRole('region', { name: 'Detalhe do cliente' })
    await detail.getByRole('heading', { name: 'Maria Souza' }).waitFor()
    await detail.getByText('+55 (11) 98765-4321').waitFor()
    await detail.getByText('Nenhum agendamento.').waitFor()
    await detail.getByText('Nenhuma cobrança.').waitFor()
    const listed = await harness.app.api(`/api/tenants/${tenant.tenant_id}/customers?q=maria`)
    expect(listed.body.items.map((customer: { phone: string }) => customer.phone)).toEqual(['5511987654321'])

    await page.getByLabel('Buscar cliente').fill('98765')
    await page.getByRole('button', { name: 'João Lima' }).waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Maria Souza' }).waitFor()

    // LGPD: the export downloads a JSON file; the erase asks first.
    const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: 'Exportar dados' }).click()])
    expect(download.suggestedFilename()).toMatch(/\.json$/)
    const exported = JSON.parse(await readFile((await download.path()) as string, 'utf8'))
    expect(exported.customer.display_name).toBe('Maria Souza')
    expect(exported).toHaveProperty('memories')
    acceptNextDialog(page)
    await detail.getByRole('button', { name: 'Apagar memória' }).click()
    await page.locator('.toast.ok', { hasText: 'Memória apagada' }).waitFor()

    await page.getByLabel('Buscar cliente').fill('')
    await page.getByRole('button', { name: 'João Lima' }).waitFor()
    await cleanScreenshot(harness, page, '03-clientes')
    expect(errors).toEqual([])
  })
})

describe('04 Agenda', () => {
  it('books, shows in day and week views, refuses a taken slot, reschedules and cancels an appointment, and adds and removes a holiday', async () => {
    const tenant = await harness.createTenant('Clínica Sorriso')
    await harness.configure(tenant.tenant_id, {
      business: {
        services: [
          { name: 'Limpeza', duration_minutes: 45, price_cents: 15000 },
          { name: 'Clareamento', duration_minutes: 60, price_cents: 40000 },
        ],
        hours: EVERY_DAY,
      },
    })
    const tomorrow = localDay(1)
    const { page, errors } = await openModule(tenant, 'Agenda')
    await page.getByText('Nenhum agendamento neste dia.').waitFor()

    const book = async (phone: string, name: string, service: string, date: string, time: string) => {
      await page.getByLabel('Telefone do cliente').fill(phone)
      await page.getByLabel('Nome do cliente').fill(name)
      await page.getByLabel('Serviço').selectOption({ label: service === 'Limpeza' ? 'Limpeza · 45 min · R$ 150,00' : 'Clareamento · 60 min · R$ 400,00' })
      await page.getByLabel('Data', { exact: true }).fill(date)
      await page.getByLabel('Horário', { exact: true }).fill(time)
      await page.getByRole('button', { name: 'Agendar' }).click()
    }

    await book('(11) 98765-4321', 'Maria Souza', 'Limpeza', tomorrow, '10:00')
    const card = page.locator('.agenda-card', { hasText: 'Maria Souza' })
    await card.getByText('10:00–10:45').waitFor()
    const appointments = async () => (await harness.app.api(`/api/tenants/${tenant.tenant_id}/appointments`)).body.items as Array<Record<string, any>>
    const [booked] = await appointments()
    expect(booked).toMatchObject({ service_name: 'Limpeza', status: 'booked', start_at: `${tomorrow}T13:00:00.000Z` })

    // The same slot again: the server's 409 shows next to the form.
    await book('21998887766', 'João Lima', 'Limpeza', tomorrow, '10:15')
    await page.locator('.agenda-form .form-alert', { hasText: 'já está ocupado' }).waitFor()
    await book('21998887766', 'João Lima', 'Clareamento', tomorrow, '14:00')
    await page.locator('.agenda-card', { hasText: 'João Lima' }).getByText('14:00–15:00').waitFor()

    // Reschedule Maria to 11:00.
    await card.getByRole('button', { name: 'Remarcar' }).click()
    await card.getByLabel('Novo horário').fill('11:00')
    await card.getByRole('button', { name: 'Salvar novo horário' }).click()
    await page.locator('.agenda-card', { hasText: 'Maria Souza' }).getByText('11:00–11:45').waitFor()
    await eventually(async () => expect((await appointments()).find((item) => item.appointment_id === booked?.appointment_id)?.start_at).toBe(`${tomorrow}T14:00:00.000Z`))

    // The week view shows both.
    await page.getByRole('button', { name: 'Semana', exact: true }).click()
    await page.getByRole('heading', { name: /^Semana de/ }).waitFor()
    await page.locator('.agenda-week .agenda-card', { hasText: 'João Lima' }).waitFor()
    await page.locator('.agenda-week .agenda-card', { hasText: 'Maria Souza' }).waitFor()
    await cleanScreenshot(harness, page, '04-agenda')

    // Cancel Maria's (after confirming).
    acceptNextDialog(page)
    await page.locator('.agenda-card', { hasText: 'Maria Souza' }).getByRole('button', { name: 'Cancelar' }).click()
    await page.locator('.agenda-card', { hasText: 'Maria Souza' }).waitFor({ state: 'detached' })
    await eventually(async () => expect((await appointments()).find((item) => item.appointment_id === booked?.appointment_id)?.status).toBe('cancelled'))
    await page.getByLabel('Mostrar cancelados').check()
    await page.locator('.agenda-card.apt-cancelled', { hasText: 'Maria Souza' }).waitFor()

    // A holiday block on that day: listed, shown on the calendar, then removed.
    await page.getByText('Bloqueios e feriados').click()
    await page.getByText('Nenhum bloqueio ou feriado pela frente.').waitFor()
    await page.getByLabel('Início').fill(tomorrow)
    await page.getByLabel('Motivo').fill('Feriado municipal')
    await page.getByLabel('Tipo').selectOption({ label: 'Feriado' })
    await page.getByRole('button', { name: 'Adicionar bloqueio' }).click()
    await page.locator('.agenda-block', { hasText: 'Feriado: Feriado municipal' }).waitFor()
    const blocks = (await harness.app.api(`/api/tenants/${tenant.tenant_id}/agenda/blocks`)).body.items
    expect(blocks).toMatchObject([{ reason: 'Feriado municipal', kind: 'holiday', start_at: `${tomorrow}T03:00:00.000Z` }])
    acceptNextDialog(page)
    await page.getByRole('button', { name: 'Remover bloqueio Feriado municipal' }).click()
    await page.getByText('Nenhum bloqueio ou feriado pela frente.').waitFor()
    await page.locator('.agenda-block').waitFor({ state: 'detached' })
    expect(errors).toEqual([])
  }, 120_000)
})

describe('05 Cobrança', () => {
  it('creates a charge with its PIX QR code and copia-e-cola, and marks it paid', async () => {
    const tenant = await harness.createTenant('Fisioterapia Movimento')
    await harness.configure(tenant.tenant_id, { business: { pix: { key: 'financeiro@movimento.com.br', merchant_name: 'Fisio Movimento', merchant_city: 'Sao Paulo' } } })
    const { page, errors } = await openModule(tenant, 'Cobrança')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.app.url })
    await page.getByText('Nenhuma cobrança ainda.').waitFor()

    // An amount that is not money is refused next to its field.
    await page.getByLabel('Telefone do cliente').fill('(11) 98765-4321')
    await page.getByLabel('Valor (R$)').fill('cento e cinquenta')
    await page.getByLabel('Descrição').fill('Sessão de fisioterapia')
    await page.getByRole('button', { name: 'Criar cobrança' }).click()
    await page.getByText('Informe um valor em reais, por exemplo 150,00.').waitFor()

    await page.getByLabel('Valor (R$)').fill('150,00')
    await page.getByLabel('Vencimento').fill(localDay(3))
    await page.getByRole('button', { name: 'Criar cobrança' }).click()
    const card = page.locator('.chg-card', { hasText: 'Sessão de fisioterapia' })
    await card.getByText('R$ 150,00').waitFor()
    await card.getByText('Em aberto').waitFor()
    const qr = card.getByRole('img', { name: /QR Code PIX/ })
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    const copiaECola = await card.getByLabel('PIX copia e cola').inputValue()
    expect(copiaECola).toMatch(/^000201/)
    const [charge] = (await harness.app.api(`/api/tenants/${tenant.tenant_id}/charges`)).body.items
    expect(charge).toMatchObject({ amount_cents: 15000, status: 'open', due_date: localDay(3) })
    expect(charge.pix.copia_e_cola).toBe(copiaECola)

    await card.getByRole('button', { name: 'Copiar' }).click()
    await page.locator('.toast', { hasText: 'Código PIX copiado.' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(copiaECola)

    // A second, paid one for the list and the screenshot.
    await page.getByLabel('Telefone do cliente').fill('21998887766')
    await page.getByLabel('Valor (R$)').fill('89,90')
    await page.getByLabel('Descrição').fill('Avaliação postural')
    await page.getByRole('button', { name: 'Criar cobrança' }).click()
    const second = page.locator('.chg-card', { hasText: 'Avaliação postural' })
    await second.getByText('R$ 89,90').waitFor()
    acceptNextDialog(page)
    await second.getByRole('button', { name: 'Marcar como paga' }).click()
    await second.getByText('Paga', { exact: true }).waitFor()
    await second.getByRole('img').waitFor({ state: 'detached' })
    await eventually(async () => {
      const paid = (await harness.app.api(`/api/tenants/${tenant.tenant_id}/charges?status=paid`)).body.items
      expect(paid.map((item: { description: string }) => item.description)).toEqual(['Avaliação postural'])
    })

    await page.getByLabel('Situação').selectOption({ label: 'Em aberto' })
    await second.waitFor({ state: 'detached' })
    await card.waitFor()
    await page.getByLabel('Situação').selectOption({ label: 'Todas' })
    await second.waitFor()
    await cleanScreenshot(harness, page, '05-cobranca')
    expect(errors).toEqual([])
  })
})
