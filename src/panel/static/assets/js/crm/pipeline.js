// The Pipeline tab: a kanban of the 8 stages. Cards move by HTML5 drag-and-drop or by the
// "Mover para…" select on each card (keyboard and screen-reader friendly). Only the moves the
// server lists (GET …/leads/stages, the funnel's one table) are offered; the server refuses the
// rest with 409 too.
import { h, replace } from '../dom.js'
import { formatPhone, timeAgo } from '../format.js'
import { apiForm, errorMessage, field, uid } from '../ui/forms.js'
import { fetchAllPages } from '../ui/paging.js'
import { liveView } from '../ui/polling.js'
import { loadingState } from '../ui/states.js'
import { SOURCE_LABELS, SOURCES, STAGE_LABELS, STAGES } from './labels.js'
import { renderCharts } from './kpis.js'

const maxLeadPages = 5

const loadLeads = (api, tenantId) => fetchAllPages(api, api.tenantPath(tenantId, '/leads'), { limit: 200 }, maxLeadPages)

const loadTransitions = async (api, tenantId) => (await api.get(api.tenantPath(tenantId, '/leads/stages')))?.transitions ?? {}

const allowedText = (transitions, from) => (transitions[from] ?? []).map((stage) => STAGE_LABELS[stage]).join(', ') || 'nenhuma etapa'

export const mountPipeline = (container, ctx, crm) => {
  const { api, tenantId } = ctx
  const state = { leads: [], transitions: {}, filter: '', dragging: null }
  const charts = h('div', { class: 'crm-charts' })
  const board = h('div', { class: 'crm-board', role: 'list', 'aria-label': 'Pipeline por etapa' }, loadingState('Carregando leads…'))
  const search = h('input', { type: 'search', id: uid('lead-search'), placeholder: 'Nome ou telefone', autocomplete: 'off' })
  search.addEventListener('input', () => {
    state.filter = search.value.trim().toLowerCase()
    render()
  })

  const nameOf = (lead) => lead.display_name ?? lead.customer?.display_name ?? crm.directory.get(lead.customer_id)?.display_name ?? null
  const phoneOf = (lead) => lead.phone ?? lead.customer?.phone ?? crm.directory.get(lead.customer_id)?.phone ?? null

  const matches = (lead) => {
    if (!state.filter) return true
    const digits = state.filter.replace(/\D/g, '')
    const name = (nameOf(lead) ?? '').toLowerCase()
    return name.includes(state.filter) || (digits.length > 0 && (phoneOf(lead) ?? '').includes(digits))
  }

  const move = async (lead, stage, { fromSelect = false } = {}) => {
    if (lead.stage === stage) return
    if (!(state.transitions[lead.stage] ?? []).includes(stage)) {
      ctx.toast(
        `Não é possível mover de ${STAGE_LABELS[lead.stage]} para ${STAGE_LABELS[stage]}. A partir de ${STAGE_LABELS[lead.stage]}: ${allowedText(state.transitions, lead.stage)}.`,
        'error',
      )
      return
    }
    try {
      const moved = await api.post(api.tenantPath(tenantId, `/leads/${encodeURIComponent(lead.lead_id)}/move`), { stage })
      const index = state.leads.findIndex((item) => item.lead_id === lead.lead_id)
      if (index >= 0) state.leads[index] = { ...state.leads[index], ...(moved?.lead_id ? moved : { stage }) }
      render()
      // A keyboard move keeps focus on the card, now in its new column.
      if (fromSelect) board.querySelector(`[data-lead-id="${CSS.escape(lead.lead_id)}"] select`)?.focus()
      ctx.toast(`${nameOf(lead) ?? 'Lead'} movido para ${STAGE_LABELS[stage]}.`, 'ok')
      crm.refreshKpis()
    } catch (error) {
      ctx.toast(errorMessage(error), 'error')
      await view.refresh()
    }
  }

  const card = (lead) => {
    const name = nameOf(lead)
    const phone = phoneOf(lead)
    const title = name ?? (phone ? formatPhone(phone) : 'Contato sem nome')
    const moveSelect = h(
      'select',
      { id: uid('move'), 'aria-label': `Mover ${title} para…` },
      h('option', { value: '' }, 'Mover para…'),
      (state.transitions[lead.stage] ?? []).map((stage) => h('option', { value: stage }, STAGE_LABELS[stage])),
    )
    moveSelect.addEventListener('change', () => {
      if (moveSelect.value) move(lead, moveSelect.value, { fromSelect: true })
    })
    const element = h(
      'article',
      { class: 'tile crm-lead', draggable: 'true', role: 'listitem', 'aria-label': title, dataset: { leadId: lead.lead_id } },
      h('header', {}, h('strong', { class: 'crm-lead-name' }, title), h('span', { class: ['pill', `crm-source-${lead.source}`] }, SOURCE_LABELS[lead.source] ?? lead.source)),
      name && phone ? h('p', { class: 'crm-lead-phone muted' }, formatPhone(phone)) : null,
      h(
        'p',
        { class: 'crm-lead-meta muted' },
        h('span', { title: 'Criado' }, `Criado ${timeAgo(lead.created_at)}`),
        lead.last_contact_at ? h('span', { title: 'Última mensagem' }, ` · falou ${timeAgo(lead.last_contact_at)}`) : null,
      ),
      h(
        'div',
        { class: 'crm-lead-actions' },
        moveSelect,
        h('button', { type: 'button', class: 'ghost small', onclick: () => crm.openConversation(lead.customer_id) }, 'Abrir conversa'),
      ),
    )
    element.addEventListener('dragstart', (event) => {
      state.dragging = lead
      event.dataTransfer.effectAllowed = 'move'
      event.dataTransfer.setData('text/plain', lead.lead_id)
      element.classList.add('dragging')
      markColumns()
    })
    element.addEventListener('dragend', () => {
      state.dragging = null
      element.classList.remove('dragging')
      markColumns()
    })
    return element
  }

  const markColumns = () => {
    for (const column of board.querySelectorAll('.crm-column')) {
      const stage = column.dataset.stage
      const from = state.dragging?.stage
      column.classList.toggle('drop-allowed', Boolean(from && from !== stage && state.transitions[from]?.includes(stage)))
      column.classList.toggle('drop-denied', Boolean(from && from !== stage && !state.transitions[from]?.includes(stage)))
    }
  }

  const column = (stage, leads) => {
    const list = leads.length
      ? h('div', { class: 'crm-column-cards', role: 'list', 'aria-label': `Leads em ${STAGE_LABELS[stage]}` }, leads.map(card))
      : h('div', { class: 'crm-column-cards' }, h('p', { class: 'empty' }, 'Nenhum lead'))
    const element = h(
      'section',
      { class: 'crm-column', role: 'listitem', 'aria-label': `${STAGE_LABELS[stage]} (${leads.length})`, dataset: { stage } },
      h('h3', {}, STAGE_LABELS[stage], h('span', { class: 'badge' }, String(leads.length))),
      list,
    )
    element.addEventListener('dragover', (event) => {
      // Accept every drop, so a move the funnel does not allow is explained (toast) rather than ignored.
      event.preventDefault()
      event.dataTransfer.dropEffect = 'move'
    })
    element.addEventListener('drop', (event) => {
      event.preventDefault()
      const leadId = event.dataTransfer.getData('text/plain') || state.dragging?.lead_id
      const lead = state.leads.find((item) => item.lead_id === leadId)
      state.dragging = null
      markColumns()
      if (lead) move(lead, stage)
    })
    return element
  }

  const render = () => {
    const visible = state.leads.filter(matches)
    replace(board, STAGES.map((stage) => column(stage, visible.filter((lead) => lead.stage === stage))))
  }

  /** Re-rendering would reset a half-chosen select: the view redraws only when something changed. */
  const load = async () => {
    const [leads, transitions] = await Promise.all([loadLeads(api, tenantId), loadTransitions(api, tenantId)])
    await crm.directory.ensure(leads.map((lead) => lead.customer_id))
    state.transitions = transitions
    state.leads = leads
    return [leads.map((lead) => [lead.lead_id, lead.stage, lead.updated_at]), transitions]
  }

  const newLeadForm = () => {
    const phone = h('input', { name: 'customer_phone', type: 'tel', autocomplete: 'off', required: true, placeholder: '(11) 98765-4321' })
    const name = h('input', { name: 'name', autocomplete: 'off', placeholder: 'Opcional' })
    const source = h('select', { name: 'source' }, SOURCES.map((item) => h('option', { value: item, selected: item === 'manual' }, SOURCE_LABELS[item])))
    const fields = [field('Telefone do lead', phone), field('Nome', name), field('Origem', source)]
    const form = apiForm({ className: 'crm-new-lead-form', submitLabel: 'Criar lead' }, fields, async () => {
      const body = { customer_phone: phone.value.trim(), source: source.value }
      if (name.value.trim()) body.name = name.value.trim()
      await api.post(api.tenantPath(tenantId, '/leads'), body)
      form.reset()
      ctx.toast('Lead criado.', 'ok')
      await crm.directory.reload()
      await view.refresh()
      crm.refreshKpis()
    })
    return h('details', { class: 'crm-new-lead card' }, h('summary', {}, 'Novo lead'), form)
  }

  replace(
    container,
    h('div', { class: 'toolbar crm-pipeline-toolbar' }, field('Buscar lead', search, { className: 'crm-search' }), newLeadForm()),
    h('p', { class: 'muted crm-hint' }, 'Arraste um card para outra etapa, ou use “Mover para…”. Só os movimentos permitidos pelo funil são aceitos.'),
    board,
    charts,
  )

  const unsubscribe = crm.onKpis((kpis) => renderCharts(charts, kpis))
  const view = liveView({ area: board, load, render, hasContent: () => state.leads.length > 0, intervalMs: 5000, paused: () => Boolean(state.dragging) })
  return () => {
    view.stop()
    unsubscribe()
  }
}
