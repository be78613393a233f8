// pt-BR names of the agent's tools, for the pills under each answer. Unknown tools show as named.

const LABELS = {
  book_appointment: 'Agendar',
  book_appointment_for: 'Agendar para cliente',
  cancel_appointment: 'Cancelar agendamento',
  cancel_my_appointment: 'Cancelar agendamento',
  create_charge: 'Criar cobrança',
  find_available_slots: 'Horários livres',
  forget: 'Esquecer',
  list_appointments: 'Consultar agenda',
  list_charges: 'Listar cobranças',
  list_leads: 'Listar leads',
  list_my_appointments: 'Meus agendamentos',
  list_my_charges: 'Minhas cobranças',
  mark_charge_paid: 'Marcar como paga',
  move_lead: 'Mover lead',
  pause_bot: 'Pausar bot',
  remember: 'Guardar na memória',
  request_human: 'Chamar atendente',
  reschedule_my_appointment: 'Remarcar',
  resume_bot: 'Retomar bot',
  schedule_follow_up: 'Agendar follow-up',
  search_customers: 'Buscar clientes',
  update_my_name: 'Atualizar nome',
}

export const toolLabel = (name) => LABELS[name] ?? String(name ?? '')
