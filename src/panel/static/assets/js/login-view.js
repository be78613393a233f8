// The login screen shared by /owner/ and /crm/. One message for every refusal: it never says
// whether the tenant or the key was wrong.
import { h, replace } from './dom.js'

const refusalText = (error) => {
  if (error.code === 'AUTH_RATE_LIMITED') return 'Muitas tentativas sem sucesso. Aguarde alguns minutos e tente de novo.'
  if (error.code === 'AUTH_INVALID' || error.code === 'HTTP_VALIDATION_FAILED') return 'Acesso recusado. Confira o tenant e o token.'
  return error.message || 'Não foi possível entrar agora.'
}

/**
 * Renders the form into `container`; calls `onLoggedIn(session)` after a successful login.
 * `tenantId` pre-fills the Tenant field (e.g. /crm/?tenant=…).
 */
export const renderLogin = (container, { session, title, tenantId = '', onLoggedIn }) => {
  const tenantInput = h('input', { id: 'login-tenant', name: 'tenant_id', autocomplete: 'username', value: tenantId, placeholder: 'ex.: clinica-sorriso' })
  const tokenInput = h('input', { id: 'login-token', name: 'token', type: 'password', autocomplete: 'current-password', required: true })
  const message = h('p', { class: 'login-error', role: 'alert' })
  const button = h('button', { type: 'submit', class: 'primary' }, 'Entrar')
  const form = h(
    'form',
    {
      class: 'login-card',
      onsubmit: async (event) => {
        event.preventDefault()
        message.textContent = ''
        button.disabled = true
        try {
          const tenant = tenantInput.value.trim()
          await session.login({ token: tokenInput.value.trim(), tenantId: tenant || undefined })
          onLoggedIn(session.current())
        } catch (error) {
          message.textContent = refusalText(error)
          tokenInput.select()
        } finally {
          button.disabled = false
        }
      },
    },
    h('h1', {}, title),
    h('p', { class: 'hint' }, 'Operador: só o token de administrador. Proprietário: o tenant e a chave de acesso do proprietário.'),
    h('label', { for: 'login-tenant' }, 'Tenant'),
    tenantInput,
    h('label', { for: 'login-token' }, 'Token de acesso'),
    tokenInput,
    button,
    message,
  )
  replace(container, h('main', { class: 'login-screen' }, form))
  ;(tenantId ? tokenInput : tenantInput).focus()
}
