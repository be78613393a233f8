import { z } from 'zod'

/**
 * `pending` → `approved` → `executed` | `failed` when the owner says yes; `pending` → `rejected`
 * when they say no; `pending` → `expired` when nobody answered in time (or a newer request
 * replaced it). Only `pending` and `approved` ever change again.
 */
export const confirmationStatuses = ['pending', 'approved', 'rejected', 'expired', 'executed', 'failed'] as const
export type ConfirmationStatus = (typeof confirmationStatuses)[number]

/** A sensitive owner tool call held until the owner confirms it (`sim` / `não`). */
export const confirmationSchema = z.object({
  tenant_id: z.string(),
  confirmation_id: z.string(),
  /** The owner's contact id: the one who must confirm, in their next message. */
  contact_id: z.string(),
  /** The agent tool to run once confirmed (`create_charge`, `cancel_appointment`, …). */
  tool: z.string().min(1),
  /** The tool's arguments exactly as validated when the model called it. */
  arguments: z.record(z.string(), z.unknown()),
  /** pt-BR, shown to the owner: what "sim" will do. */
  summary: z.string(),
  status: z.enum(confirmationStatuses),
  created_at: z.string(),
  expires_at: z.string(),
  /** When the confirmation left `pending`. */
  decided_at: z.string().nullable(),
  /** `api`, or the id of the owner's WhatsApp message that decided it (dedupes redeliveries). */
  decided_by: z.string().nullable(),
  /** The tool's pt-BR result text, once executed. */
  result: z.string().nullable(),
  error: z.string().nullable(),
})

export type Confirmation = z.infer<typeof confirmationSchema>

/** The fields a transition may change besides `status` (`decided_at` is set by the store). */
export const confirmationPatchFields = ['decided_by', 'result', 'error'] as const
export type ConfirmationPatch = Partial<Pick<Confirmation, (typeof confirmationPatchFields)[number]>>

/** The patch without its undefined keys: a key left out (or undefined) keeps the stored value. */
export const definedPatch = (patch: ConfirmationPatch): ConfirmationPatch =>
  Object.fromEntries(confirmationPatchFields.filter((field) => patch[field] !== undefined).map((field) => [field, patch[field]]))

export const isConfirmationExpired = (confirmation: Pick<Confirmation, 'expires_at'>, now: Date): boolean =>
  now.toISOString() >= confirmation.expires_at
