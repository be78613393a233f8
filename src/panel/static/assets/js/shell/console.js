// The owner console after login: sidebar, topbar, hash routing (#/01-chat) and the tenant in
// use (`?tenant=` for the operator; fixed for an owner). Modules get a `ctx` (see the plan's
// module contract) and may return a cleanup function from `mount`.
import { h, replace } from '../dom.js'
import { applyTheme } from '../theme.js'
import { startPolling } from '../ui/polling.js'
import { DEFAULT_KEY, findModule, MODULES, SETTINGS_KEY } from './modules.js'
import { describeWhatsappState, fetchWhatsappInstance } from './whatsapp-state.js'

const PILL_POLL_MS = 15_000
const DEFAULT_TIME_ZONE = 'America/Sao_Paulo'

const readTenantParam = () => new URLSearchParams(window.location.search).get('tenant') || null

const writeTenantParam = (tenantId) => {
  const url = new URL(window.location.href)
  if (tenantId) url.searchParams.set('tenant', tenantId)
  else url.searchParams.delete('tenant')
  window.history.replaceState(null, '', url)
}

const currentRouteKey = () => window.location.hash.replace(/^#\/?/, '')

/**
 * Renders the console into `root`. `toast` is the page's toaster; `onLogout` runs after "Sair".
 * Returns `{dispose}` (stops timers and listeners, e.g. when the session expires).
 */
export const startConsole = async (root, { session, toast, onLogout }) => {
  const isAdmin = session.isAdmin()
  const state = { tenantId: null, config: null, tenants: [], cleanup: null, mountToken: 0, activeKey: null, disposed: false }
  const flash = new Map()

  // ---------- static layout ----------
  const navLinks = MODULES.map((entry) =>
    h('a', { class: 'nav-link', href: `#/${entry.key}`, dataset: { key: entry.key }, onclick: () => toggleNav(false) }, h('span', { class: 'nav-num' }, entry.id), h('span', {}, entry.label)),
  )
  const sidebar = h(
    'aside',
    { class: 'sidebar', id: 'sidebar', 'aria-label': 'Navegação' },
    h(
      'div',
      { class: 'sidebar-inner' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-name' }, 'fabio'), h('span', { class: 'brand-sub' }, 'Console do Proprietário')),
      h('nav', { class: 'nav', 'aria-label': 'Módulos' }, navLinks),
      h('p', { class: 'sidebar-note' }, isAdmin ? 'Sessão de operador: todos os tenants.' : 'Sessão do proprietário.'),
    ),
  )
  const menuButton = h('button', { type: 'button', class: 'ghost menu-button', 'aria-controls': 'sidebar', 'aria-expanded': 'false', onclick: () => toggleNav() }, 'Menu')
  const titleEl = h('h1', { class: 'topbar-title' }, '')
  const tenantArea = h('div', { class: 'topbar-tenant' })
  const pillLabel = h('span', { class: 'wa-pill-label' }, 'WhatsApp: ')
  const pillText = h('span', {}, '—')
  const pill = h('span', { class: 'pill plain wa-pill', title: 'Conexão do WhatsApp (Evolution)' }, pillLabel, pillText)
  const logoutButton = h('button', { type: 'button', class: 'ghost', onclick: () => logout() }, 'Sair')
  const topbar = h('header', { class: 'topbar' }, menuButton, titleEl, tenantArea, h('div', { class: 'topbar-actions' }, pill, logoutButton))
  const content = h('main', { class: 'content', id: 'conteudo' })
  const backdrop = h('div', { class: 'backdrop', onclick: () => toggleNav(false) })
  const shellEl = h('div', { class: 'shell' }, sidebar, backdrop, h('div', { class: 'main' }, topbar, content))
  replace(root, shellEl)

  function toggleNav(open = !shellEl.classList.contains('nav-open')) {
    shellEl.classList.toggle('nav-open', open)
    menuButton.setAttribute('aria-expanded', String(open))
  }

  // ---------- tenant ----------
  const tenantLabel = () => {
    if (!state.tenantId) return 'nenhum tenant escolhido'
    const name = state.config?.display_name
    return name && name !== state.tenantId ? `${name} (${state.tenantId})` : state.tenantId
  }

  const renderTenantArea = () => {
    if (!isAdmin) {
      replace(tenantArea, h('span', {}, 'Tenant'), h('span', { class: 'tenant-name' }, tenantLabel()))
      return
    }
    const select = h(
      'select',
      { 'aria-label': 'Tenant ativo', onchange: (event) => setTenant(event.target.value || null) },
      h('option', { value: '' }, state.tenants.length ? '— escolha um tenant —' : '— nenhum tenant —'),
      state.tenants.map((tenant) =>
        h('option', { value: tenant.tenant_id, selected: tenant.tenant_id === state.tenantId }, tenant.display_name && tenant.display_name !== tenant.tenant_id ? `${tenant.display_name} (${tenant.tenant_id})` : tenant.tenant_id),
      ),
    )
    if (state.tenantId && !state.tenants.some((tenant) => tenant.tenant_id === state.tenantId)) {
      select.append(h('option', { value: state.tenantId, selected: true }, tenantLabel()))
    }
    replace(tenantArea, h('span', { 'aria-hidden': 'true' }, 'Tenant'), select)
  }

  const reloadTenants = async () => {
    if (!isAdmin) return []
    try {
      state.tenants = (await session.api.get('/api/tenants')).items ?? []
    } catch (error) {
      toast(`Não foi possível listar os tenants: ${error.message}`, 'error')
    }
    renderTenantArea()
    return state.tenants
  }

  const loadConfig = async () => {
    state.config = await session.api.get(session.api.tenantPath(state.tenantId, '/config'))
    applyTheme(state.config?.panel)
    renderTenantArea()
    void refreshPill()
    return state.config
  }

  async function setTenant(tenantId, { navigate } = {}) {
    const wanted = isAdmin ? tenantId || null : session.ownerTenantId()
    state.tenantId = wanted
    state.config = null
    writeTenantParam(wanted)
    if (wanted) {
      try {
        await loadConfig()
      } catch (error) {
        toast(error.code === 'TENANT_NOT_FOUND' ? `O tenant "${wanted}" não existe.` : `Não foi possível abrir o tenant: ${error.message}`, 'error')
        state.tenantId = null
        writeTenantParam(null)
      }
    }
    if (!state.tenantId) applyTheme(null)
    renderTenantArea()
    void refreshPill()
    const target = navigate ? findModule(navigate) : null
    if (target && target.key !== currentRouteKey()) window.location.hash = `#/${target.key}`
    else void route()
  }

  // ---------- WhatsApp pill ----------
  async function refreshPill() {
    if (!state.tenantId) {
      pill.className = 'pill plain wa-pill'
      pillText.textContent = '—'
      return null
    }
    const tenantId = state.tenantId
    try {
      const instance = await fetchWhatsappInstance(session.api, tenantId)
      if (tenantId !== state.tenantId) return null
      const described = describeWhatsappState(instance?.state, { configured: Boolean(state.config?.evolution?.instance) })
      pill.className = `pill ${described.kind} wa-pill`
      pillText.textContent = described.text
      return instance
    } catch {
      pill.className = 'pill plain wa-pill'
      pillText.textContent = 'sem resposta'
      return null
    }
  }
  const stopPill = startPolling(() => refreshPill(), PILL_POLL_MS, { immediate: false })

  // ---------- routing ----------
  const messageCard = (title, text, actions = []) => h('section', { class: 'card unavailable stack-sm' }, h('h2', {}, title), h('p', { class: 'muted' }, text), actions.length ? h('div', { class: 'row' }, actions) : null)

  const unmount = () => {
    const cleanup = state.cleanup
    state.cleanup = null
    if (typeof cleanup === 'function') {
      try {
        cleanup()
      } catch {
        // A module's cleanup failing must not block the next screen.
      }
    }
  }

  const buildCtx = () => ({
    api: session.api,
    session,
    tenantId: state.tenantId,
    isAdmin,
    config: () => state.config,
    reloadConfig: () => loadConfig(),
    get timeZone() {
      return state.config?.timezone ?? DEFAULT_TIME_ZONE
    },
    toast,
    navigate: (slug) => {
      const entry = findModule(slug)
      if (entry) window.location.hash = `#/${entry.key}`
    },
    setTenant: (tenantId, options) => setTenant(tenantId, options),
    tenants: () => state.tenants,
    reloadTenants,
    /** One-shot values that survive a remount (e.g. the keys of a tenant just created). */
    flash: { set: (key, value) => flash.set(key, value), take: (key) => { const value = flash.get(key); flash.delete(key); return value } },
    refreshWhatsapp: () => refreshPill(),
  })

  async function route() {
    if (state.disposed) return
    let entry = findModule(currentRouteKey())
    if (!entry) {
      entry = findModule(state.tenantId ? DEFAULT_KEY : SETTINGS_KEY)
      window.history.replaceState(null, '', `#/${entry.key}`)
    }
    const token = ++state.mountToken
    unmount()
    state.activeKey = entry.key
    for (const link of navLinks) {
      if (link.dataset.key === entry.key) link.setAttribute('aria-current', 'page')
      else link.removeAttribute('aria-current')
    }
    titleEl.textContent = entry.title
    document.title = `${entry.title} · fabio`
    const container = h('div', { class: `module module-${entry.key}`, dataset: { module: entry.key } })
    replace(content, container)
    if (!state.tenantId && entry.key !== SETTINGS_KEY) {
      replace(
        container,
        messageCard('Escolha um tenant', 'Selecione um tenant no topo da página, ou crie um novo em 06 Configurações.', [
          h('button', { type: 'button', class: 'primary', onclick: () => buildCtx().navigate(SETTINGS_KEY) }, 'Ir para 06 Configurações'),
        ]),
      )
      return
    }
    let loaded
    try {
      loaded = (await entry.load()).module
      if (!loaded || typeof loaded.mount !== 'function') throw new Error('o arquivo do módulo não exporta "module"')
    } catch (error) {
      if (token !== state.mountToken) return
      replace(
        container,
        messageCard('Módulo indisponível', `O módulo ${entry.title} não pôde ser carregado agora. Recarregue a página em instantes; se continuar, avise o suporte.`, [
          h('button', { type: 'button', onclick: () => route() }, 'Tentar de novo'),
        ]),
        h('p', { class: 'muted small' }, `Detalhe: ${error?.message ?? error}`),
      )
      return
    }
    if (token !== state.mountToken) return
    try {
      const cleanup = await loaded.mount(container, buildCtx())
      if (token !== state.mountToken) {
        if (typeof cleanup === 'function') cleanup()
        return
      }
      state.cleanup = cleanup
    } catch (error) {
      if (token !== state.mountToken) return
      replace(container, messageCard('Erro ao abrir o módulo', error?.message ?? String(error), [h('button', { type: 'button', onclick: () => route() }, 'Tentar de novo')]))
    }
  }

  const onHashChange = () => void route()
  window.addEventListener('hashchange', onHashChange)

  const dispose = () => {
    state.disposed = true
    state.mountToken += 1
    unmount()
    stopPill()
    window.removeEventListener('hashchange', onHashChange)
  }

  async function logout() {
    logoutButton.disabled = true
    try {
      await session.logout()
    } catch {
      // The cookie may already be gone; the login screen is right either way.
    }
    dispose()
    onLogout()
  }

  // ---------- start ----------
  renderTenantArea()
  if (isAdmin) await reloadTenants()
  await setTenant(isAdmin ? readTenantParam() : session.ownerTenantId())
  return { dispose }
}
