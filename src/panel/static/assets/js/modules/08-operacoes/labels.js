// pt-BR names of event types and task fields (docs/configuration.md#event-types).

export const EVENT_LABELS = {
  'message.received': 'Mensagem recebida',
  'message.typed_by_human': 'Mensagem digitada por humano',
  'message.echoed': 'Eco de mensagem enviada',
  'message.sent': 'Mensagem enviada',
  'message.send_failed': 'Falha no envio',
  'message.suppressed': 'Envio suprimido',
  'turn.completed': 'Turno respondido',
  'turn.skipped': 'Turno sem resposta',
  'reply.drafted': 'Rascunho de resposta',
  'handoff.started': 'Bot pausado (atendimento humano)',
  'handoff.ended': 'Bot retomado',
  'task.dead_lettered': 'Tarefa falhou de vez',
  'instance.connection_updated': 'Conexão do WhatsApp atualizada',
  'instance.qrcode_updated': 'Novo QR code',
  'instance.connected': 'WhatsApp conectado',
  'instance.disconnected': 'WhatsApp desconectado',
  'instance.silent': 'WhatsApp silencioso',
  'agent.turn_recorded': 'Turno do agente',
  'agent.unavailable': 'IA indisponível (modo de comandos)',
  'agent.failed': 'Falha do agente',
  'tool.called': 'Ferramenta usada',
  'tool.refused': 'Ferramenta recusada',
  'owner.notified': 'Aviso ao proprietário',
  'confirmation.requested': 'Confirmação pedida',
  'confirmation.approved': 'Confirmação aprovada',
  'confirmation.rejected': 'Confirmação rejeitada',
  'confirmation.executed': 'Confirmação executada',
  'confirmation.failed': 'Confirmação falhou',
  'confirmation.expired': 'Confirmação expirada',
  'memory.recalled': 'Memória consultada',
  'memory.subject_erased': 'Dados do contato apagados (LGPD)',
  'conversation.restarted': 'Conversa reiniciada',
}

export const EVENT_KIND = {
  'message.send_failed': 'warning',
  'task.dead_lettered': 'danger',
  'agent.failed': 'danger',
  'agent.unavailable': 'warning',
  'tool.refused': 'warning',
  'instance.disconnected': 'danger',
  'instance.silent': 'warning',
  'instance.connected': 'ok',
  'confirmation.failed': 'danger',
  'confirmation.executed': 'ok',
}

export const TASK_STATUS_LABELS = { pending: 'Pendente', running: 'Rodando', done: 'Concluída', dead: 'Falhou de vez' }
export const TASK_STATUS_KIND = { pending: 'info', running: 'warning', done: 'ok', dead: 'danger' }
export const TASK_KIND_LABELS = { inbound: 'Mensagem recebida', send: 'Envio' }
