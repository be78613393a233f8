// "Confirmações pendentes": sensitive owner actions held for approval (create_charge,
// mark_charge_paid, cancel_appointment…), approved or rejected here as on WhatsApp ("sim"/"não").
import { h, replace } from '../../dom.js'
import { formatTime } from '../../format.js'
import { toolLabel } from './tool-labels.js'

/** `onDecided(reply, outcome)` shows the reply in the chat. */
export const createConfirmations = (ctx, { onDecided }) => {
  const list = h('div', { class: 'confirmations-list', 'aria-live': 'polite' }, h('p', { class: 'muted small' }, 'Carregando…'))
  const countBadge = h('span', { class: 'badge neutral' }, '0')
  const element = h(
    'section',
    { class: 'card confirmations', 'aria-labelledby': 'chat-confirmations-title' },
    h('div', { class: 'card-header' }, h('h2', { id: 'chat-confirmations-title' }, 'Confirmações pendentes'), countBadge),
    list,
  )
  let busy = false

  const decide = async (item, action, buttons) => {
    for (const button of buttons) button.disabled = true
    busy = true
    try {
      const answer = await ctx.api.post(ctx.api.tenantPath(ctx.tenantId, `/confirmations/${encodeURIComponent(item.confirmation_id)}/${action}`))
      const kind = answer.outcome === 'failed' ? 'error' : answer.outcome === 'rejected' ? 'info' : 'ok'
      ctx.toast(action === 'approve' ? (answer.outcome === 'failed' ? 'Aprovada, mas a ação falhou.' : 'Confirmação aprovada.') : 'Confirmação rejeitada.', kind)
      onDecided(answer.reply, answer.outcome)
    } catch (error) {
      ctx.toast(error.code === 'CONFIRMATION_NOT_PENDING' ? 'Esta confirmação já foi decidida ou expirou.' : `Não foi possível concluir: ${error.message}`, 'error')
    } finally {
      busy = false
      await refresh()
    }
  }

  const row = (item) => {
    const approve = h('button', { type: 'button', class: 'primary small' }, 'Aprovar')
    const reject = h('button', { type: 'button', class: 'danger small' }, 'Rejeitar')
    approve.addEventListener('click', () => decide(item, 'approve', [approve, reject]))
    reject.addEventListener('click', () => decide(item, 'reject', [approve, reject]))
    return h(
      'article',
      { class: 'confirmation', 'aria-label': `Confirmação: ${item.summary}` },
      h('p', { class: 'confirmation-summary' }, item.summary),
      h('p', { class: 'muted small' }, h('span', { class: 'pill info' }, toolLabel(item.tool)), ` expira às ${formatTime(item.expires_at, ctx.timeZone)}`),
      h('div', { class: 'row' }, approve, reject),
    )
  }

  async function refresh() {
    if (busy) return
    try {
      const answer = await ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/confirmations'), { status: 'pending', limit: 20 })
      const items = answer.items ?? []
      countBadge.textContent = String(answer.total ?? items.length)
      countBadge.className = items.length ? 'badge' : 'badge neutral'
      if (!items.length) {
        replace(list, h('p', { class: 'empty' }, 'Nenhuma confirmação pendente. Ações sensíveis, como cobrar ou cancelar um agendamento, aparecem aqui para você aprovar.'))
        return
      }
      replace(list, items.map(row))
    } catch (error) {
      replace(list, h('p', { class: 'error-text small' }, `Não foi possível carregar as confirmações: ${error.message}`))
    }
  }

  return { element, refresh }
}
