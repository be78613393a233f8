import type { Customer } from '../customers/index.js'
import type { Charge, ChargeStatus } from './charge.js'
import { formatDatePtBr } from './local-date.js'
import { formatCentsBrl } from './money.js'

export const chargeStatusPtBr: Record<ChargeStatus, string> = {
  open: 'aberta',
  paid: 'paga',
  overdue: 'vencida',
  cancelled: 'cancelada',
}

const customerLabel = (customer: Customer | null | undefined): string | null =>
  customer ? `${customer.display_name ?? 'Sem nome'}${customer.phone ? ` (+${customer.phone})` : ''}` : null

/**
 * What the model sees of a charge: id (for mark_charge_paid), amount, description, due date,
 * status in pt-BR and, when known, the customer and the PIX copia-e-cola.
 */
export const chargeForLlm = (charge: Charge, extra: { customer?: Customer | null; pixCopiaECola?: string | null } = {}): string => {
  const parts = [
    charge.charge_id,
    formatCentsBrl(charge.amount_cents),
    charge.description,
    `vence em ${formatDatePtBr(charge.due_date)}`,
    chargeStatusPtBr[charge.status],
  ]
  const who = customerLabel(extra.customer)
  if (who) parts.splice(1, 0, who)
  if (charge.status === 'paid' && charge.paid_at) parts.push(`paga em ${formatDatePtBr(charge.paid_at.slice(0, 10))}`)
  const line = parts.join(' · ')
  return extra.pixCopiaECola ? `${line}\n  PIX copia e cola: ${extra.pixCopiaECola}` : line
}
