// 01 Chat IA: the owner's assistant in the browser (POST …/chat as "owner"): same agent, memory
// and confirmations as the owner's WhatsApp. Status strip on top, approvals on the side.
import { h } from '../dom.js'
import { startPolling } from '../ui/polling.js'
import { createComposer } from './01-chat/composer.js'
import { createConfirmations } from './01-chat/confirmations.js'
import { findOwnerContactId, loadOwnerHistory } from './01-chat/history.js'
import { createMessageList } from './01-chat/message-list.js'
import { createStatusStrip } from './01-chat/status-strip.js'

const POLL_MS = 5000
const STRIP_POLL_MS = 15_000
/** The API refuses bodies over 1 MB; a little room is left for the JSON around the base64. */
const MAX_BODY_CHARS = 990_000

const isOwnerNumberMissing = (error) => error.status === 400 && /owner_numbers/.test(error.message)

export const module = {
  id: '01',
  slug: 'chat',
  title: '01 Chat IA',

  mount(container, ctx) {
    const config = ctx.config()
    const personaName = config?.personas?.owner?.name
    const strip = createStatusStrip(ctx)
    const messages = createMessageList({ timeZone: ctx.timeZone, onSuggestion: (text) => composer.setText(text) })
    const confirmations = createConfirmations(ctx, { onDecided: (reply) => reply && messages.addAssistant(reply, []) })
    const composer = createComposer({ onSend: () => send(), toast: ctx.toast })
    const ownerNumber = config?.owner_numbers?.[0] ?? null
    let sending = false

    const goToSettings = () => h('button', { type: 'button', class: 'small', onclick: () => ctx.navigate('configuracoes') }, 'Abrir 06 Configurações')
    const ownerNotice = ownerNumber
      ? null
      : h('div', { class: 'notice warning row' }, h('span', {}, 'Defina os "Números do proprietário" em 06 Configurações para conversar com o assistente.'), goToSettings())

    container.append(
      h(
        'div',
        { class: 'chat-page stack' },
        strip.element,
        h(
          'div',
          { class: 'split' },
          h(
            'section',
            { class: 'card chat-panel', 'aria-labelledby': 'chat-title' },
            h(
              'div',
              { class: 'card-header' },
              h('div', {}, h('h2', { id: 'chat-title' }, 'Chat do Proprietário'), h('p', { class: 'muted small' }, `Assistente: ${personaName || 'Concierge do Proprietário'} (Persona 1). Mesma memória e confirmações do seu WhatsApp.`)),
            ),
            ownerNotice,
            messages.element,
            composer.element,
          ),
          h('aside', { class: 'chat-side stack' }, confirmations.element),
        ),
      ),
    )

    async function send() {
      if (sending) return
      const input = composer.read()
      if (!input) return composer.focus()
      const body = { as: 'owner', text: input.text }
      if (input.audio) {
        body.audio_base64 = input.audio.base64
        body.audio_mimetype = input.audio.mimetype
      }
      if (input.attachments.length) body.attachments = input.attachments
      if (JSON.stringify(body).length > MAX_BODY_CHARS) {
        ctx.toast('Os anexos passam do limite de 1 MB por mensagem. Remova algum anexo ou grave um áudio mais curto.', 'error')
        return
      }
      sending = true
      composer.setBusy(true)
      messages.addOwner(input.text, input.labels)
      composer.clear()
      messages.setTyping(true)
      try {
        const answer = await ctx.api.post(ctx.api.tenantPath(ctx.tenantId, '/chat'), body)
        messages.setTyping(false)
        const replies = answer.replies?.length ? answer.replies : ['(sem resposta)']
        replies.forEach((reply, index) => messages.addAssistant(reply, index === 0 ? (answer.tool_calls ?? []) : []))
        if (answer.confirmation) ctx.toast('Há uma confirmação pendente: aprove ou rejeite ao lado.', 'info')
      } catch (error) {
        messages.setTyping(false)
        if (isOwnerNumberMissing(error)) {
          messages.addError('Para conversar aqui, o tenant precisa de um número do proprietário. Defina os "Números do proprietário" em 06 Configurações.', goToSettings())
        } else {
          messages.addError(error.status === 413 ? 'A mensagem passou do limite de 1 MB. Envie menos anexos, ou um áudio mais curto.' : `Não foi possível enviar: ${error.message}`)
          if (input.text) composer.setText(input.text)
        }
      } finally {
        sending = false
        composer.setBusy(false)
        composer.focus()
        void confirmations.refresh()
        void strip.refresh()
      }
    }

    const loadHistory = async () => {
      messages.reset()
      if (!ownerNumber) return
      try {
        const contactId = await findOwnerContactId(ctx, ownerNumber)
        if (!contactId) return
        for (const message of await loadOwnerHistory(ctx, contactId)) messages.addStored(message)
      } catch (error) {
        ctx.toast(`Não foi possível carregar a conversa anterior: ${error.message}`, 'error')
      }
    }

    void loadHistory()
    void confirmations.refresh()
    void strip.refresh()
    composer.focus()

    const stopConfirmations = startPolling(() => confirmations.refresh(), POLL_MS, { immediate: false })
    const stopStrip = startPolling(() => strip.refresh(), STRIP_POLL_MS, { immediate: false })

    return () => {
      stopConfirmations()
      stopStrip()
      composer.dispose()
    }
  },
}
