import { AppError } from '../../shared/app-error.js'

/**
 * A write derived from content that predates the subject's erasure (an episode close or an
 * extraction in flight, a remember racing the erase): refused, so erased data does not come back.
 */
export const subjectErasedError = (input: { tenantId: string; subjectId: string; erasedAt: string; what: string }): AppError =>
  new AppError(
    'MEMORY_SUBJECT_ERASED',
    `The ${input.what} was not stored: contact ${input.subjectId} had their memory erased at ${input.erasedAt}, after the content it comes from`,
    { details: { subject_id: input.subjectId, erased_at: input.erasedAt } },
  )
