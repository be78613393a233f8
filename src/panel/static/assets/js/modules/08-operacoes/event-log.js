// The event log card of 08: newest first, filtered by type and contact, paged with next_cursor.
import { h, replace } from '../../dom.js'
import { formatDateTime, formatPhone } from '../../format.js'
import { filterForm } from '../../ui/forms.js'
import { createListCard } from '../../ui/list-card.js'
import { EVENT_KIND, EVENT_LABELS } from './labels.js'

const PAGE = 50

/** A one-line summary of an event's data: "kind: text · chat_kind: direct". */
const clip = (text, size) => (text.length > size ? `${text.slice(0, size)}…` : text)
const summarize = (data) =>
  clip(
    Object.entries(data ?? {})
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .slice(0, 3)
      .map(([key, value]) => `${key}: ${clip(typeof value === 'object' ? JSON.stringify(value) : String(value), 60)}`)
      .join(' · '),
    160,
  )

export const createEventLog = (ctx, { contactName }) => {
  const filters = { type: '', contact: '' }
  const typeSelect = h('select', { id: 'ops-event-type' }, h('option', { value: '' }, 'Todos os tipos'), Object.entries(EVENT_LABELS).map(([value, label]) => h('option', { value }, `${label} (${value})`)))
  const contactInput = h('input', { id: 'ops-event-contact', list: 'ops-contacts', placeholder: 'cus_…', autocomplete: 'off', spellcheck: 'false' })
  const contacts = h('datalist', { id: 'ops-contacts' })

  const applyFilters = (type, contact) => {
    filters.type = type
    filters.contact = contact
    void log.load()
  }
  const filterByContact = (contactId) => {
    contactInput.value = contactId
    applyFilters(filters.type, contactId)
  }
  const clearFilters = () => {
    typeSelect.value = ''
    contactInput.value = ''
    applyFilters('', '')
  }

  const row = (event) =>
    h(
      'tr',
      {},
      h('td', { class: 'nowrap' }, formatDateTime(event.occurred_at, ctx.timeZone)),
      h('td', {}, h('span', { class: `pill ${EVENT_KIND[event.type] ?? 'plain'}`, title: event.type }, EVENT_LABELS[event.type] ?? event.type)),
      h('td', {}, event.contact_id ? h('button', { type: 'button', class: 'ghost small', title: `Filtrar por ${event.contact_id}`, onclick: () => filterByContact(event.contact_id) }, contactName(event.contact_id)) : h('span', { class: 'muted' }, '—')),
      h(
        'td',
        { class: 'break' },
        h('details', { class: 'event-data' }, h('summary', {}, summarize(event.data) || 'sem dados'), h('pre', {}, JSON.stringify(event.data ?? {}, null, 2))),
      ),
    )

  const render = (pager) => {
    const filtered = filters.type || filters.contact
    return {
      summary: `${pager.total} ${pager.total === 1 ? 'evento' : 'eventos'}${filtered ? ' com estes filtros' : ''}; mostrando ${pager.items.length}.`,
      content: pager.items.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'table events-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Quando'), h('th', {}, 'Tipo'), h('th', {}, 'Contato'), h('th', {}, 'Detalhes'))), h('tbody', {}, pager.items.map(row))))
        : h('p', { class: 'empty' }, filtered ? 'Nenhum evento com estes filtros.' : 'Nenhum evento ainda. Mensagens, respostas e avisos do WhatsApp aparecem aqui.'),
    }
  }

  const signature = (items, total) => `${total}:${items[0]?.event_id ?? ''}`

  const form = filterForm(
    { submitLabel: 'Filtrar', resetLabel: 'Limpar filtros', onApply: () => applyFilters(typeSelect.value, contactInput.value.trim()), onReset: clearFilters },
    [
      h('div', { class: 'field' }, h('label', { for: 'ops-event-type' }, 'Tipo de evento'), typeSelect),
      h('div', { class: 'field' }, h('label', { for: 'ops-event-contact' }, 'Contato'), contactInput),
      contacts,
    ],
  )
  typeSelect.addEventListener('change', () => form.requestSubmit())

  const log = createListCard({
    id: 'ops-events',
    title: 'Registro de eventos',
    intro: 'Tudo o que acontece no tenant, do mais novo ao mais antigo. Clique em um contato para ver só a conversa dele.',
    toolbar: form,
    fetchPage: (cursor) => ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/events'), { type: filters.type, contact_id: filters.contact, limit: PAGE, cursor }),
    render,
    noun: 'os eventos',
    same: (answer, pager) => signature(answer.items ?? [], answer.total) === signature(pager.items, pager.total),
  })

  return {
    element: log.element,
    load: log.load,
    setContacts: (list) => replace(contacts, list.map(([id, label]) => h('option', { value: id }, label))),
    poll: log.poll,
    rerender: () => log.pager.items.length && log.draw(),
  }
}

export const contactLabel = (customer) => (customer ? customer.display_name || formatPhone(customer.phone) || customer.customer_id : null)
