import { z } from 'zod'

/** Who a panel session belongs to: the operator (every tenant) or one tenant's owner. */
export const panelPrincipalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('admin') }),
  z.object({ kind: z.literal('owner'), tenant_id: z.string().min(1) }),
])
export type PanelPrincipal = z.infer<typeof panelPrincipalSchema>

/**
 * A logged-in browser. Only the SHA-256 of the cookie value is stored, so a leaked data dir or
 * database dump cannot be replayed as a cookie.
 */
export const panelSessionSchema = z.object({
  session_hash: z.string().regex(/^[0-9a-f]{64}$/),
  principal: panelPrincipalSchema,
  /** Sent back in `x-csrf-token` on every state-changing call the cookie authenticates. */
  csrf_token: z.string().min(32),
  created_at: z.string(),
  expires_at: z.string(),
})
export type PanelSession = z.infer<typeof panelSessionSchema>
