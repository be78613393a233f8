export {
  confirmationSchema,
  confirmationStatuses,
  confirmationPatchFields,
  isConfirmationExpired,
  type Confirmation,
  type ConfirmationStatus,
  type ConfirmationPatch,
} from './confirmation.js'
export type { ConfirmationStore, ListConfirmationsInput, TransitionConfirmationInput } from './confirmation-store.js'
export { createFileConfirmationStore } from './file-confirmation-store.js'
export { createPostgresConfirmationStore } from './postgres-confirmation-store.js'
export {
  createConfirmationService,
  type ConfirmationService,
  type ConfirmationServiceDependencies,
  type ConfirmationDecision,
  type ConfirmationOutcome,
  type ExecuteConfirmation,
  type RequestConfirmationInput,
} from './confirmation-service.js'
export { interpretConfirmationReply, normalizeReplyText, type ConfirmationReply } from './interpret-confirmation-reply.js'
export { confirmationReplyText } from './confirmation-reply-text.js'
export {
  listConfirmationsQuerySchema,
  listConfirmationsRequestQuerySchema,
  confirmationIdParamSchema,
} from './confirmation-routes-schemas.js'
