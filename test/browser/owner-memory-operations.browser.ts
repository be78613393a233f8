import { describe, expect, it } from 'vitest'
import { acceptNextDialog, cleanScreenshot, eventually, openModuleAsAdmin, region } from './support/owner-console.js'
import { usePanelHarness } from './support/panel-harness.js'

// 07 Memória (list, search, forget, maintenance) and 08 Operações (event log by contact, the task
// queue and retrying a dead letter).

const harness = usePanelHarness()

const CUSTOMER_PHONE = '5511977776666'

describe('07 Memória', () => {
  it('shows what the owner asked to remember, finds it by search, and forgets it', async () => {
    const tenant = await harness.createConfiguredTenant()
    harness.openai.script([{ toolCalls: [{ name: 'remember', arguments: { text: 'Fechamos aos domingos e feriados.' } }] }, { content: 'Anotado: vocês fecham aos domingos e feriados.' }])
    const turn = await harness.app.api(`/api/tenants/${tenant.tenant_id}/chat`, { method: 'POST', body: { as: 'owner', text: 'lembre que fechamos aos domingos e feriados' } })
    expect(turn.body.tool_calls).toEqual([{ name: 'remember', ok: true }])

    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '07-memoria')
    const memory = page.locator('.memory', { hasText: 'Fechamos aos domingos e feriados.' })
    await memory.waitFor()
    await memory.getByText('Ativa', { exact: true }).waitFor()
    await memory.getByText('Negócio', { exact: true }).waitFor()
    await memory.getByText('Origem: ensinada pelo proprietário', { exact: false }).waitFor()

    await page.getByLabel('Buscar na memória').fill('domingo')
    await page.getByRole('button', { name: 'Buscar', exact: true }).click()
    await page.getByText('memória encontrada para "domingo"', { exact: false }).waitFor()
    await memory.waitFor()
    await region(page, 'Manutenção da memória').getByText('Espaço ativo').waitFor()
    await cleanScreenshot(harness, page, '07-memoria')

    acceptNextDialog(page)
    await memory.getByRole('button', { name: /^Esquecer/ }).click()
    await page.getByText('Memória esquecida.').waitFor()
    await memory.waitFor({ state: 'detached' })
    const listed = await harness.app.api(`/api/tenants/${tenant.tenant_id}/memories`)
    expect(listed.body.items.map((item: { text: string; status: string }) => [item.text, item.status])).toEqual([['Fechamos aos domingos e feriados.', 'retracted']])

    // Forgotten memories stay listed (for the history) when "Só as ativas" is off.
    await page.getByRole('button', { name: 'Limpar' }).click()
    await page.getByLabel('Só as ativas').uncheck()
    await page.locator('.memory', { hasText: 'Fechamos aos domingos e feriados.' }).getByText('Esquecida', { exact: true }).waitFor()
    expect(errors).toEqual([])
  })

  it('starts the memory maintenance with "Rodar agora" and shows its status', async () => {
    const tenant = await harness.createConfiguredTenant()
    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '07-memoria')
    const maintenance = region(page, 'Manutenção da memória')
    await maintenance.getByText('Espaço ativo').waitFor()
    await page.getByText('Nenhuma memória ainda.', { exact: false }).waitFor()
    await maintenance.getByRole('button', { name: 'Rodar agora' }).click()
    await page.getByText('Manutenção da memória iniciada.').waitFor()
    await maintenance.getByText('Última execução').waitFor()
    await maintenance.getByText('Concluída', { exact: false }).waitFor()
    expect(errors).toEqual([])
  })
})

describe('08 Operações', () => {
  it('shows the event log by contact and retries a dead letter', async () => {
    const tenant = await harness.createConfiguredTenant()
    const base = `/api/tenants/${tenant.tenant_id}`
    // A customer's conversation (through the chat API), then a human reply that Evolution refuses for good.
    harness.openai.script([{ content: 'Olá! Abrimos de segunda a sábado.' }])
    await harness.app.api(`${base}/chat`, { method: 'POST', body: { as: 'customer', from: CUSTOMER_PHONE, text: 'Vocês abrem sábado?' } })
    const customer = (await harness.app.api(`${base}/customers?q=${CUSTOMER_PHONE}`)).body.items[0]
    harness.evolution.failNext(1, 'notOnWhatsapp', { path: 'sendText' })
    const sent = await harness.app.api(`${base}/conversations/${customer.customer_id}/send`, { method: 'POST', body: { text: 'Abrimos sim, das 9h às 13h.' } })
    expect(sent.status).toBe(202)
    const dead = await eventually(async () => {
      const tasks = await harness.app.api(`${base}/tasks?status=dead`)
      expect(tasks.body.items).toHaveLength(1)
      return tasks.body.items[0]
    }, 20_000)

    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '08-operacoes')
    const events = region(page, 'Registro de eventos')
    await events.locator('.pill', { hasText: 'Tarefa falhou de vez' }).waitFor()

    // Only this contact's events.
    await events.getByLabel('Contato').fill(customer.customer_id)
    await events.getByRole('button', { name: 'Filtrar' }).click()
    await events.getByText('eventos com estes filtros', { exact: false }).waitFor()
    const contactCells = await events.locator('tbody tr td:nth-child(3)').allTextContents()
    expect(contactCells.length).toBeGreaterThan(0)
    expect(new Set(contactCells)).toEqual(new Set(['+55 (11) 97777-6666']))
    await events.getByLabel('Tipo de evento').selectOption('turn.completed')
    await events.getByText('1 evento com estes filtros', { exact: false }).waitFor()
    expect(await events.locator('tbody tr').count()).toBe(1)
    await events.locator('tbody .pill', { hasText: 'Turno respondido' }).waitFor()

    const queue = region(page, 'Fila de tarefas')
    const row = queue.locator('tbody tr', { hasText: dead.task_id })
    await row.getByText('EVOLUTION_NUMBER_NOT_ON_WHATSAPP', { exact: false }).waitFor()
    await cleanScreenshot(harness, page, '08-operacoes')
    await row.getByRole('button', { name: 'Tentar de novo' }).click()
    await page.getByText('Tarefa enviada para a fila de novo.').waitFor()
    await eventually(async () => {
      const task = (await harness.app.api(`${base}/tasks`)).body.items.find((item: { task_id: string }) => item.task_id === dead.task_id)
      expect(task.status).toBe('done')
    }, 20_000)
    await queue.getByText('Nenhuma tarefa falhou de vez.').waitFor()
    expect(errors).toEqual([])
  })
})
