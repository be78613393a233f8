import { AppError } from '../../shared/app-error.js'

export const slotTakenError = (startAt: string): AppError =>
  new AppError('AGENDA_SLOT_TAKEN', `Esse horário já está ocupado (${startAt}).`, { details: { start_at: startAt } })

export const appointmentExistsError = (appointmentId: string): AppError =>
  new AppError('AGENDA_APPOINTMENT_EXISTS', `appointment ${appointmentId} already exists`)

export const appointmentNotFoundError = (appointmentId: string): AppError =>
  new AppError('AGENDA_APPOINTMENT_NOT_FOUND', `Não encontrei o agendamento ${appointmentId}.`, {
    details: { appointment_id: appointmentId },
  })
