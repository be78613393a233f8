import { z } from 'zod'

export const chargeStatuses = ['open', 'paid', 'overdue', 'cancelled'] as const
export type ChargeStatus = (typeof chargeStatuses)[number]

/** A calendar date in the tenant's local time. */
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')

/** PIX txid (BR Code field 62-05): 1 to 25 ASCII letters and digits. */
export const txidSchema = z.string().regex(/^[A-Za-z0-9]{1,25}$/, 'a PIX txid is 1 to 25 letters and digits')

export const chargeHistoryEntrySchema = z.object({
  /** ISO-8601 instant (UTC). */
  at: z.string(),
  /** null for the creation entry. */
  from: z.enum(chargeStatuses).nullable(),
  to: z.enum(chargeStatuses),
  reason: z.string(),
})

/** Instants are ISO-8601 strings in UTC in both backends; `due_date` is a local calendar date. */
export const chargeSchema = z.object({
  tenant_id: z.string(),
  charge_id: z.string(),
  customer_id: z.string(),
  description: z.string(),
  /** Integer cents (BRL), > 0. */
  amount_cents: z.number().int().positive(),
  due_date: localDateSchema,
  status: z.enum(chargeStatuses),
  txid: txidSchema,
  paid_at: z.string().nullable(),
  /** Who or what confirmed the payment: a provider event id, `owner:<contact>`, … */
  payment_reference: z.string().nullable(),
  history: z.array(chargeHistoryEntrySchema),
  /** Local days (YYYY-MM-DD) on which an overdue reminder was sent. */
  reminders_sent: z.array(localDateSchema),
  created_at: z.string(),
  updated_at: z.string(),
})

export type Charge = z.infer<typeof chargeSchema>
export type ChargeHistoryEntry = z.infer<typeof chargeHistoryEntrySchema>

/** What the owner gives to create a charge (the create_charge tool, or the API). */
export const createChargeInputSchema = z.strictObject({
  customer_phone: z.string({ error: 'informe o telefone do cliente' }).trim().min(1, 'informe o telefone do cliente').max(40),
  amount_cents: z
    .number({ error: 'informe o valor em centavos (ex.: 15000 para R$ 150,00)' })
    .int('o valor deve ser um número inteiro de centavos (ex.: 15000 para R$ 150,00)')
    .positive('o valor deve ser maior que zero')
    .max(100_000_000, 'o valor máximo de uma cobrança é R$ 1.000.000,00'),
  description: z
    .string({ error: 'informe a descrição da cobrança' })
    .trim()
    .min(1, 'informe a descrição da cobrança')
    .max(140, 'a descrição deve ter no máximo 140 caracteres'),
  due_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a data de vencimento deve estar no formato AAAA-MM-DD').optional(),
})

export type CreateChargeInput = z.input<typeof createChargeInputSchema>

export const listChargesQuerySchema = z.object({
  status: z.enum(chargeStatuses).optional(),
  customer_id: z.string().min(1).max(100).optional(),
})
