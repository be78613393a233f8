import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../../shared/clock.js'
import type { TenantService } from '../../tenants/index.js'
import type { PanelPrincipal, PanelSession } from './panel-session.js'
import type { PanelSessionStore } from './panel-session-store.js'

/** A working day: long enough for a shift at the front desk, short enough for a lost laptop. */
export const PANEL_SESSION_TTL_MS = 12 * 60 * 60 * 1000

export interface PanelLogin {
  /** The cookie value (never stored: only its hash is). */
  cookieValue: string
  session: PanelSession
}

export interface PanelSessionService {
  /** A new session for a valid admin token, or owner key of `tenantId`; null otherwise. */
  login(input: { token: string; tenantId?: string }): Promise<PanelLogin | null>
  /** The live session behind a cookie value, or null. */
  resolve(cookieValue: string): Promise<PanelSession | null>
  logout(cookieValue: string): Promise<void>
  deleteExpired(): Promise<number>
}

const hashOf = (cookieValue: string): string => createHash('sha256').update(cookieValue).digest('hex')

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export const createPanelSessionService = (deps: {
  store: PanelSessionStore
  tenants: TenantService
  adminToken: string
  clock: Clock
}): PanelSessionService => {
  const { store, tenants, adminToken, clock } = deps

  const principalFor = async (token: string, tenantId: string | undefined): Promise<PanelPrincipal | null> => {
    if (sameSecret(token, adminToken)) return { kind: 'admin' }
    if (tenantId && (await tenants.verifyOwnerAccessKey(tenantId, token))) return { kind: 'owner', tenant_id: tenantId }
    return null
  }

  return {
    login: async ({ token, tenantId }) => {
      const principal = await principalFor(token, tenantId)
      if (!principal) return null
      const cookieValue = randomBytes(32).toString('base64url')
      const now = clock.now()
      const session: PanelSession = {
        session_hash: hashOf(cookieValue),
        principal,
        csrf_token: randomBytes(24).toString('base64url'),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + PANEL_SESSION_TTL_MS).toISOString(),
      }
      await store.save({ session })
      return { cookieValue, session }
    },
    resolve: (cookieValue) => store.find({ sessionHash: hashOf(cookieValue), now: clock.now() }),
    logout: async (cookieValue) => {
      await store.delete({ sessionHash: hashOf(cookieValue) })
    },
    deleteExpired: () => store.deleteExpired({ now: clock.now() }),
  }
}
