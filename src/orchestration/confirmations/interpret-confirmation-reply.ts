export type ConfirmationReply = 'approve' | 'reject'

const approvals = new Set(['sim', 's', 'confirmo', 'confirmar', 'ok', 'pode', 'pode sim', 'isso'])
const rejections = new Set(['nao', 'n', 'cancelar', 'cancela', 'cancele'])

/** Lowercase, without accents, punctuation or emoji, single-spaced: "Não!! 👎" → "nao". */
export const normalizeReplyText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * The owner's answer to a pending confirmation, in pt-BR. Only a whole message counts: "Sim!"
 * approves, "sim, mas mude o valor" is a new instruction for the agent (null), as is anything
 * else.
 */
export const interpretConfirmationReply = (text: string): ConfirmationReply | null => {
  const normalized = normalizeReplyText(text)
  if (approvals.has(normalized)) return 'approve'
  if (rejections.has(normalized)) return 'reject'
  return null
}
