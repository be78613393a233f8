// The "Tenant" card of 06: the operator opens or creates a tenant by its id; an owner sees its own.
// A new tenant's keys are shown once, right after creation ("Chaves do novo tenant").
import { h } from '../../dom.js'
import { copyField } from '../../ui/clipboard.js'
import { field, setFieldError } from '../../ui/forms.js'
import { section } from './basic-cards.js'

const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{1,62}$/
export const CREATED_TENANT_FLASH = 'created-tenant'

export const tenantCard = (ctx) => {
  if (!ctx.isAdmin) {
    return section(
      'cfg-tenant',
      'Tenant',
      null,
      h('div', { class: 'field' }, h('label', { for: 'cfg-tenant-id' }, 'Tenant'), h('input', { id: 'cfg-tenant-id', readonly: true, value: ctx.tenantId ?? '' }), h('p', { class: 'field-hint' }, 'Sua chave de acesso abre só este tenant.')),
    )
  }
  const tenants = ctx.tenants()
  const idInput = h('input', { id: 'cfg-tenant-id', list: 'cfg-tenant-list', value: ctx.tenantId ?? '', placeholder: 'ex.: clinica-sorriso', autocomplete: 'off', spellcheck: 'false' })
  const nameInput = h('input', { id: 'cfg-tenant-name', placeholder: 'ex.: Clínica Sorriso', maxlength: 120, autocomplete: 'off' })
  const setError = (message) => setFieldError(idInput, message)

  const open = () => {
    const id = idInput.value.trim()
    if (!tenants.some((tenant) => tenant.tenant_id === id)) return setError(id ? `Não existe tenant "${id}". Para criá-lo, use "Criar tenant".` : 'Digite o id de um tenant.')
    setError('')
    void ctx.setTenant(id, { navigate: '06-configuracoes' })
  }

  const create = async (event) => {
    const button = event.currentTarget
    const id = idInput.value.trim()
    if (!TENANT_ID_PATTERN.test(id)) return setError('Use de 2 a 63 caracteres: letras minúsculas, números, "-" ou "_", começando por letra ou número.')
    setError('')
    button.disabled = true
    try {
      const body = { tenant_id: id }
      if (nameInput.value.trim()) body.display_name = nameInput.value.trim()
      const created = await ctx.api.post('/api/tenants', body)
      await ctx.reloadTenants()
      ctx.flash.set(CREATED_TENANT_FLASH, created)
      ctx.toast(`Tenant "${id}" criado.`, 'ok')
      await ctx.setTenant(id, { navigate: '06-configuracoes' })
    } catch (error) {
      if (error.code === 'TENANT_ALREADY_EXISTS') setError(`Já existe um tenant "${id}". Use "Abrir tenant".`)
      else if (error.code === 'TENANT_ID_INVALID') setError('Id inválido: use letras minúsculas, números, "-" ou "_".')
      else setError(error.message)
      button.disabled = false
    }
  }

  return section(
    'cfg-tenant',
    'Tenant',
    ctx.tenantId ? 'Troque de tenant ou crie um novo.' : 'Abra um tenant existente ou crie um novo para começar.',
    h(
      'div',
      { class: 'form-grid' },
      field('Tenant', idInput, { hint: 'O id do tenant (ex.: clinica-sorriso). Não pode ser mudado depois.', liveError: true }),
      h('div', { class: 'field' }, h('label', { for: 'cfg-tenant-name' }, 'Nome de exibição'), nameInput, h('p', { class: 'field-hint' }, 'Só para criar; depois, mude em "Negócio".')),
      h('datalist', { id: 'cfg-tenant-list' }, tenants.map((tenant) => h('option', { value: tenant.tenant_id }, tenant.display_name ?? tenant.tenant_id))),
    ),
    h('div', { class: 'row' }, h('button', { type: 'button', onclick: open, disabled: tenants.length === 0 }, 'Abrir tenant'), h('button', { type: 'button', class: 'primary', onclick: create }, 'Criar tenant')),
  )
}

/** A key shown once, with its "Copiar" button. */
const secretRow = (id, label, value, ctx) => copyField({ id, label, value, toast: ctx.toast, done: `${label} copiada.` })

/** The one-time view of a new tenant's keys. */
export const createdTenantCard = (created, ctx, onDismiss) => {
  const card = section(
    'cfg-created',
    'Chaves do novo tenant',
    null,
    h('p', { class: 'notice warning', role: 'alert' }, 'Copie e guarde estas chaves agora. Elas aparecem só desta vez: o fabio não consegue mostrá-las de novo.'),
    h(
      'div',
      { class: 'stack-sm' },
      secretRow('cfg-created-owner-key', 'Chave de acesso do proprietário', created.owner_access_key, ctx),
      secretRow('cfg-created-webhook-url', 'URL do webhook', created.webhook_url, ctx),
      secretRow('cfg-created-webhook-token', 'Token do webhook', created.webhook_token, ctx),
    ),
    h('p', { class: 'muted small' }, 'Entregue a chave de acesso ao proprietário: com ela e o id do tenant, ele entra neste console.'),
    h('div', { class: 'row' }, h(
        'button',
        {
          type: 'button',
          onclick: () => {
            if (!window.confirm('As chaves não aparecem de novo. Já guardou as três?')) return
            onDismiss?.()
            card.remove()
          },
        },
        'Já guardei as chaves',
      )),
  )
  card.classList.add('created-card')
  return card
}
