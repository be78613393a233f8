// /crm/?tenant=<id>: the standalone CRM each client gets as a link. Restores the session (or
// shows the login with the tenant pre-filled), picks the tenant the principal may see, applies
// the tenant's theme and mounts the same 02 module the owner console uses.
import { h, replace } from './dom.js'
import { renderLogin } from './login-view.js'
import { module as crmModule } from './modules/02-crm.js'
import { createSession } from './session.js'
import { createToaster } from './shell/toast.js'
import { applyTheme } from './theme.js'

const app = document.getElementById('app')
const requestedTenant = (new URLSearchParams(window.location.search).get('tenant') ?? '').trim()
const DEFAULT_TIME_ZONE = 'America/Sao_Paulo'

let unmount = null
const stopModule = () => {
  unmount?.()
  unmount = null
}

// --- toasts (the owner console's) ---------------------------------------------------------------
const { toast } = createToaster(document.body)

// --- login ---------------------------------------------------------------------------------------
const session = createSession({ onLoggedOut: () => showLogin('Sua sessão terminou. Entre de novo.') })

const showLogin = (notice) => {
  stopModule()
  applyTheme(null)
  document.title = 'CRM WhatsApp · fabio'
  renderLogin(app, { session, title: 'CRM WhatsApp', tenantId: requestedTenant, onLoggedIn: () => start() })
  if (notice) app.querySelector('form')?.prepend(h('p', { class: 'login-notice', role: 'status' }, notice))
}

// --- which tenant --------------------------------------------------------------------------------
const setTenantInUrl = (tenantId) => {
  const url = new URL(window.location.href)
  url.searchParams.set('tenant', tenantId)
  window.history.replaceState(null, '', url)
}

/** The admin opened /crm/ without ?tenant=: pick one from the list. */
const showTenantPicker = async (message) => {
  stopModule()
  const select = h('select', { id: 'crm-pick-tenant', name: 'tenant' })
  const form = h(
    'form',
    { class: 'login-card crm-picker' },
    h('h1', {}, 'CRM WhatsApp'),
    message ? h('p', { class: 'login-error', role: 'alert' }, message) : h('p', { class: 'hint' }, 'Escolha o tenant cujo CRM você quer abrir.'),
    h('label', { for: select.id }, 'Tenant'),
    select,
    h('button', { type: 'submit', class: 'primary' }, 'Abrir CRM'),
    h('button', { type: 'button', class: 'ghost', onclick: logout }, 'Sair'),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (!select.value) return
    setTenantInUrl(select.value)
    openTenant(select.value, null)
  })
  replace(app, h('main', { class: 'login-screen' }, form))
  try {
    const tenants = await session.api.get('/api/tenants')
    replace(select, tenants.items.map((tenant) => h('option', { value: tenant.tenant_id }, `${tenant.display_name} (${tenant.tenant_id})`)))
    if (!tenants.items.length) replace(select, h('option', { value: '' }, 'Nenhum tenant criado ainda'))
  } catch (error) {
    replace(select, h('option', { value: '' }, `Não foi possível listar: ${error.message}`))
  }
}

const start = async () => {
  const ownTenant = session.ownerTenantId()
  if (ownTenant) {
    const note =
      requestedTenant && requestedTenant !== ownTenant
        ? `Este link é do tenant “${requestedTenant}”, mas a sua chave de acesso é de “${ownTenant}”. Mostrando o CRM de “${ownTenant}”.`
        : null
    setTenantInUrl(ownTenant)
    return openTenant(ownTenant, note)
  }
  if (!requestedTenant) return showTenantPicker()
  return openTenant(requestedTenant, null)
}

async function logout() {
  stopModule()
  try {
    await session.logout()
  } finally {
    showLogin()
  }
}

// --- the page ------------------------------------------------------------------------------------
const openTenant = async (tenantId, note) => {
  stopModule()
  replace(app, h('p', { class: 'boot' }, 'Carregando o CRM…'))
  let config
  try {
    config = await session.api.get(session.api.tenantPath(tenantId, '/config'))
  } catch (error) {
    if (error.status === 401) return undefined
    if (session.isAdmin()) return showTenantPicker(`Não foi possível abrir o tenant “${tenantId}”: ${error.message}`)
    replace(app, h('main', { class: 'login-screen' }, h('div', { class: 'login-card' }, h('h1', {}, 'CRM WhatsApp'), h('p', { class: 'login-error', role: 'alert' }, error.message), h('button', { type: 'button', class: 'ghost', onclick: logout }, 'Sair'))))
    return undefined
  }
  applyTheme(config.panel)
  const displayName = config.display_name || tenantId
  document.title = `${displayName} · CRM WhatsApp`

  const main = h('main', { class: 'crm-main', id: 'crm-main' })
  const ctx = {
    api: session.api,
    session,
    tenantId,
    config: () => config,
    reloadConfig: async () => {
      config = await session.api.get(session.api.tenantPath(tenantId, '/config'))
      applyTheme(config.panel)
      return config
    },
    timeZone: config.timezone || DEFAULT_TIME_ZONE,
    toast,
    navigate: () => undefined,
    setTenant: session.isAdmin()
      ? (next) => {
          setTenantInUrl(next)
          openTenant(next, null)
        }
      : undefined,
  }

  replace(
    app,
    h(
      'div',
      { class: 'crm-page' },
      h(
        'header',
        { class: 'topbar crm-topbar' },
        h('span', { class: 'crm-brand', 'aria-hidden': 'true' }, 'fabio'),
        h('h1', { class: 'topbar-title' }, 'CRM WhatsApp'),
        h('div', { class: 'topbar-tenant' }, h('span', {}, 'Tenant'), h('span', { class: 'tenant-name', title: tenantId }, displayName === tenantId ? tenantId : `${displayName} (${tenantId})`)),
        h(
          'div',
          { class: 'topbar-actions' },
          session.isAdmin() ? h('button', { type: 'button', class: 'ghost', onclick: () => showTenantPicker() }, 'Trocar tenant') : null,
          h('a', { class: 'crm-console-link', href: `/owner/${session.isAdmin() ? `?tenant=${encodeURIComponent(tenantId)}` : ''}` }, 'Console'),
          h('button', { type: 'button', class: 'ghost', onclick: logout }, 'Sair'),
        ),
      ),
      h('div', { class: 'content crm-content' }, note ? h('p', { class: 'notice warning crm-note', role: 'status' }, note) : null, main),
    ),
  )
  unmount = crmModule.mount(main, ctx) ?? null
  return undefined
}

const boot = async () => {
  const restored = await session.restore()
  if (restored) await start()
  else showLogin()
}

boot()
