// The panel's only way to the server: same-origin fetch with the session cookie, the CSRF token
// on every state-changing call, and errors turned into ApiError with the server's code.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }

  /** The server's 400 messages read "field.path: problem; other: problem": one entry per field. */
  fieldErrors() {
    if (this.status !== 400) return []
    return this.message.split('; ').map((part) => {
      const colon = part.indexOf(': ')
      return colon > 0 ? { path: part.slice(0, colon), message: part.slice(colon + 2) } : { path: '', message: part }
    })
  }
}

const SAFE = new Set(['GET', 'HEAD'])

/**
 * `onUnauthorized` runs when the session is gone (401), so the shell can show the login again.
 * `getCsrfToken` is read at call time: it changes at each login.
 */
export const createApi = ({ getCsrfToken, onUnauthorized }) => {
  const request = async (method, path, { body, query } = {}) => {
    const url = new URL(path, window.location.origin)
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value))
    }
    const headers = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (!SAFE.has(method)) headers['x-csrf-token'] = getCsrfToken() ?? ''
    let response
    try {
      response = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
    } catch {
      throw new ApiError(0, 'NETWORK', 'Sem conexão com o servidor do fabio.')
    }
    if (response.status === 204) return null
    const text = await response.text()
    let data = null
    try {
      data = text ? JSON.parse(text) : null
    } catch {
      data = null
    }
    if (!response.ok) {
      const code = data?.error?.code ?? 'HTTP_' + response.status
      const error = new ApiError(response.status, code, data?.error?.message ?? response.statusText)
      // AUTH_INVALID is a refusal for this route (another tenant), not a lost session.
      if (response.status === 401 && code !== 'AUTH_INVALID' && path !== '/api/session' && onUnauthorized) onUnauthorized(error)
      throw error
    }
    return data
  }

  return {
    get: (path, query) => request('GET', path, { query }),
    post: (path, body = {}) => request('POST', path, { body }),
    put: (path, body = {}) => request('PUT', path, { body }),
    delete: (path) => request('DELETE', path),
    /** `/api/tenants/<id>` + rest, with the id encoded. */
    tenantPath: (tenantId, rest = '') => `/api/tenants/${encodeURIComponent(tenantId)}${rest}`,
  }
}
