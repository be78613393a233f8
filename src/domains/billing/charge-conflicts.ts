import { AppError } from '../../shared/app-error.js'

export const chargeExistsError = (chargeId: string): AppError =>
  new AppError('BILLING_CHARGE_ALREADY_EXISTS', `charge ${chargeId} (or its PIX txid) already exists`)
