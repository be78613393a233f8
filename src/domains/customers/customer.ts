import { z } from 'zod'

export const customerOrigins = ['whatsapp', 'manual', 'campaign', 'import'] as const
export const customerStatuses = ['active', 'inactive'] as const

/** Dates are ISO-8601 strings in UTC in both backends. */
export const customerSchema = z.object({
  customer_id: z.string(),
  tenant_id: z.string(),
  display_name: z.string().nullable(),
  /** Canonical E.164 digits (Brazilian 9th digit added); null while only a LID is known. */
  phone: z.string().nullable(),
  /** The user part of the WhatsApp LID ("162534879012345"), once seen. */
  whatsapp_lid: z.string().nullable(),
  email: z.string().nullable(),
  origin: z.enum(customerOrigins),
  status: z.enum(customerStatuses),
  created_at: z.string(),
  updated_at: z.string(),
})

export type Customer = z.infer<typeof customerSchema>
export type CustomerOrigin = (typeof customerOrigins)[number]

export const createCustomerInputSchema = z.strictObject({
  phone: z.string().min(1).max(40),
  display_name: z.string().trim().min(1).max(120).optional(),
  email: z.email().max(200).optional(),
  origin: z.enum(customerOrigins).default('manual'),
})

export type CreateCustomerInput = z.input<typeof createCustomerInputSchema>

export const listCustomersQuerySchema = z.object({
  q: z.string().trim().min(1).max(100).optional(),
})
