import { AppError } from '../../shared/app-error.js'

export const phoneTakenError = (phone: string): AppError =>
  new AppError('CUSTOMER_PHONE_TAKEN', `another customer already has the phone number ${phone}`)

export const whatsappLidTakenError = (lid: string): AppError =>
  new AppError('CUSTOMER_WHATSAPP_LID_TAKEN', `another customer already has the WhatsApp id ${lid}@lid`)

export const customerExistsError = (customerId: string): AppError =>
  new AppError('CUSTOMER_ALREADY_EXISTS', `customer ${customerId} already exists`)
