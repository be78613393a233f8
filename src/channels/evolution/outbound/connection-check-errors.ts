import { AppError, isAppError } from '../../../shared/app-error.js'

/** Evolution's guard answers this for an unknown instance name (v1 and v2). */
const instanceMissingPattern = /instance does not exist/i

const detailOf = (error: AppError, key: string): unknown => error.details[key]

/** A 404 because the instance name is unknown to Evolution (not because the route is). */
export const isInstanceMissing = (error: unknown): boolean =>
  isAppError(error) &&
  error.code === 'EVOLUTION_REQUEST_REJECTED' &&
  detailOf(error, 'status') === 404 &&
  instanceMissingPattern.test(String(detailOf(error, 'evolutionMessage') ?? ''))

/**
 * For the panel's connect and test buttons: the client's Evolution errors, made precise
 * (EVOLUTION_UNREACHABLE for a network failure, EVOLUTION_INSTANCE_NOT_FOUND for an unknown
 * instance) and turned into answers that keep their message. The messages never carry the API key
 * (the client scrubs it), and the person clicking needs them to fix the settings. Still HTTP 502.
 */
export const toConnectionCheckError = (error: unknown, baseUrl: string): unknown => {
  if (!isAppError(error) || !error.code.startsWith('EVOLUTION_') || error.category === 'user') return error
  const keep = (code: string, message = error.message) => new AppError(code, message, { category: 'user', details: error.details, cause: error })
  if (isInstanceMissing(error)) {
    return keep('EVOLUTION_INSTANCE_NOT_FOUND', `Evolution has no instance "${String(detailOf(error, 'instance'))}": check evolution.instance, or connect to create it.`)
  }
  // A failure without an HTTP status never reached Evolution (refused, DNS, reset).
  if (error.code === 'EVOLUTION_REQUEST_FAILED' && detailOf(error, 'status') === undefined) {
    return keep('EVOLUTION_UNREACHABLE', `${error.message}. Check evolution.base_url (${baseUrl}): it must be the address fabio's process reaches Evolution at.`)
  }
  return keep(error.code)
}
