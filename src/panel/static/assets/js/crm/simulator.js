// The Simulador tab: talk to the WhatsApp agent as a customer (POST …/chat {as:'customer'}),
// with the same tools and memory, without sending anything through WhatsApp.
import { h, replace } from '../dom.js'
import { errorMessage, field, formAlert, withBusy } from '../ui/forms.js'
import { emptyState } from '../ui/states.js'
import { toolCallPills } from './transcript.js'

export const DEFAULT_SIMULATOR_PHONE = '+55 11 90000-0001'

export const mountSimulator = (container, ctx, crm) => {
  const { api, tenantId } = ctx
  // Kept on the module's shared state, so switching tabs does not lose the conversation.
  const memory = (crm.simulator ??= { phone: DEFAULT_SIMULATOR_PHONE, entries: [] })
  const log = h('ol', { class: 'list-plain crm-msg-list' })
  const logWrap = h('div', { class: 'crm-messages crm-sim-log', role: 'log', 'aria-label': 'Conversa simulada', 'aria-live': 'polite' })
  const phone = h('input', { name: 'from', type: 'tel', value: memory.phone, autocomplete: 'off', required: true })
  phone.addEventListener('change', () => {
    memory.phone = phone.value
  })
  const text = h('textarea', { name: 'text', rows: '2', placeholder: 'Ex.: Oi! Quero marcar um horário amanhã.' })
  const send = h('button', { type: 'submit', class: 'primary' }, 'Enviar como cliente')
  const clear = h('button', { type: 'button', class: 'ghost' }, 'Limpar tela')
  const alert = formAlert()

  const showEmpty = () => replace(logWrap, emptyState('Escreva como se fosse um cliente. As respostas e as ferramentas usadas pelo agente aparecem aqui.'))
  const bubble = (entry) => {
    const item = h(
      'li',
      { class: ['crm-msg', entry.who === 'customer' ? 'crm-msg-in' : 'crm-msg-out crm-msg-agent', entry.failed && 'crm-msg-failed'] },
      h('span', { class: 'crm-msg-author' }, entry.who === 'customer' ? `Cliente (simulado) · ${entry.phone}` : 'fabio'),
      h('div', { class: 'crm-msg-text' }, entry.text),
    )
    const pills = toolCallPills(entry.toolCalls)
    if (pills) item.append(pills)
    return item
  }
  const push = (entry) => {
    memory.entries.push(entry)
    if (!logWrap.contains(log)) replace(logWrap, log)
    log.append(bubble(entry))
    logWrap.scrollTop = logWrap.scrollHeight
  }

  const form = h(
    'form',
    { class: 'crm-composer', novalidate: true },
    field('Telefone do cliente', phone, { hint: 'Um número fictício. A conversa fica salva para esse telefone; nada sai pelo WhatsApp.' }),
    field('Mensagem do cliente', text),
    h('div', { class: 'form-actions' }, send, clear),
    alert,
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    alert.textContent = ''
    const message = text.value.trim()
    if (!message) {
      alert.textContent = 'Escreva a mensagem do cliente.'
      text.focus()
      return
    }
    push({ who: 'customer', phone: phone.value.trim(), text: message })
    text.value = ''
    await withBusy(
      send,
      async () => {
        try {
          const answer = await api.post(api.tenantPath(tenantId, '/chat'), { as: 'customer', from: phone.value.trim(), text: message })
          const replies = answer.replies?.length ? answer.replies : ['(o agente não respondeu nesta vez)']
          replies.forEach((reply, index) => push({ who: 'agent', text: reply, toolCalls: index === 0 ? answer.tool_calls : [] }))
        } catch (error) {
          push({ who: 'agent', text: `Erro: ${errorMessage(error)}`, failed: true })
          if (typeof error.fieldErrors === 'function' && error.fieldErrors().some((entry) => entry.path === 'from')) {
            alert.textContent = 'Confira o telefone do cliente.'
          }
        }
      },
      'Enviando…',
    )
    text.focus()
  })
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      form.requestSubmit()
    }
  })
  clear.addEventListener('click', () => {
    memory.entries = []
    log.replaceChildren()
    showEmpty()
  })

  if (memory.entries.length) {
    replace(log, memory.entries.map(bubble))
    replace(logWrap, log)
  } else showEmpty()
  replace(
    container,
    h(
      'section',
      { class: 'crm-simulator card', 'aria-labelledby': 'crm-sim-title' },
      h('h2', { id: 'crm-sim-title' }, 'Simulador de cliente'),
      h('p', { class: 'muted small' }, 'Teste o Agente WhatsApp (Persona 2) com as mesmas ferramentas, agenda e memória. Enter envia; Shift+Enter quebra a linha.'),
      logWrap,
      form,
    ),
  )
  return () => undefined
}
