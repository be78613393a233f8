import type { Customer } from '../customers/index.js'
import { sourceLabelsPtBr, stageLabelsPtBr, type Lead } from './lead.js'

/** What the model sees of a lead: who, the stage in pt-BR, origin, last contact and the latest note. */
export const leadForLlm = (lead: Lead, customer: Customer | null, timeZone: string): string => {
  const who = customer ? `${customer.display_name ?? 'Sem nome'} (${customer.phone ? `+${customer.phone}` : 'telefone desconhecido'})` : 'Cliente desconhecido'
  const lastContact = lead.last_contact_at
    ? new Intl.DateTimeFormat('pt-BR', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(lead.last_contact_at))
    : 'nunca'
  const note = lead.notes.at(-1)
  return [
    `${who} — etapa: ${stageLabelsPtBr[lead.stage]}`,
    `origem: ${sourceLabelsPtBr[lead.source]}`,
    `último contato: ${lastContact}`,
    ...(lead.tags.length > 0 ? [`tags: ${lead.tags.join(', ')}`] : []),
    ...(note ? [`nota: ${note.text}`] : []),
  ].join('; ')
}
