// The simpler cards of 06: Aparência, OpenAI, Atendimento, Proprietário and Memória.
import { h } from '../../dom.js'
import { applyTheme } from '../../theme.js'

/** A titled card that screen readers (and tests) find as a region by its title. */
export const section = (id, title, subtitle, ...children) =>
  h(
    'section',
    { class: 'card settings-card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    subtitle ? h('p', { class: 'card-sub' }, subtitle) : null,
    children,
  )

export const LAYOUT_OPTIONS = [
  ['studio', 'Studio (visual IA)'],
  ['fabio2', 'Fabio 2 (painel clássico)'],
]

export const PALETTE_OPTIONS = [
  ['darkgreen', 'Verde escuro'],
  ['ocean', 'Oceano'],
  ['forest', 'Floresta'],
  ['sunset', 'Pôr do sol'],
]

/** Layout and palette, previewed as soon as they change (saved with "Salvar Config"). */
export const appearanceCard = (form) => {
  const layout = form.select('panel.layout', 'Layout', LAYOUT_OPTIONS)
  const palette = form.select('panel.palette', 'Paleta', PALETTE_OPTIONS)
  const preview = () => applyTheme({ layout: layout.control.value, palette: palette.control.value })
  layout.control.addEventListener('change', preview)
  palette.control.addEventListener('change', preview)
  return section('cfg-aparencia', 'Aparência', 'O visual do painel deste tenant. A mudança aparece na hora; salve para manter.', h('div', { class: 'form-grid' }, layout.element, palette.element))
}

export const openaiCard = (form) =>
  section(
    'cfg-openai',
    'OpenAI',
    'Sem chave própria, o fabio usa a chave da plataforma; sem nenhuma, responde em modo de comandos.',
    h(
      'div',
      { class: 'form-grid' },
      form.secret('openai.api_key', 'Chave de API da OpenAI', { wide: true }),
      form.text('openai.base_url', 'URL base da OpenAI', { placeholder: 'https://api.openai.com/v1', hint: 'Opcional: qualquer API compatível com a OpenAI.', type: 'url' }),
      form.text('openai.chat_model', 'Modelo de chat', { placeholder: 'padrão da plataforma' }),
      form.text('openai.embedding_model', 'Modelo de embeddings', { placeholder: 'embeddings locais', hint: 'Trocar o modelo reprocessa a memória em segundo plano.' }),
      form.text('openai.transcription_model', 'Modelo de transcrição', { placeholder: 'padrão da plataforma' }),
      form.number('openai.daily_token_budget', 'Orçamento diário de tokens', { min: 1, placeholder: 'sem limite', hint: 'Ao passar do limite, o atendimento segue em modo de comandos até a meia-noite.' }),
    ),
  )

export const AGENT_MODE_OPTIONS = [
  ['auto', 'Automático: o agente responde sozinho'],
  ['suggest', 'Sugestão: o agente prepara um rascunho'],
  ['off', 'Desligado: só a resposta automática'],
]

export const serviceCard = (form) =>
  section(
    'cfg-atendimento',
    'Atendimento',
    'Como o Agente WhatsApp (Persona 2) atende os clientes. Mensagens do proprietário não seguem estas regras.',
    h(
      'div',
      { class: 'form-grid' },
      form.select('conversation.customer_agent_mode', 'Modo do agente', AGENT_MODE_OPTIONS, { wide: true }).element,
      form.text('conversation.auto_reply_text', 'Texto da resposta automática', {
        multiline: true,
        rows: 3,
        emptyAs: '',
        wide: true,
        hint: 'Enviado uma vez por conversa quando o modo está "Desligado". Vazio: não envia nada.',
      }),
      form.number('conversation.debounce_ms', 'Espera para agrupar mensagens (ms)', { min: 0, max: 60000, step: 100, placeholder: '3000', hint: 'Mensagens seguidas viram uma só resposta.' }),
      form.number('conversation.handoff_pause_minutes', 'Pausa após resposta humana (min)', { min: 0, max: 10080, placeholder: '60', hint: 'Quando alguém responde pelo celular, o bot fica quieto por esse tempo.' }),
      form.number('conversation.max_catch_up_age_minutes', 'Idade máxima para responder (min)', { min: 0, max: 10080, placeholder: '10', hint: 'Mensagens mais antigas (ex.: após uma queda) são guardadas sem resposta.' }),
      form.text('crm.send_window.start', 'Envios automáticos a partir de', { type: 'time' }),
      form.text('crm.send_window.end', 'Envios automáticos até', { type: 'time', hint: 'Follow-ups e campanhas só saem dentro desta janela.' }),
      form.numberList('agenda.reminder_hours_before', 'Lembretes de agendamento (horas antes)', { placeholder: '24, 2', hint: 'Até 5 valores separados por vírgula.' }),
      form.checkbox('conversation.ignore_groups', 'Ignorar mensagens de grupos', { wide: true }),
      form.lines('conversation.allowed_groups', 'Grupos permitidos (um JID por linha)', { placeholder: '120363025246125486@g.us', wide: true, hint: 'Aceitos mesmo com grupos ignorados; o bot responde só quando mencionado.' }),
    ),
  )

export const ownerCard = (form) =>
  section(
    'cfg-proprietario',
    'Proprietário',
    'Mensagens destes números são do proprietário: recebem o Concierge (Persona 1) e as confirmações.',
    form.lines('owner_numbers', 'Números do proprietário', { placeholder: '(11) 98765-4321', rows: 3, hint: 'Um número por linha, com DDD. O primeiro é usado pelo 01 Chat IA e pelos avisos.' }),
  )

export const memoryCard = (form) =>
  section(
    'cfg-memoria',
    'Memória',
    null,
    form.text('memory.maintenance_cron', 'Manutenção da memória (cron)', { placeholder: '0 3 * * *', hint: 'Quando a memória é reprocessada (5 campos: minuto hora dia mês dia-da-semana). Padrão: todo dia às 03:00.' }),
    h(
      'div',
      { class: 'grid-2' },
      form.number('memory.episode_idle_minutes.customer', 'Fechar conversa de cliente após (min)', { min: 5, max: 10080, placeholder: '30', hint: 'Sem mensagens por esse tempo, a conversa vira um episódio resumido.' }),
      form.number('memory.episode_idle_minutes.owner', 'Fechar conversa do proprietário após (min)', { min: 5, max: 10080, placeholder: '120' }),
    ),
  )
