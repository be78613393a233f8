import { describe, expect, it } from 'vitest'
import { cleanScreenshot, eventually, openModuleAsAdmin, region } from './support/owner-console.js'
import { OWNER_NUMBER, usePanelHarness } from './support/panel-harness.js'

// 01 Chat IA: the owner's assistant in the browser, with tool-call pills, the approval list,
// text-file and voice-note attachments, the owner's earlier conversation, and the hint when the
// tenant has no owner number.

const harness = usePanelHarness()

const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

/** Every text the fake OpenAI was sent in its chat requests, joined. */
const promptTexts = () =>
  harness.openai
    .chatRequests()
    .flatMap((body) => body.messages ?? [])
    .map((message: { content: unknown }) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content)))
    .join('\n')

describe('01 Chat IA', () => {
  it('chats with the assistant, shows the tools it used, and approves the pending confirmation from the list', async () => {
    const tenant = await harness.createConfiguredTenant('Clínica Sorriso')
    harness.openai.script([
      { toolCalls: [{ name: 'create_charge', arguments: { customer_phone: '11987654321', customer_name: 'Maria Souza', amount_cents: 15000, description: 'Sessão de hoje' } }] },
      { content: 'Vou cobrar R$ 150,00 de Maria Souza pela sessão de hoje. Aprove na lista de confirmações.' },
    ])
    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '01-chat')
    await page.getByText('Converse com o seu assistente').waitFor()

    await page.getByLabel('Mensagem').fill('cobra 150 reais da Maria, 11987654321, pela sessão de hoje')
    await page.getByLabel('Mensagem').press('Enter')
    const answer = page.locator('.bubble-assistant', { hasText: 'Vou cobrar R$ 150,00 de Maria Souza' })
    await answer.waitFor()
    await answer.locator('.pill', { hasText: 'Criar cobrança' }).waitFor()
    await page.locator('.bubble-owner', { hasText: 'cobra 150 reais da Maria' }).waitFor()
    expect(await page.getByLabel('Mensagem').inputValue()).toBe('')

    const approvals = region(page, 'Confirmações pendentes')
    const pending = approvals.getByRole('article')
    await pending.waitFor()
    expect(await pending.textContent()).toContain('cobrar R$ 150,00')
    await cleanScreenshot(harness, page, '01-chat')

    await approvals.getByRole('button', { name: 'Aprovar' }).click()
    await page.locator('.bubble-assistant', { hasText: 'Feito' }).waitFor()
    await approvals.getByText('Nenhuma confirmação pendente').waitFor()
    const charges = await harness.app.api(`/api/tenants/${tenant.tenant_id}/charges`)
    expect(charges.body.items).toHaveLength(1)
    expect(charges.body.items[0]).toMatchObject({ amount_cents: 15000, description: 'Sessão de hoje', status: 'open' })
    expect(errors).toEqual([])
  })

  it('opens with the owner’s earlier conversation, and a rejected confirmation runs nothing', async () => {
    const tenant = await harness.createConfiguredTenant()
    harness.openai.script([
      { toolCalls: [{ name: 'create_charge', arguments: { customer_phone: '11912345678', amount_cents: 8000, description: 'Aula avulsa' } }] },
      { content: 'Posso cobrar R$ 80,00 pela aula avulsa?' },
    ])
    const turn = await harness.app.api(`/api/tenants/${tenant.tenant_id}/chat`, { method: 'POST', body: { as: 'owner', text: 'cobra 80 reais da aula avulsa do 11912345678' } })
    expect(turn.status).toBe(200)

    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '01-chat')
    await page.locator('.bubble-owner', { hasText: 'cobra 80 reais da aula avulsa' }).waitFor()
    await page.locator('.bubble-assistant', { hasText: 'Posso cobrar R$ 80,00' }).waitFor()

    const approvals = region(page, 'Confirmações pendentes')
    await approvals.getByRole('button', { name: 'Rejeitar' }).click()
    await page.getByText('Confirmação rejeitada.').waitFor()
    await approvals.getByText('Nenhuma confirmação pendente').waitFor()
    expect((await harness.app.api(`/api/tenants/${tenant.tenant_id}/charges`)).body.items).toEqual([])
    expect(errors).toEqual([])
  })

  it('sends a text file, a recorded voice note and a photo: the file is read, the audio transcribed and the photo described by the server', async () => {
    const tenant = await harness.createConfiguredTenant()
    harness.openai.script([{ content: 'Li a tabela: a limpeza custa R$ 150,00.' }, { content: 'Amanhã a agenda está livre.' }])
    harness.openai.scriptTranscripts(['como está a agenda de amanhã'])
    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '01-chat')

    const fileInput = page.locator('.composer input[type="file"]:not([accept="image/*"])')
    await fileInput.setInputFiles({ name: 'precos.csv', mimeType: 'text/csv', buffer: Buffer.from('servico;preco\nLimpeza profunda;150,00\n') })
    await fileInput.setInputFiles({ name: 'rascunho.txt', mimeType: 'text/plain', buffer: Buffer.from('não mandar') })
    await page.getByRole('button', { name: 'Remover 📄 rascunho.txt' }).click()
    await page.locator('.composer-chips .chip', { hasText: 'precos.csv' }).waitFor()
    expect(await page.locator('.composer-chips .chip').count()).toBe(1)
    await page.getByLabel('Mensagem').fill('Confira a tabela de preços')
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.locator('.bubble-assistant', { hasText: 'Li a tabela' }).waitFor()
    expect(promptTexts()).toContain('Limpeza profunda;150,00')
    expect(promptTexts()).not.toContain('não mandar')

    // Chromium runs with a fake microphone: record, stop, and send the clip.
    await page.getByRole('button', { name: 'Áudio' }).click()
    await page.getByRole('button', { name: 'Parar 0:01' }).waitFor()
    await page.getByRole('button', { name: /^Parar/ }).click()
    await page.locator('.composer-chips .chip', { hasText: 'Áudio' }).waitFor()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.locator('.bubble-assistant', { hasText: 'Amanhã a agenda está livre.' }).waitFor()
    expect(harness.openai.transcriptionRequests()).toHaveLength(1)
    expect(promptTexts()).toContain('como está a agenda de amanhã')

    // A photo: the server has the model describe it (first scripted answer), then answers.
    harness.openai.script([{ content: 'Um bolo de cenoura com cobertura de chocolate.' }, { content: 'Que bolo bonito! Quer que eu anuncie no WhatsApp?' }])
    await page.locator('.composer input[type="file"][accept="image/*"]').setInputFiles({ name: 'bolo.png', mimeType: 'image/png', buffer: Buffer.from(ONE_PIXEL_PNG, 'base64') })
    await page.locator('.composer-chips .chip', { hasText: 'bolo.png' }).waitFor()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.locator('.bubble-assistant', { hasText: 'Que bolo bonito!' }).waitFor()
    expect(JSON.stringify(harness.openai.chatRequests().at(-2))).toContain(`data:image/png;base64,${ONE_PIXEL_PNG}`)
    expect(promptTexts()).toContain('Um bolo de cenoura com cobertura de chocolate.')
    expect(errors).toEqual([])
  })

  it('tells the owner to set "Números do proprietário" when the tenant has none', async () => {
    const tenant = await harness.createTenant()
    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '01-chat')
    await page.getByText('Defina os "Números do proprietário" em 06 Configurações').first().waitFor()

    await page.getByLabel('Mensagem').fill('oi')
    await page.getByLabel('Mensagem').press('Enter')
    const error = page.locator('.bubble-error', { hasText: 'Números do proprietário' })
    await error.waitFor()
    await error.getByRole('button', { name: 'Abrir 06 Configurações' }).click()
    await region(page, 'Proprietário').getByLabel('Números do proprietário').fill(OWNER_NUMBER)
    await page.getByRole('button', { name: 'Salvar Config' }).click()
    await page.getByText('Configuração salva.').waitFor()
    await eventually(async () => expect((await harness.app.api(`/api/tenants/${tenant.tenant_id}/config`)).body.owner_numbers).toEqual([OWNER_NUMBER]))
    expect(errors).toEqual([])
  })
})
