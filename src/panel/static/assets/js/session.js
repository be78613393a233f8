// The browser side of the panel session: who is logged in, the CSRF token, login and logout.
import { createApi } from './api.js'

/**
 * One per page. `onLoggedOut` runs when the server says the session is gone, so the page can
 * show the login again instead of failing call by call.
 */
export const createSession = ({ onLoggedOut } = {}) => {
  let current = null
  const api = createApi({
    getCsrfToken: () => current?.csrf_token ?? null,
    onUnauthorized: () => {
      if (!current) return
      current = null
      onLoggedOut?.()
    },
  })

  return {
    api,
    /** `{principal, csrf_token, expires_at}` or null. */
    current: () => current,
    /** Asks the server whether the cookie is still a live session. */
    restore: async () => {
      try {
        const answer = await api.get('/api/session')
        current = answer?.principal ? answer : null
      } catch {
        current = null
      }
      return current
    },
    login: async ({ token, tenantId }) => {
      current = await api.post('/api/session', tenantId ? { token, tenant_id: tenantId } : { token })
      return current
    },
    logout: async () => {
      try {
        await api.delete('/api/session')
      } finally {
        current = null
      }
    },
    isAdmin: () => current?.principal?.kind === 'admin',
    /** The owner's tenant, or null for the operator. */
    ownerTenantId: () => (current?.principal?.kind === 'owner' ? current.principal.tenant_id : null),
  }
}
