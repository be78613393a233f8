// The strip on top of 01 Chat IA: today's agenda, open and overdue charges, new leads and the
// WhatsApp connection. Each card opens the module that has the details.
import { h } from '../../dom.js'
import { localDate } from '../../format.js'
import { describeWhatsappState, fetchWhatsappInstance } from '../../shell/whatsapp-state.js'
import { addDays, zonedMidnight } from '../../zoned-time.js'

const count = (answer) => (typeof answer?.total === 'number' ? answer.total : null)

export const createStatusStrip = (ctx) => {
  const card = (label, target) => {
    const value = h('span', { class: 'kpi-value' }, '…')
    const note = h('span', { class: 'kpi-note muted small' }, '')
    const element = h('button', { type: 'button', class: 'kpi kpi-button', onclick: () => ctx.navigate(target) }, h('span', { class: 'kpi-label' }, label), value, note)
    return { element, value, note }
  }
  const agenda = card('Agenda de hoje', 'agenda')
  const open = card('A receber', 'cobranca')
  const overdue = card('Vencidas', 'cobranca')
  const leads = card('Leads novos', 'crm')
  const whatsapp = card('WhatsApp', 'configuracoes')
  const element = h('section', { class: 'status-strip', 'aria-label': 'Resumo do dia' }, agenda.element, open.element, overdue.element, leads.element, whatsapp.element)

  const show = (target, value, note = '') => {
    target.value.textContent = value === null ? '—' : String(value)
    target.note.textContent = note
  }

  const refresh = async () => {
    const api = ctx.api
    const path = (rest) => api.tenantPath(ctx.tenantId, rest)
    const today = localDate(new Date(), ctx.timeZone)
    const from = zonedMidnight(today, ctx.timeZone).toISOString()
    const to = zonedMidnight(addDays(today, 1), ctx.timeZone).toISOString()
    const safe = (promise) => promise.catch(() => null)
    const [appointments, openCharges, overdueCharges, newLeads, instance] = await Promise.all([
      safe(api.get(path('/appointments'), { from, to, status: 'booked', limit: 1 })),
      safe(api.get(path('/charges'), { status: 'open', limit: 1 })),
      safe(api.get(path('/charges'), { status: 'overdue', limit: 1 })),
      safe(api.get(path('/leads'), { stage: 'new', limit: 1 })),
      fetchWhatsappInstance(api, ctx.tenantId).then(
        (item) => ({ item }),
        () => null,
      ),
    ])
    show(agenda, count(appointments), count(appointments) === null ? 'indisponível' : 'agendamentos')
    show(open, count(openCharges), count(openCharges) === null ? 'indisponível' : 'cobranças em aberto')
    show(overdue, count(overdueCharges), count(overdueCharges) === null ? 'indisponível' : 'cobranças em atraso')
    overdue.element.classList.toggle('kpi-alert', (count(overdueCharges) ?? 0) > 0)
    show(leads, count(newLeads), count(newLeads) === null ? 'indisponível' : 'aguardando contato')
    const state = instance ? describeWhatsappState(instance.item?.state, { configured: Boolean(ctx.config()?.evolution?.instance) }) : { text: 'sem resposta', kind: 'plain' }
    whatsapp.value.replaceChildren(h('span', { class: `pill ${state.kind}` }, state.text))
    whatsapp.note.textContent = instance?.item?.profile_name ?? instance?.item?.instance ?? ''
  }

  return { element, refresh }
}
