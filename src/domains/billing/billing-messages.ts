import type { Charge } from './charge.js'
import { formatDatePtBr } from './local-date.js'
import { formatCentsBrl } from './money.js'

/** The overdue reminder sent to the customer; `pix` is the copia-e-cola, or null without PIX. */
export const overdueReminderText = (charge: Charge, pix: string | null): string =>
  [
    `Olá! Lembrete: a cobrança "${charge.description}" de ${formatCentsBrl(charge.amount_cents)} venceu em ${formatDatePtBr(charge.due_date)} e ainda consta em aberto.`,
    pix ? `Para pagar com PIX, use o copia e cola abaixo:\n${pix}` : 'Se precisar dos dados para pagamento, é só responder esta mensagem.',
    'Se você já pagou, desconsidere esta mensagem.',
  ].join('\n\n')

/** Sent to the customer once a charge is paid. */
export const paymentConfirmedText = (charge: Charge): string =>
  `Pagamento recebido! A cobrança "${charge.description}" de ${formatCentsBrl(charge.amount_cents)} está quitada. Obrigado!`
