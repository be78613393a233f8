import { z } from 'zod'

/** What fabio knows of a tenant's Evolution instance: its connection, its QR code, its liveliness. */
export const whatsappInstanceSchema = z.object({
  tenant_id: z.string(),
  instance: z.string(),
  /** Evolution's state: open, connecting, close (refused), or unknown before any news. */
  state: z.string(),
  status_reason: z.number().nullable(),
  wuid: z.string().nullable(),
  profile_name: z.string().nullable(),
  qr_code: z.object({ code: z.string().nullable(), base64: z.string().nullable(), pairing_code: z.string().nullable() }).nullable(),
  last_event_at: z.string().nullable(),
  last_inbound_at: z.string().nullable(),
  last_checked_at: z.string().nullable(),
  /** Set when the watchdog flagged "open but silent"; cleared by the next inbound message. */
  silent_since: z.string().nullable(),
  updated_at: z.string(),
})

export type WhatsappInstance = z.infer<typeof whatsappInstanceSchema>

export const emptyWhatsappInstance = (tenantId: string, instance: string, now: Date): WhatsappInstance => ({
  tenant_id: tenantId,
  instance,
  state: 'unknown',
  status_reason: null,
  wuid: null,
  profile_name: null,
  qr_code: null,
  last_event_at: null,
  last_inbound_at: null,
  last_checked_at: null,
  silent_since: null,
  updated_at: now.toISOString(),
})

export interface WhatsappInstanceStore {
  get(input: { tenantId: string; instance: string }): Promise<WhatsappInstance | null>
  save(input: { instance: WhatsappInstance }): Promise<WhatsappInstance>
  list(input: { tenantId: string }): Promise<WhatsappInstance[]>
}
