// The chat transcript of 01 Chat IA: owner and assistant bubbles (text only, as text nodes), the
// tool calls of each answer as pills, and an empty state with example requests.
import { h, replace } from '../../dom.js'
import { formatDateTime, formatTime } from '../../format.js'
import { toolLabel } from './tool-labels.js'

const KIND_TEXT = { audio: '🎤 Áudio', image: '🖼️ Imagem', video: '🎬 Vídeo', document: '📄 Documento', location: '📍 Localização', sticker: 'Figurinha', contact: '👤 Contato' }

const SUGGESTIONS = ['Como está a agenda de hoje?', 'Quais cobranças estão vencidas?', 'Quantos leads novos chegaram esta semana?', 'Lembre que fechamos nos feriados.']

export const createMessageList = ({ timeZone, onSuggestion }) => {
  const list = h('div', { class: 'chat-messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversa com o assistente' })
  let typing = null
  let count = 0

  const emptyState = () =>
    h(
      'div',
      { class: 'chat-empty' },
      h('p', { class: 'chat-empty-title' }, 'Converse com o seu assistente'),
      h('p', { class: 'muted small' }, 'É o mesmo assistente do seu WhatsApp: mesma memória, mesmas confirmações. Experimente:'),
      h(
        'div',
        { class: 'chat-suggestions' },
        SUGGESTIONS.map((text) => h('button', { type: 'button', class: 'small', onclick: () => onSuggestion(text) }, text)),
      ),
    )

  const scroll = () => {
    list.scrollTop = list.scrollHeight
  }

  const bubble = ({ who, text, at, toolCalls = [], labels = [], error = false, action = null }) => {
    if (count === 0) list.replaceChildren(...(typing ? [typing] : []))
    count += 1
    const meta = [who === 'owner' ? 'Você' : 'Assistente', at ? (Date.now() - new Date(at).getTime() > 20 * 3600 * 1000 ? formatDateTime(at, timeZone) : formatTime(at, timeZone)) : null].filter(Boolean).join(' · ')
    const element = h(
      'div',
      { class: ['bubble', who === 'owner' ? 'bubble-owner' : 'bubble-assistant', error && 'bubble-error'] },
      labels.length ? h('div', { class: 'bubble-attachments' }, labels.map((label) => h('span', { class: 'chip' }, h('span', {}, label)))) : null,
      text ? h('p', { class: 'bubble-text' }, text) : null,
      toolCalls.length
        ? h(
            'div',
            { class: 'bubble-tools', 'aria-label': 'Ferramentas usadas' },
            toolCalls.map((call) => h('span', { class: ['pill', call.ok === false ? 'danger' : 'ok'], title: call.name }, `${toolLabel(call.name)}${call.ok === false ? ' (falhou)' : ''}`)),
          )
        : null,
      action,
      h('span', { class: 'bubble-meta' }, meta),
    )
    if (typing) list.insertBefore(element, typing)
    else list.append(element)
    scroll()
    return element
  }

  return {
    element: list,
    reset: () => {
      count = 0
      typing = null
      replace(list, emptyState())
    },
    /** A stored message (GET …/messages) as a bubble. */
    addStored: (message) => {
      const who = message.direction === 'inbound' ? 'owner' : 'assistant'
      const text = message.text ?? KIND_TEXT[message.kind] ?? '[mensagem sem texto]'
      bubble({ who, text, at: message.created_at, toolCalls: Array.isArray(message.tool_calls) ? message.tool_calls : [] })
    },
    addOwner: (text, labels) => bubble({ who: 'owner', text, labels, at: new Date().toISOString() }),
    addAssistant: (text, toolCalls) => bubble({ who: 'assistant', text, toolCalls, at: new Date().toISOString() }),
    addError: (text, action) => bubble({ who: 'assistant', text, error: true, action, at: new Date().toISOString() }),
    setTyping: (on) => {
      if (on && !typing) {
        typing = h('div', { class: 'bubble bubble-assistant bubble-typing', 'aria-label': 'O assistente está respondendo' }, h('span', {}), h('span', {}), h('span', {}))
        list.append(typing)
        scroll()
      } else if (!on && typing) {
        typing.remove()
        typing = null
      }
    },
  }
}
