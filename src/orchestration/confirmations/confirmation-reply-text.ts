import type { Confirmation } from './confirmation.js'

/** What the owner reads after answering a confirmation (pt-BR). */
export const confirmationReplyText = {
  executed: (confirmation: Confirmation) => `Feito: ${confirmation.result ?? confirmation.summary}`,
  failed: (confirmation: Confirmation) => `Não consegui concluir: ${confirmation.error ?? 'erro inesperado'}`,
  rejected: () => 'Cancelado. Nada foi feito.',
  expired: () => 'Essa confirmação expirou; peça de novo.',
  /** The owner said "não" to something that had already expired: nothing to ask again. */
  expiredOnReject: () => 'Essa confirmação já tinha expirado; nada foi feito.',
  alreadyDecided: (confirmation: Confirmation): string => {
    switch (confirmation.status) {
      case 'executed':
        return `Isso já foi feito: ${confirmation.result ?? confirmation.summary}`
      case 'failed':
        return `Isso já foi tentado e não deu certo: ${confirmation.error ?? 'erro inesperado'}`
      case 'rejected':
        return 'Isso já foi cancelado.'
      case 'expired':
        return 'Essa confirmação expirou; peça de novo.'
      case 'approved':
        return 'Já estou cuidando disso.'
      case 'pending':
        return `Ainda aguardo sua resposta: ${confirmation.summary}`
    }
  },
}
