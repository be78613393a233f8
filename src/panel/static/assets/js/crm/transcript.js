// Message bubbles of a conversation: inbound left, outbound right, with author, time, delivery
// status and, on the agent's replies, the tools its turn called. Every string is a text node.
import { h } from '../dom.js'
import { formatDateTime, formatTime, localDate } from '../format.js'
import { AUTHOR_LABELS, DELIVERY_LABELS, KIND_PLACEHOLDERS } from './labels.js'

/** "14:05" today, "28/11/2026 14:05" on other days, in the tenant's zone. */
export const shortTime = (iso, timeZone) => {
  if (!iso) return ''
  return localDate(new Date(iso), timeZone) === localDate(new Date(), timeZone) ? formatTime(iso, timeZone) : formatDateTime(iso, timeZone)
}

/** Small pills naming each tool call, marked ok or failed. */
export const toolCallPills = (toolCalls) =>
  toolCalls?.length
    ? h(
        'ul',
        { class: 'crm-tool-calls', 'aria-label': 'Ferramentas usadas' },
        toolCalls.map((call) =>
          h(
            'li',
            { class: ['pill', 'crm-tool', call.ok === false ? 'crm-tool-failed' : 'crm-tool-ok'], title: call.ok === false ? 'Ferramenta falhou' : 'Ferramenta executada' },
            `${call.ok === false ? '✗' : '✓'} ${call.name}`,
          ),
        ),
      )
    : null

const messageBody = (message) => {
  const placeholder = message.kind && message.kind !== 'text' ? KIND_PLACEHOLDERS[message.kind] ?? message.kind : null
  return h(
    'div',
    { class: 'crm-msg-text' },
    placeholder ? h('span', { class: 'crm-msg-kind' }, placeholder) : null,
    placeholder && message.text ? h('br') : null,
    message.text ?? (placeholder ? null : '—'),
  )
}

/** One bubble. `extraClass` marks local states (e.g. a reply still in the queue). */
export const messageBubble = (message, timeZone, extraClass) => {
  const outbound = message.direction === 'outbound'
  const author = AUTHOR_LABELS[message.author] ?? message.author ?? ''
  const status = outbound && message.status ? DELIVERY_LABELS[message.status] ?? message.status : null
  return h(
    'li',
    { class: ['crm-msg', outbound ? 'crm-msg-out' : 'crm-msg-in', message.author && `crm-msg-${message.author}`, extraClass] },
    h('span', { class: 'crm-msg-author' }, author),
    messageBody(message),
    toolCallPills(message.tool_calls),
    h(
      'span',
      { class: 'crm-msg-meta' },
      h('time', { datetime: message.created_at ?? '' }, shortTime(message.created_at, timeZone)),
      status ? h('span', { class: ['crm-msg-status', message.status === 'ERROR' && 'crm-msg-error'] }, ` · ${status}`) : null,
    ),
  )
}
