// 03 Clientes: search and list the tenant's customers, create one, and a detail panel with the
// customer's lead stage, appointments and charges, plus the LGPD actions (export, erase memory).
import { h, replace } from '../dom.js'
import { formatDate, formatDateTime, formatMoney, formatPhone } from '../format.js'
import { APPOINTMENT_STATUS_LABELS, CHARGE_STATUS_LABELS, ORIGIN_LABELS, SOURCE_LABELS, STAGE_LABELS } from '../crm/labels.js'
import { runAction } from '../ui/actions.js'
import { downloadJson } from '../ui/download.js'
import { apiForm, errorMessage, field, FormProblem, uid } from '../ui/forms.js'
import { modulePage } from '../ui/layout.js'
import { createPager } from '../ui/paging.js'
import { emptyState, loadingState, showLoadError } from '../ui/states.js'

const PAGE_SIZE = 50

const findLead = async (api, tenantId, customerId) => {
  const { items } = await api.get(api.tenantPath(tenantId, '/leads'), { customer_id: customerId })
  return items[0] ?? null
}

export const module = {
  id: '03',
  slug: 'clientes',
  title: '03 Clientes',
  mount(container, ctx) {
    const { api, tenantId, timeZone } = ctx
    const path = (rest) => api.tenantPath(tenantId, rest)
    const state = { query: '', selected: null, searchTimer: null }

    // --- list ----------------------------------------------------------------------------------
    const search = h('input', { type: 'search', id: uid('cli-search'), placeholder: 'Nome, telefone ou e-mail', autocomplete: 'off' })
    const summary = h('p', { class: 'muted small', role: 'status' })
    const listArea = h('div', { class: 'cli-list table-wrap' }, loadingState('Carregando clientes…'))
    const pager = createPager((cursor) => api.get(path('/customers'), { q: state.query || undefined, limit: PAGE_SIZE, cursor }), { buttonClass: 'ghost', onMore: () => load({ append: true }) })

    const row = (customer) =>
      h(
        'tr',
        { class: customer.customer_id === state.selected ? 'selected' : null, dataset: { customerId: customer.customer_id } },
        h('td', {}, h('button', { type: 'button', class: 'link-button', onclick: () => openDetail(customer) }, customer.display_name || 'Sem nome')),
        h('td', {}, customer.phone ? formatPhone(customer.phone) : h('span', { class: 'muted' }, 'só WhatsApp (LID)')),
        h('td', {}, customer.email ?? '—'),
        h('td', {}, ORIGIN_LABELS[customer.origin] ?? customer.origin),
        h('td', {}, formatDate(customer.created_at, timeZone)),
      )

    const renderList = () => {
      summary.textContent = pager.total ? `${pager.total} cliente(s)${state.query ? ` para “${state.query}”` : ''}` : ''
      if (!pager.items.length) {
        replace(listArea, emptyState(state.query ? 'Nenhum cliente encontrado para essa busca.' : 'Nenhum cliente ainda. Cadastre o primeiro ao lado, ou espere alguém escrever no WhatsApp.'))
        return
      }
      replace(
        listArea,
        h(
          'table',
          { class: 'table' },
          h('thead', {}, h('tr', {}, ['Nome', 'Telefone', 'E-mail', 'Origem', 'Desde'].map((title) => h('th', { scope: 'col' }, title)))),
          h('tbody', {}, pager.items.map(row)),
        ),
      )
    }

    const load = async ({ append = false } = {}) => {
      try {
        await pager.load({ append })
        renderList()
      } catch (error) {
        showLoadError(listArea, error, () => load())
      }
    }
    search.addEventListener('input', () => {
      clearTimeout(state.searchTimer)
      state.searchTimer = setTimeout(() => {
        state.query = search.value.trim()
        load()
      }, 300)
    })

    // --- create --------------------------------------------------------------------------------
    const createForm = () => {
      const name = h('input', { name: 'display_name', autocomplete: 'off', maxlength: '120' })
      const phone = h('input', { name: 'phone', type: 'tel', required: true, autocomplete: 'off', placeholder: '(11) 98765-4321' })
      const email = h('input', { name: 'email', type: 'email', autocomplete: 'off' })
      const origin = h('select', { name: 'origin' }, ['manual', 'import', 'campaign', 'whatsapp'].map((value) => h('option', { value }, ORIGIN_LABELS[value])))
      const fields = [field('Nome', name), field('Telefone', phone, { hint: 'Com DDD. Números de outros países com + e o código do país.' }), field('E-mail', email), field('Origem', origin)]
      const form = apiForm({ className: 'cli-form', submitLabel: 'Criar cliente' }, fields, async () => {
        const body = { phone: phone.value.trim(), origin: origin.value }
        if (name.value.trim()) body.display_name = name.value.trim()
        if (email.value.trim()) body.email = email.value.trim()
        let customer
        try {
          customer = await api.post(path('/customers'), body)
        } catch (error) {
          if (error.code === 'CUSTOMER_PHONE_TAKEN') throw new FormProblem({ path: 'phone', message: 'Já existe um cliente com este telefone.' })
          if (error.code === 'CUSTOMER_PHONE_INVALID') throw new FormProblem({ path: 'phone', message: 'Este telefone não é válido.' })
          throw error
        }
        form.reset()
        ctx.toast(`Cliente ${customer.display_name ?? formatPhone(customer.phone)} criado.`, 'ok')
        await load()
        openDetail(customer)
      })
      return form
    }

    // --- detail --------------------------------------------------------------------------------
    const detail = h('section', { class: 'card cli-detail', 'aria-label': 'Detalhe do cliente' }, emptyState('Escolha um cliente na lista para ver agendamentos, cobranças e a etapa no funil.'))

    const section = (title, content) => h('div', { class: 'cli-detail-section' }, h('h3', {}, title), content)

    /** The customer's latest records of GET `rest` as rows of text and a status pill. */
    const recordsOf = async (rest, customerId, emptyText, text, status) => {
      const result = await api.get(path(rest), { customer_id: customerId, limit: 20 })
      if (!result.items.length) return emptyState(emptyText)
      return h('ul', { class: 'list-plain item-rows' }, result.items.map((item) => h('li', {}, h('span', {}, text(item)), status(item))))
    }
    const appointmentsOf = (customerId) =>
      recordsOf(
        '/appointments',
        customerId,
        'Nenhum agendamento.',
        (item) => `${formatDateTime(item.start_at, timeZone)} · ${item.service_name}`,
        (item) => h('span', { class: ['pill', `apt-${item.status}`] }, APPOINTMENT_STATUS_LABELS[item.status] ?? item.status),
      )
    const chargesOf = (customerId) =>
      recordsOf(
        '/charges',
        customerId,
        'Nenhuma cobrança.',
        (item) => `${formatMoney(item.amount_cents)} · ${item.description} · vence ${formatDate(`${item.due_date}T12:00:00Z`, 'UTC')}`,
        (item) => h('span', { class: ['pill', `chg-${item.status}`] }, CHARGE_STATUS_LABELS[item.status] ?? item.status),
      )
    const leadOf = async (customerId) => {
      const lead = await findLead(api, tenantId, customerId)
      if (!lead) return emptyState('Sem lead no CRM.')
      return h(
        'p',
        { class: 'cli-lead' },
        h('span', { class: ['pill', `stage-${lead.stage}`] }, STAGE_LABELS[lead.stage] ?? lead.stage),
        ` origem ${SOURCE_LABELS[lead.source] ?? lead.source}`,
        lead.last_contact_at ? ` · última mensagem ${formatDateTime(lead.last_contact_at, timeZone)}` : '',
      )
    }
    const asyncSection = (title, loader) => {
      const body = h('div', {}, loadingState())
      loader()
        .then((content) => replace(body, content))
        .catch((error) => replace(body, h('p', { class: 'form-alert' }, errorMessage(error))))
      return section(title, body)
    }

    const exportData = (customer, button) =>
      runAction(button, ctx, {
        run: async () => {
          const data = await api.get(path(`/contacts/${encodeURIComponent(customer.customer_id)}/memory/export`))
          downloadJson(`fabio-${tenantId}-${customer.customer_id}.json`, { customer, ...data })
        },
        done: 'Exportação baixada (JSON).',
      })
    const eraseMemory = (customer, button) =>
      runAction(button, ctx, {
        confirm: `Apagar tudo o que o fabio lembra sobre ${customer.display_name || formatPhone(customer.phone)}: memórias, episódios e a conversa? Isso não pode ser desfeito.`,
        run: () => api.delete(path(`/contacts/${encodeURIComponent(customer.customer_id)}/memory`)),
        done: (result) => `Memória apagada: ${result?.memories?.memories ?? 0} memória(s), ${result?.episodes ?? 0} episódio(s), ${result?.messages ?? 0} mensagem(ns).`,
      })

    const openDetail = (customer) => {
      state.selected = customer.customer_id
      for (const tr of listArea.querySelectorAll('tr[data-customer-id]')) tr.classList.toggle('selected', tr.dataset.customerId === customer.customer_id)
      const exportButton = h('button', { type: 'button', class: 'ghost' }, 'Exportar dados')
      const eraseButton = h('button', { type: 'button', class: 'danger' }, 'Apagar memória')
      exportButton.addEventListener('click', () => exportData(customer, exportButton))
      eraseButton.addEventListener('click', () => eraseMemory(customer, eraseButton))
      const facts = [
        ['Telefone', customer.phone ? formatPhone(customer.phone) : '—'],
        ['E-mail', customer.email ?? '—'],
        ['Origem', ORIGIN_LABELS[customer.origin] ?? customer.origin],
        ['Situação', customer.status === 'inactive' ? 'Inativo' : 'Ativo'],
        ['Cliente desde', formatDateTime(customer.created_at, timeZone)],
      ]
      replace(
        detail,
        h('header', { class: 'cli-detail-header' }, h('h2', {}, customer.display_name || 'Cliente sem nome'), h('span', { class: 'muted small' }, customer.customer_id)),
        h('dl', { class: 'cli-facts' }, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
        asyncSection('Funil (CRM)', () => leadOf(customer.customer_id)),
        asyncSection('Agendamentos', () => appointmentsOf(customer.customer_id)),
        asyncSection('Cobranças', () => chargesOf(customer.customer_id)),
        section(
          'Privacidade (LGPD)',
          h(
            'div',
            {},
            h('p', { class: 'muted small' }, 'Exporte tudo o que o fabio guarda sobre este contato, ou apague as memórias, episódios e a conversa.'),
            h('div', { class: 'form-actions' }, exportButton, eraseButton),
          ),
        ),
      )
      detail.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
    }

    replace(
      container,
      modulePage(
        'cli-module',
        'Quem fala com o negócio: cadastro, histórico e privacidade (LGPD).',
        h(
          'div',
          { class: 'cli-layout split split-late' },
          h(
            'section',
            { class: 'card cli-list-card', 'aria-label': 'Lista de clientes' },
            h('div', { class: 'toolbar' }, field('Buscar cliente', search, { className: 'cli-search' })),
            summary,
            listArea,
            h('div', { class: 'form-actions' }, pager.moreButton),
          ),
          h('div', { class: 'stack' }, h('section', { class: 'card', 'aria-labelledby': 'cli-new-title' }, h('h2', { id: 'cli-new-title' }, 'Novo cliente'), createForm()), detail),
        ),
      ),
    )
    load()
    return () => clearTimeout(state.searchTimer)
  },
}
