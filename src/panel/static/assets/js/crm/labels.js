// pt-BR names of the CRM's stages, sources and statuses (the server speaks English codes).

export const STAGES = ['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost', 'nurturing']

export const STAGE_LABELS = {
  new: 'Novo',
  contacted: 'Contatado',
  qualified: 'Qualificado',
  proposal: 'Proposta',
  negotiation: 'Negociação',
  won: 'Ganho',
  lost: 'Perdido',
  nurturing: 'Nutrição',
}

export const SOURCES = ['whatsapp', 'campaign', 'manual']

export const SOURCE_LABELS = { whatsapp: 'WhatsApp', campaign: 'Campanha', manual: 'Manual' }

export const DELIVERY_LABELS = {
  PENDING: 'Enviando',
  SERVER_ACK: 'Enviada',
  DELIVERY_ACK: 'Entregue',
  READ: 'Lida',
  PLAYED: 'Reproduzida',
  ERROR: 'Erro no envio',
  DELETED: 'Apagada',
}

export const AUTHOR_LABELS = { customer: 'Cliente', owner: 'Proprietário', human: 'Atendente', agent: 'fabio' }

export const KIND_PLACEHOLDERS = {
  audio: '🎤 Áudio',
  image: '🖼️ Imagem',
  video: '🎬 Vídeo',
  document: '📄 Documento',
  location: '📍 Localização',
  reaction: 'Reação',
  interactive_reply: 'Resposta de botão',
  sticker: 'Figurinha',
  contact: '👤 Contato',
  unsupported: 'Mensagem não suportada',
}

export const FOLLOW_UP_STATUS_LABELS = { scheduled: 'Agendado', sent: 'Enviado', cancelled: 'Cancelado', skipped: 'Não enviado' }

export const CHARGE_STATUS_LABELS = { open: 'Em aberto', overdue: 'Vencida', paid: 'Paga', cancelled: 'Cancelada' }

export const APPOINTMENT_STATUS_LABELS = { booked: 'Agendado', cancelled: 'Cancelado' }

export const ORIGIN_LABELS = { whatsapp: 'WhatsApp', manual: 'Manual', campaign: 'Campanha', import: 'Importação' }
