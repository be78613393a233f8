// The WhatsApp (Evolution instance) state in pt-BR, shared by the topbar pill, 01 and 06.

const STATES = {
  open: { text: 'Conectado', kind: 'ok' },
  connecting: { text: 'Aguardando leitura do QR', kind: 'warning' },
  close: { text: 'Desconectado', kind: 'danger' },
  refused: { text: 'QR recusado (limite atingido)', kind: 'danger' },
  unreachable: { text: 'Evolution não responde', kind: 'danger' },
  unknown: { text: 'Estado desconhecido', kind: 'info' },
}

/**
 * `{text, kind}` for a state string. No state means fabio has not seen the instance yet: either
 * Evolution is not configured, or it is and nobody checked it yet (the watchdog runs each minute).
 */
export const describeWhatsappState = (state, { configured = false } = {}) => {
  if (!state) return configured ? { text: 'Ainda não verificado', kind: 'info' } : { text: 'Não configurado', kind: 'plain' }
  return STATES[state] ?? { text: String(state), kind: 'info' }
}

/** The first instance of GET …/whatsapp, or null. */
export const fetchWhatsappInstance = async (api, tenantId) => {
  const answer = await api.get(api.tenantPath(tenantId, '/whatsapp'))
  return answer?.items?.[0] ?? null
}
