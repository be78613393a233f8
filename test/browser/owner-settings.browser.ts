import { describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { cleanScreenshot, eventually, newWatchedPage, openModuleAsAdmin, openOwnerConsole, region } from './support/owner-console.js'
import { usePanelHarness } from './support/panel-harness.js'

// The owner console's shell and 06 Configurações: creating a tenant, saving the config as a
// merge patch (secrets masked and kept), field errors, the Evolution connection and pairing, and
// persona versions.

const harness = usePanelHarness()

const configOf = async (tenantId: string) => (await harness.app.api(`/api/tenants/${tenantId}/config`)).body

const configVersionOf = async (tenantId: string) => {
  const listed = await harness.app.api('/api/tenants')
  return (listed.body.items as Array<{ tenant_id: string; config_version: number }>).find((tenant) => tenant.tenant_id === tenantId)?.config_version
}

describe('owner console: tenant creation and 06 Configurações', () => {
  it('lets the operator create a tenant from the panel and shows its keys only once', async () => {
    const { page, errors } = await newWatchedPage(harness)
    await page.goto(`${harness.app.url}/owner/`)
    await page.getByRole('heading', { name: 'Console do Proprietário' }).waitFor()
    await harness.screenshot(page, 'login')

    await openOwnerConsole(harness, page, { token: harness.app.adminToken })
    // No tenant chosen yet: the console lands on 06 with the Tenant field.
    await page.getByRole('heading', { name: '06 Configurações' }).waitFor()
    const tenantId = randomTenantId()
    const tenantCard = region(page, 'Tenant')
    await tenantCard.getByLabel('Tenant', { exact: true }).fill(tenantId)
    await tenantCard.getByLabel('Nome de exibição').fill('Clínica Sorriso')
    await tenantCard.getByRole('button', { name: 'Criar tenant' }).click()

    const keys = region(page, 'Chaves do novo tenant')
    await keys.waitFor()
    const ownerKey = await keys.getByLabel('Chave de acesso do proprietário', { exact: true }).inputValue()
    expect(ownerKey).toMatch(/^fok_/)
    expect(await keys.getByLabel('Token do webhook', { exact: true }).inputValue()).toMatch(/^fwt_/)
    expect(await keys.getByLabel('URL do webhook', { exact: true }).inputValue()).toContain(`/webhooks/evolution/${tenantId}`)
    await keys.getByText('Elas aparecem só desta vez').waitFor()
    expect(new URL(page.url()).searchParams.get('tenant')).toBe(tenantId)
    await page.getByRole('combobox', { name: 'Tenant ativo' }).locator('option', { hasText: 'Clínica Sorriso' }).waitFor({ state: 'attached' })

    // The shown key is the tenant's owner key.
    const config = await harness.app.api(`/api/tenants/${tenantId}/config`, { token: ownerKey })
    expect(config.status).toBe(200)
    expect(config.body.display_name).toBe('Clínica Sorriso')

    // Shown once: a reload opens the same tenant without the keys.
    await page.reload()
    await region(page, 'Tenant').waitFor()
    expect(await page.getByText('Chaves do novo tenant').count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('saves what was filled in 06 Configurações; secrets come back masked and are kept by a save that does not retype them', async () => {
    const tenant = await harness.createTenant('Loja Aurora')
    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '06-configuracoes')

    const openai = region(page, 'OpenAI')
    await openai.getByLabel('Chave de API da OpenAI').fill('sk-panel-test-1234567890')
    await openai.getByLabel('URL base da OpenAI').fill(harness.openai.url)
    await openai.getByLabel('Modelo de chat').fill('gpt-4o-mini')
    const whatsapp = region(page, 'WhatsApp (Evolution)')
    await whatsapp.getByLabel('URL base da Evolution').fill(harness.evolution.url)
    await whatsapp.getByLabel('Instância').fill(harness.evolution.instance)
    await whatsapp.getByLabel('Chave de API da Evolution').fill(harness.evolution.apiKey)
    await region(page, 'Proprietário').getByLabel('Números do proprietário').fill('(11) 98888-0000')
    await region(page, 'Atendimento').getByLabel('Modo do agente').selectOption('suggest')
    await region(page, 'Atendimento').getByLabel('Espera para agrupar mensagens (ms)').fill('0')
    const business = region(page, 'Negócio')
    await business.getByRole('group', { name: 'Segunda' }).getByRole('button', { name: '+ Intervalo' }).click()
    await business.getByRole('button', { name: '+ Adicionar serviço' }).click()
    await business.getByLabel('Serviço 1: nome').fill('Limpeza')
    await business.getByLabel('Serviço 1: duração em minutos').fill('45')
    await business.getByLabel('Serviço 1: preço em reais').fill('150,00')
    await business.getByLabel('Chave PIX').fill('contato@lojaaurora.com.br')
    await business.getByLabel('Nome do recebedor').fill('Loja Aurora')
    await business.getByLabel('Cidade do recebedor').fill('Sao Paulo')
    await region(page, 'Aparência').getByLabel('Paleta').selectOption('ocean')
    await page.getByRole('button', { name: 'Salvar Config' }).click()
    await page.getByText('Configuração salva.').waitFor()

    const saved = await configOf(tenant.tenant_id)
    expect(saved.openai).toMatchObject({ api_key: '••••7890', base_url: harness.openai.url, chat_model: 'gpt-4o-mini' })
    expect(saved.evolution).toMatchObject({ base_url: harness.evolution.url, instance: harness.evolution.instance, api_key: `••••${harness.evolution.apiKey.slice(-4)}` })
    expect(saved.owner_numbers).toEqual(['5511988880000'])
    expect(saved.conversation).toMatchObject({ customer_agent_mode: 'suggest', debounce_ms: 0 })
    expect(saved.business.hours).toEqual({ mon: [['09:00', '18:00']] })
    expect(saved.business.services).toEqual([{ name: 'Limpeza', duration_minutes: 45, price_cents: 15000 }])
    expect(saved.business.pix).toEqual({ key: 'contato@lojaaurora.com.br', merchant_name: 'Loja Aurora', merchant_city: 'Sao Paulo' })
    expect(saved.panel.palette).toBe('ocean')
    expect(await page.locator('html').getAttribute('data-palette')).toBe('ocean')

    // The form shows the masked key as a placeholder only; saving another change keeps the key.
    const keyInput = region(page, 'OpenAI').getByLabel('Chave de API da OpenAI')
    expect(await keyInput.inputValue()).toBe('')
    expect(await keyInput.getAttribute('placeholder')).toContain('••••7890')
    await region(page, 'OpenAI').getByLabel('Modelo de chat').fill('gpt-4.1-mini')
    await page.getByRole('button', { name: 'Salvar Config' }).click()
    await eventually(async () => expect((await configOf(tenant.tenant_id)).openai.chat_model).toBe('gpt-4.1-mini'))
    expect((await configOf(tenant.tenant_id)).openai.api_key).toBe('••••7890')

    // The kept key is the real one: a chat turn reaches the fake OpenAI with it.
    harness.openai.script([{ content: 'Tudo certo por aqui.' }])
    const chat = await harness.app.api(`/api/tenants/${tenant.tenant_id}/chat`, { method: 'POST', body: { as: 'owner', text: 'oi' } })
    expect(chat.body.replies).toEqual(['Tudo certo por aqui.'])
    expect(harness.openai.requests.at(-1)?.headers.authorization).toBe('Bearer sk-panel-test-1234567890')

    await cleanScreenshot(harness, page, '06-configuracoes')
    expect(errors).toEqual([])
  })

  it('shows the server validation errors next to their fields and saves nothing', async () => {
    const tenant = await harness.createTenant()
    const versionBefore = await configVersionOf(tenant.tenant_id)
    const { page } = await openModuleAsAdmin(harness, tenant.tenant_id, '06-configuracoes')

    await region(page, 'Negócio').getByLabel('Fuso horário').fill('Mars/Olympus')
    await region(page, 'Memória').getByLabel('Manutenção da memória (cron)').fill('todo dia às 3')
    await region(page, 'Atendimento').getByLabel('Modo do agente').selectOption('off')
    await page.getByRole('button', { name: 'Salvar Config' }).click()

    await page.getByText('A configuração não foi salva: 2 problemas.').waitFor()
    const timezoneError = page.locator('#cfg-timezone-error')
    expect(await timezoneError.textContent()).toBe('Fuso horário desconhecido (ex.: America/Sao_Paulo).')
    expect(await region(page, 'Negócio').getByLabel('Fuso horário').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#cfg-memory-maintenance-cron-error').textContent()).toBe('Expressão cron inválida (ex.: 0 3 * * *).')

    // Nothing was saved, not even the valid change that came with the invalid ones.
    const config = await configOf(tenant.tenant_id)
    expect(config.timezone).toBe('America/Sao_Paulo')
    expect(config.memory.maintenance_cron).toBe('0 3 * * *')
    expect(config.conversation.customer_agent_mode).toBe('auto')
    expect(await configVersionOf(tenant.tenant_id)).toBe(versionBefore)

    // Fixed, it saves and the errors go away.
    await region(page, 'Negócio').getByLabel('Fuso horário').fill('America/Manaus')
    await region(page, 'Memória').getByLabel('Manutenção da memória (cron)').fill('0 4 * * *')
    await region(page, 'Memória').getByLabel('Fechar conversa de cliente após (min)').fill('45')
    await page.getByRole('button', { name: 'Salvar Config' }).click()
    await page.getByText('Configuração salva.').waitFor()
    expect(await page.locator('#cfg-timezone-error').textContent()).toBe('')
    expect(await configOf(tenant.tenant_id)).toMatchObject({
      timezone: 'America/Manaus',
      memory: { maintenance_cron: '0 4 * * *', episode_idle_minutes: { customer: 45, owner: 120 } },
      conversation: { customer_agent_mode: 'off' },
    })
  })

  it('tests the Evolution connection and pairs WhatsApp with the QR code until the instance is open', async () => {
    const tenant = await harness.createConfiguredTenant()
    harness.evolution.setConnectionState('close')
    try {
      const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '06-configuracoes')
      const whatsapp = region(page, 'WhatsApp (Evolution)')

      await whatsapp.getByRole('button', { name: 'Testar conexão' }).click()
      await whatsapp.getByText(`Conexão OK com a instância "${harness.evolution.instance}". Estado do WhatsApp: Desconectado.`).waitFor()

      // With a phone number, Evolution also answers a pairing code to type on the phone.
      await whatsapp.getByLabel('Número para código de pareamento (opcional)').fill('(11) 98888-0000')
      await whatsapp.getByRole('button', { name: 'Conectar WhatsApp' }).click()
      const qr = whatsapp.getByRole('img', { name: 'QR code para conectar o WhatsApp' })
      await qr.waitFor()
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
      expect(await whatsapp.locator('.wa-pairing-code').textContent()).toMatch(/^[0-9A-F]{8}$/)
      await whatsapp.getByText('Aguardando a leitura').waitFor()

      // The phone scans the code: the panel's polling sees the instance open.
      await harness.evolution.completePairing()
      await whatsapp.getByText('Conectado', { exact: true }).waitFor({ timeout: 15_000 })
      expect(await qr.count()).toBe(0)
      await page.locator('.wa-pill', { hasText: 'Conectado' }).waitFor()
      expect(errors).toEqual([])
    } finally {
      harness.evolution.setConnectionState('open')
    }
  })

  it('edits Persona 2, keeps each save as a version, and rolls it back', async () => {
    const tenant = await harness.createTenant()
    const { page, errors } = await openModuleAsAdmin(harness, tenant.tenant_id, '06-configuracoes')
    const persona = region(page, 'Persona 2 (Agente WhatsApp)')
    await persona.getByText('v1').waitFor()
    const originalName = await persona.getByLabel('Nome', { exact: true }).inputValue()
    const originalInstructions = await persona.getByLabel('Instruções').inputValue()

    await persona.getByLabel('Nome', { exact: true }).fill('Bia')
    await persona.getByLabel('Instruções').fill('Você é a Bia, da Loja Aurora. Responda em até duas frases.')
    await page.getByRole('button', { name: 'Salvar Config' }).click()
    await page.getByText('Configuração salva.').waitFor()
    await persona.getByText('Versão atual: 2.', { exact: false }).waitFor()
    expect((await configOf(tenant.tenant_id)).personas.customer).toMatchObject({ name: 'Bia', version: 2 })

    await persona.getByRole('button', { name: 'Restaurar versão 1 da Persona 2 (Agente WhatsApp)' }).click()
    await page.getByText('Persona 2 (Agente WhatsApp): versão 1 restaurada (salva como versão 3).').waitFor()
    await persona.getByText('Versão atual: 3.', { exact: false }).waitFor()
    expect(await persona.getByLabel('Nome', { exact: true }).inputValue()).toBe(originalName)
    expect(await persona.getByLabel('Instruções').inputValue()).toBe(originalInstructions)
    expect((await configOf(tenant.tenant_id)).personas.customer).toMatchObject({ name: originalName, instructions: originalInstructions, version: 3 })
    // Persona 1 was not touched.
    expect((await configOf(tenant.tenant_id)).personas.owner.version).toBe(1)
    expect(errors).toEqual([])
  })
})
