import { AppError } from '../../shared/app-error.js'
import { allowedTransitions, stageLabelsPtBr, type LeadStage } from './lead.js'

// Messages are pt-BR: the agent's tools hand user errors back to the model as they are.

export const leadExistsError = (customerId: string): AppError =>
  new AppError('CRM_LEAD_ALREADY_EXISTS', `O cliente ${customerId} já tem um lead.`, { details: { customer_id: customerId } })

export const leadNotFoundError = (who: string): AppError =>
  new AppError('CRM_LEAD_NOT_FOUND', `Não há lead para ${who}.`)

export const customerNotFoundError = (phone: string): AppError =>
  new AppError('CRM_CUSTOMER_NOT_FOUND', `Não há cliente com o telefone ${phone}.`)

export const transitionNotAllowedError = (from: LeadStage, to: LeadStage): AppError => {
  const allowed = allowedTransitions[from].map((stage) => stageLabelsPtBr[stage]).join(', ')
  return new AppError(
    'CRM_STAGE_TRANSITION_NOT_ALLOWED',
    `Não é possível mover o lead de "${stageLabelsPtBr[from]}" para "${stageLabelsPtBr[to]}". A partir de "${stageLabelsPtBr[from]}" é possível ir para: ${allowed}.`,
    { details: { from, to, allowed: allowedTransitions[from] } },
  )
}

export const followUpInPastError = (atLocal: string): AppError =>
  new AppError('CRM_FOLLOW_UP_IN_PAST', `O horário ${atLocal} já passou; escolha um horário futuro.`)

export const contactOptedOutError = (who: string): AppError =>
  new AppError('CRM_CONTACT_OPTED_OUT', `${who} pediu para não receber mensagens automáticas.`)

export const followUpExistsError = (followUpId: string): AppError =>
  new AppError('CRM_FOLLOW_UP_ALREADY_EXISTS', `O follow-up ${followUpId} já existe.`)

export const followUpNotFoundError = (followUpId: string): AppError =>
  new AppError('CRM_FOLLOW_UP_NOT_FOUND', `Não encontrei o follow-up ${followUpId}.`, { details: { follow_up_id: followUpId } })

export const followUpNotScheduledError = (followUpId: string, status: string): AppError =>
  new AppError('CRM_FOLLOW_UP_NOT_SCHEDULED', `O follow-up ${followUpId} não está mais agendado (situação: ${status}).`, {
    details: { follow_up_id: followUpId, status },
  })

export const isLeadExists = (error: unknown): boolean => error instanceof AppError && error.code === 'CRM_LEAD_ALREADY_EXISTS'
