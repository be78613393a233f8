// The Inbox tab: WhatsApp conversations (most recent first, unread badges, paused marker) and
// the open conversation's transcript, the suggest-mode draft, pause/resume and a human reply
// sent through Evolution. Polls every 5 s while visible.
import { h, replace } from '../dom.js'
import { formatPhone, formatTime } from '../format.js'
import { runAction } from '../ui/actions.js'
import { errorMessage, field, formAlert, uid, withBusy } from '../ui/forms.js'
import { startPolling } from '../ui/polling.js'
import { emptyState, loadingState, showLoadError } from '../ui/states.js'
import { KIND_PLACEHOLDERS } from './labels.js'
import { messageBubble, shortTime } from './transcript.js'

const MESSAGE_LIMIT = 200
const PAUSE_REASONS = {
  human_reply: 'um atendente respondeu pelo celular',
  api: 'pausado pelo painel',
  owner_tool: 'pausado pelo proprietário',
  customer_requested_human: 'o cliente pediu um atendente',
}

const isPaused = (conversation) => Boolean(conversation?.paused_until && new Date(conversation.paused_until).getTime() > Date.now())

const pauseReasonText = (reason) => {
  if (!reason) return ''
  const [code, detail] = String(reason).split(/:\s*/, 2)
  const base = PAUSE_REASONS[code] ?? code
  return detail ? `${base}: ${detail}` : base
}

export const mountInbox = (container, ctx, crm) => {
  const { api, tenantId, timeZone } = ctx
  const path = (rest) => api.tenantPath(tenantId, rest)
  const state = {
    conversations: [],
    loadedList: false,
    selected: crm.selectedContact ?? null,
    messages: [],
    missing: false,
    pending: [],
    messageSignature: '',
    listSignature: '',
    threadFor: null,
  }

  // --- names ---------------------------------------------------------------------------------
  const customerOf = (conversation) => crm.directory.get(conversation?.contact_id)
  const nameOf = (conversation) => conversation?.display_name ?? conversation?.name ?? conversation?.customer?.display_name ?? customerOf(conversation)?.display_name ?? null
  const phoneOf = (conversation) => conversation?.phone ?? conversation?.customer?.phone ?? customerOf(conversation)?.phone ?? null
  const titleOf = (conversation, contactId) => {
    const name = nameOf(conversation ?? { contact_id: contactId })
    const phone = phoneOf(conversation ?? { contact_id: contactId })
    return name ?? (phone ? formatPhone(phone) : crm.directory.label(contactId))
  }
  const previewOf = (conversation) => {
    const last = conversation.last_message
    if (last && typeof last === 'object') {
      const text = last.text ?? (last.kind ? KIND_PLACEHOLDERS[last.kind] ?? last.kind : '')
      return `${last.direction === 'outbound' ? 'Você: ' : ''}${text ?? ''}`
    }
    return conversation.last_message_text ?? conversation.last_message_preview ?? ''
  }
  const current = () => state.conversations.find((conversation) => conversation.contact_id === state.selected) ?? null

  // --- conversation list -----------------------------------------------------------------------
  const listElement = h('div', { class: 'crm-conv-list-wrap' }, loadingState('Carregando conversas…'))
  const listCount = h('span', { class: 'muted' })

  const listItem = (conversation) => {
    const unread = conversation.unread_count ?? 0
    const selected = conversation.contact_id === state.selected
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          class: ['crm-conv', selected && 'selected', unread > 0 && 'has-unread'],
          'aria-current': selected ? 'true' : null,
          dataset: { contactId: conversation.contact_id },
          onclick: () => select(conversation.contact_id),
        },
        h(
          'span',
          { class: 'crm-conv-top' },
          h('strong', { class: 'crm-conv-name' }, titleOf(conversation, conversation.contact_id)),
          h('time', { class: 'crm-conv-time', datetime: conversation.last_message_at ?? '' }, shortTime(conversation.last_message_at, timeZone)),
        ),
        h(
          'span',
          { class: 'crm-conv-bottom' },
          h('span', { class: 'crm-conv-preview' }, previewOf(conversation) || ' '),
          isPaused(conversation) ? h('span', { class: 'pill crm-paused' }, 'Bot pausado') : null,
          conversation.draft_reply ? h('span', { class: 'pill crm-has-draft' }, 'Sugestão') : null,
          unread > 0 ? h('span', { class: 'badge crm-unread', title: `${unread} não lida(s)` }, String(unread)) : null,
        ),
      ),
    )
  }

  const renderList = () => {
    listCount.textContent = state.conversations.length ? `(${state.conversations.length})` : ''
    if (!state.conversations.length) {
      replace(listElement, emptyState('Nenhuma conversa ainda. Quando um cliente escrever no WhatsApp, ela aparece aqui.'))
      return
    }
    // Keep keyboard focus on the same conversation across refreshes.
    const focused = document.activeElement?.closest?.('.crm-conv')?.dataset.contactId
    replace(listElement, h('ul', { class: 'list-plain crm-conv-list', 'aria-label': 'Conversas' }, state.conversations.map(listItem)))
    if (focused) listElement.querySelector(`[data-contact-id="${CSS.escape(focused)}"]`)?.focus()
  }

  const loadList = async () => {
    const result = await api.get(path('/conversations'), { limit: 100 })
    await crm.directory.ensure(result.items.map((item) => item.contact_id))
    state.conversations = result.items
    state.loadedList = true
    const signature = JSON.stringify([state.selected, result.items.map((c) => [c.contact_id, c.last_message_at, c.unread_count, c.paused_until, Boolean(c.draft_reply)])])
    if (signature !== state.listSignature) {
      state.listSignature = signature
      renderList()
    }
  }

  // --- thread ----------------------------------------------------------------------------------
  const threadTitle = h('h2', { class: 'crm-thread-title' })
  const threadSubtitle = h('p', { class: 'crm-thread-subtitle muted' })
  const botStatus = h('p', { class: 'crm-bot-status', role: 'status' })
  const pauseMinutes = h(
    'select',
    { id: uid('pause-minutes') },
    h('option', { value: '' }, 'Padrão do tenant'),
    h('option', { value: '30' }, '30 minutos'),
    h('option', { value: '120' }, '2 horas'),
    h('option', { value: '480' }, '8 horas'),
    h('option', { value: '1440' }, '24 horas'),
  )
  const pauseButton = h('button', { type: 'button', class: 'ghost' }, 'Pausar bot')
  const resumeButton = h('button', { type: 'button', class: 'primary' }, 'Retomar bot')
  const pauseControls = h('div', { class: 'crm-pause-controls' }, field('Pausar por', pauseMinutes, { className: 'compact' }), pauseButton)
  const messagesElement = h('div', { class: 'crm-messages', role: 'log', 'aria-label': 'Mensagens da conversa', 'aria-live': 'polite' })

  const draftText = h('p', { class: 'crm-draft-text' })
  const sendDraftButton = h('button', { type: 'button', class: 'primary' }, 'Enviar sugestão')
  const editDraftButton = h('button', { type: 'button', class: 'ghost' }, 'Editar sugestão')
  const draftBox = h(
    'section',
    { class: 'crm-draft', 'aria-label': 'Sugestão do fabio', hidden: true },
    h('h3', {}, 'Sugestão do fabio ', h('span', { class: 'muted' }, '(modo sugestão: o bot não responde sozinho)')),
    draftText,
    h('div', { class: 'form-actions' }, sendDraftButton, editDraftButton),
  )

  const replyText = h('textarea', { name: 'text', rows: '3', placeholder: 'Escreva a resposta ao cliente…' })
  const sendButton = h('button', { type: 'submit', class: 'primary' }, 'Enviar')
  const composerAlert = formAlert()
  const composer = h(
    'form',
    { class: 'crm-composer', novalidate: true },
    field('Responder como atendente', replyText, { hint: 'Sai pelo WhatsApp do negócio, mesmo com o bot pausado. Ctrl+Enter envia.' }),
    h('div', { class: 'form-actions' }, sendButton),
    composerAlert,
  )

  const threadBody = h(
    'div',
    { class: 'crm-thread-body' },
    h('header', { class: 'crm-thread-header' }, h('div', { class: 'crm-thread-who' }, threadTitle, threadSubtitle, botStatus), h('div', { class: 'crm-thread-actions' }, pauseControls, resumeButton)),
    messagesElement,
    draftBox,
    composer,
  )
  const thread = h('section', { class: 'crm-thread card', 'aria-label': 'Conversa aberta' })

  const renderHeader = () => {
    const conversation = current()
    threadTitle.textContent = titleOf(conversation, state.selected)
    const phone = phoneOf(conversation ?? { contact_id: state.selected })
    threadSubtitle.textContent = phone && nameOf(conversation ?? { contact_id: state.selected }) ? formatPhone(phone) : ''
    const paused = isPaused(conversation)
    botStatus.className = ['crm-bot-status', paused ? 'is-paused' : 'is-active'].join(' ')
    botStatus.textContent = paused
      ? `Bot pausado até ${formatTime(conversation.paused_until, timeZone)}${conversation.pause_reason ? ` — ${pauseReasonText(conversation.pause_reason)}` : ''}`
      : conversation?.not_on_whatsapp
        ? 'Este número não está no WhatsApp: respostas não são entregues.'
        : 'Bot ativo nesta conversa'
    pauseControls.hidden = paused
    resumeButton.hidden = !paused
    const draft = conversation?.draft_reply ?? null
    draftBox.hidden = !draft
    draftText.textContent = draft ?? ''
  }

  const renderMessages = (force = false) => {
    const signature = JSON.stringify([
      state.messages.map((m) => [m.message_id, m.status, m.tool_calls?.length ?? 0]),
      state.pending.map((p) => [p.key, p.slow]),
    ])
    if (!force && signature === state.messageSignature) return
    state.messageSignature = signature
    const atBottom = messagesElement.scrollHeight - messagesElement.scrollTop - messagesElement.clientHeight < 60
    if (state.missing) {
      replace(messagesElement, emptyState('Ainda não há conversa com este contato no WhatsApp.'))
      return
    }
    const bubbles = state.messages.map((message) => messageBubble(message, timeZone))
    const pending = state.pending.map((item) =>
      messageBubble(
        { direction: 'outbound', author: 'human', text: item.text, created_at: new Date(item.at).toISOString() },
        timeZone,
        item.slow ? 'crm-msg-slow' : 'crm-msg-pending',
      ),
    )
    for (const [index, item] of state.pending.entries()) {
      pending[index].querySelector('.crm-msg-meta').append(h('span', { class: 'crm-msg-status' }, item.slow ? ' · Envio demorando: confira 08 Operações' : ' · Na fila de envio'))
    }
    if (!bubbles.length && !pending.length) replace(messagesElement, emptyState('Sem mensagens nesta conversa.'))
    else {
      replace(
        messagesElement,
        state.truncated ? h('p', { class: 'muted small crm-truncated' }, `Mostrando as ${MESSAGE_LIMIT} mensagens mais recentes.`) : null,
        h('ol', { class: 'list-plain crm-msg-list' }, bubbles, pending),
      )
    }
    if (atBottom || force) messagesElement.scrollTop = messagesElement.scrollHeight
  }

  const loadMessages = async () => {
    const contactId = state.selected
    let items = []
    try {
      // The newest page, shown oldest first: long conversations show their latest messages.
      const result = await api.get(path(`/conversations/${encodeURIComponent(contactId)}/messages`), { order: 'newest', limit: MESSAGE_LIMIT })
      items = result.items.slice().reverse()
      state.truncated = result.total > items.length
      state.missing = false
    } catch (error) {
      if (error.code !== 'CONVERSATION_NOT_FOUND') throw error
      state.missing = true
    }
    if (contactId !== state.selected) return
    state.messages = items
    // A queued human reply is done once the same text shows up as an outbound message.
    state.pending = state.pending.filter((item) => !items.some((m) => m.direction === 'outbound' && m.text === item.text && new Date(m.created_at).getTime() >= item.at - 5000))
    for (const item of state.pending) item.slow = Date.now() - item.at > 60_000
  }

  const markRead = async () => {
    const conversation = current()
    if (!conversation || !(conversation.unread_count > 0)) return
    try {
      await api.post(path(`/conversations/${encodeURIComponent(conversation.contact_id)}/read`))
      conversation.unread_count = 0
      state.listSignature = ''
      renderList()
    } catch {
      // Older servers have no read route; the badge then stays until a reply is sent.
    }
  }

  const refreshThread = async () => {
    if (!state.selected) return
    await loadMessages()
    renderHeader()
    renderMessages()
    await markRead()
  }

  const select = async (contactId) => {
    state.selected = contactId
    crm.selectedContact = contactId
    state.messages = []
    state.pending = []
    state.missing = false
    state.messageSignature = ''
    state.listSignature = ''
    composerAlert.textContent = ''
    if (state.threadFor !== contactId) replyText.value = ''
    state.threadFor = contactId
    renderList()
    replace(thread, threadBody)
    replace(messagesElement, loadingState('Carregando mensagens…'))
    renderHeader()
    try {
      await refreshThread()
      renderMessages(true)
    } catch (error) {
      showLoadError(messagesElement, error, () => select(contactId))
    }
  }

  // --- actions ---------------------------------------------------------------------------------
  const send = async (text, button) => {
    composerAlert.textContent = ''
    const contactId = state.selected
    await withBusy(button, async () => {
      try {
        await api.post(path(`/conversations/${encodeURIComponent(contactId)}/send`), { text })
        state.pending.push({ key: `${Date.now()}-${state.pending.length}`, text: text.trim(), at: Date.now(), slow: false })
        const conversation = current()
        if (conversation) {
          conversation.draft_reply = null
          conversation.unread_count = 0
        }
        renderHeader()
        renderMessages(true)
        renderList()
        ctx.toast('Resposta na fila de envio pelo WhatsApp.', 'ok')
        setTimeout(() => refreshThread().catch(() => undefined), 1200)
        return true
      } catch (error) {
        composerAlert.textContent = errorMessage(error)
        return false
      }
    }, 'Enviando…')
  }

  composer.addEventListener('submit', async (event) => {
    event.preventDefault()
    const text = replyText.value.trim()
    if (!text) {
      composerAlert.textContent = 'Escreva a resposta antes de enviar.'
      replyText.focus()
      return
    }
    const before = state.pending.length
    await send(text, sendButton)
    if (state.pending.length > before) replyText.value = ''
  })
  replyText.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      composer.requestSubmit()
    }
  })
  sendDraftButton.addEventListener('click', () => {
    const draft = current()?.draft_reply
    if (draft) send(draft, sendDraftButton)
  })
  editDraftButton.addEventListener('click', () => {
    replyText.value = current()?.draft_reply ?? ''
    replyText.focus()
  })
  /** "Pausar bot" / "Retomar bot": the answer is the conversation's new pause state. */
  const setBot = (button, action, body, done) =>
    runAction(button, ctx, {
      run: async () => {
        const answer = await api.post(path(`/conversations/${encodeURIComponent(state.selected)}/${action}`), body)
        Object.assign(current() ?? {}, answer)
        renderHeader()
        state.listSignature = ''
        renderList()
      },
      done,
    })
  pauseButton.addEventListener('click', () => setBot(pauseButton, 'pause', pauseMinutes.value ? { minutes: Number(pauseMinutes.value) } : {}, 'Bot pausado nesta conversa.'))
  resumeButton.addEventListener('click', () => setBot(resumeButton, 'resume', {}, 'Bot retomado nesta conversa.'))

  // --- layout and polling ----------------------------------------------------------------------
  replace(
    container,
    h(
      'div',
      { class: 'crm-inbox' },
      h('aside', { class: 'crm-inbox-list card', 'aria-label': 'Lista de conversas' }, h('h2', {}, 'Conversas ', listCount), listElement),
      thread,
    ),
  )
  replace(thread, h('div', { class: 'crm-thread-empty' }, emptyState('Escolha uma conversa para ver as mensagens.')))

  const poll = async () => {
    try {
      await loadList()
    } catch (error) {
      if (!state.loadedList) showLoadError(listElement, error, poll)
      throw error
    }
    if (state.selected) await refreshThread()
  }
  if (state.selected) select(state.selected)
  return startPolling(poll, 5000)
}
