import { z } from 'zod'

/** A contact's recorded wish to receive no automated message. One per contact. */
export const optOutSchema = z.object({
  tenant_id: z.string(),
  customer_id: z.string(),
  /** What the contact wrote. */
  text: z.string(),
  at: z.string(),
})

export type OptOut = z.infer<typeof optOutSchema>

/** Lower case, no accents, no punctuation, single spaces. */
export const normalizeForOptOut = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

// A message that is nothing but one of these words (with politeness around it) is an opt-out.
// Not "cancelar" alone: answering a reminder with it means the appointment, not the messages.
const bareCommands = ['sair', 'parar', 'pare', 'para', 'stop', 'descadastrar', 'descadastre', 'unsubscribe']
const politeness = /^(?:(?:por favor|pfv|pf|porfavor|obrigad[oa]|ok|quero|eu quero|gostaria de|favor)\s*)*(.*?)(?:\s*(?:por favor|pfv|pf|obrigad[oa]|agora|ja))*$/

// Phrases whose intent is "stop messaging me", anywhere in the message. Each names the messages,
// the list or the sending, so "vou sair mais cedo" or "quero cancelar meu horário" never match.
const intentPatterns: RegExp[] = [
  /\bnao (?:quero|desejo|gostaria de) (?:mais )?receber\b/,
  /\b(?:parem?|para|parar|deixa de|deixe de|deixem de|pode parar de|podem parar de) (?:de )?(?:me )?(?:mandar|enviar|mandando|enviando) (?:mais )?(?:mensage(?:m|ns)|msg|propaganda|promoco(?:es)?|isso)/,
  /\bnao (?:me )?(?:mande|mandem|envie|enviem|manda|envia) mais\b/,
  /\b(?:me )?(?:tira|tirem|tire|remove|remova|removam|exclui|exclua|excluam) (?:o )?(?:meu )?(?:numero |contato |nome )?(?:da|dessa|desta|de sua|da sua) lista\b/,
  /\b(?:cancelar|cancela|cancele) (?:a |minha )?inscricao\b/,
  /\b(?:descadastrar|descadastra|descadastre|descadastro)\b/,
  /\bsair da lista\b/,
  /\bnao quero mais (?:mensage(?:m|ns)|msg|contato|propaganda|promoco(?:es)?)\b/,
  /\bpara de me (?:mandar|enviar) mensage(?:m|ns)\b/,
]

/**
 * Whether a message asks to stop automated messages (issue #5), pt-BR, accent/case-insensitive.
 * Whole-intent matching: a bare command ("sair", "PARAR!") or a phrase about the messages or the
 * list. Ordinary sentences that merely contain "sair" or "cancelar" ("vou sair mais cedo hoje",
 * "quero cancelar meu horário") are not opt-outs.
 */
export const isOptOutMessage = (text: string): boolean => {
  const normalized = normalizeForOptOut(text)
  if (normalized.length === 0) return false
  const core = politeness.exec(normalized)?.[1]?.trim() ?? normalized
  if (bareCommands.includes(core)) return true
  return intentPatterns.some((pattern) => pattern.test(normalized))
}
