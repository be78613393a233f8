export {
  chargeSchema,
  chargeHistoryEntrySchema,
  chargeStatuses,
  createChargeInputSchema,
  listChargesQuerySchema,
  localDateSchema,
  txidSchema,
  type Charge,
  type ChargeHistoryEntry,
  type ChargeStatus,
  type CreateChargeInput,
} from './charge.js'
export type { ChargeStore, ListChargesInput, TransitionChargeInput, ChargeTransitionPatch } from './charge-store.js'
export { createFileChargeStore } from './file-charge-store.js'
export { createPostgresChargeStore } from './postgres-charge-store.js'
export {
  createBillingService,
  defaultReminderIntervalDays,
  type BillingService,
  type ChargePix,
  type ApplyPaymentWebhookInput,
  type PaymentWebhookOutcome,
} from './billing-service.js'
export { createBillingTools } from './billing-tools.js'
export { chargeForLlm, chargeStatusPtBr } from './charge-for-llm.js'
export { overdueReminderText, paymentConfirmedText } from './billing-messages.js'
export { buildPixBrCode, parsePixBrCode, parseEmvFields, crc16ccitt, foldToAscii, formatPixAmount, type PixBrCodeInput, type ParsedPixBrCode } from './pix-br-code.js'
export { qrPngDataUrl } from './pix-qr.js'
export { formatCentsBrl } from './money.js'
export { localDateOf } from './local-date.js'
