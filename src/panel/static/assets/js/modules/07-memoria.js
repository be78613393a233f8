// 07 Memória: what fabio remembers long-term (search, forget one memory) and the maintenance
// status of the memory's embedding space ("Rodar agora" starts a re-embed in the background).
import { h } from '../dom.js'
import { formatDateTime, formatPhone } from '../format.js'
import { runAction } from '../ui/actions.js'
import { filterForm } from '../ui/forms.js'
import { createListCard } from '../ui/list-card.js'
import { createMaintenancePanel } from './07-memoria/maintenance.js'
import { AUDIENCE_LABELS, KIND_LABELS, SOURCE_LABELS, STATUS_LABELS, STATUS_KIND } from './07-memoria/labels.js'

const PAGE = 50

/** Lowercase without accents, for the text match. */
const fold = (text) =>
  String(text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()

export const module = {
  id: '07',
  slug: 'memoria',
  title: '07 Memória',

  mount(container, ctx) {
    const path = (rest) => ctx.api.tenantPath(ctx.tenantId, rest)
    const customers = new Map()
    const state = { query: '', onlyActive: true }
    const searchInput = h('input', { id: 'mem-search', type: 'search', placeholder: 'Ex.: horário de funcionamento, preferências da Maria…', autocomplete: 'off' })
    const activeBox = h('input', { id: 'mem-active', type: 'checkbox', checked: true })
    const maintenance = createMaintenancePanel(ctx)

    const subjectText = (memory) => {
      if (memory.subject_kind === 'owner') return 'Proprietário'
      if (memory.subject_kind === 'business') return 'Negócio'
      const customer = customers.get(memory.subject_id)
      const who = customer ? customer.display_name || formatPhone(customer.phone) || customer.customer_id : memory.subject_id
      return `Cliente: ${who}`
    }

    const forget = (memory, button) =>
      runAction(button, ctx, {
        confirm: `Esquecer esta memória?\n\n"${memory.text}"\n\nO fabio deixa de usá-la nas conversas.`,
        run: () => ctx.api.delete(path(`/memories/${encodeURIComponent(memory.memory_id)}`)),
        done: 'Memória esquecida.',
        after: () => memories.load(),
        failed: (error) => `Não foi possível esquecer: ${error.message}`,
      })

    const card = (memory) => {
      const forgettable = memory.status === 'active'
      const button = h('button', { type: 'button', class: 'danger small', 'aria-label': `Esquecer: ${memory.text.slice(0, 80)}` }, 'Esquecer')
      button.addEventListener('click', () => forget(memory, button))
      return h(
        'article',
        { class: ['memory', `memory-${memory.status}`] },
        h('p', { class: 'memory-text' }, memory.text),
        h(
          'div',
          { class: 'memory-tags' },
          h('span', { class: `pill ${STATUS_KIND[memory.status] ?? 'plain'}` }, STATUS_LABELS[memory.status] ?? memory.status),
          h('span', { class: 'pill plain' }, KIND_LABELS[memory.kind] ?? memory.kind),
          h('span', { class: 'pill plain' }, subjectText(memory)),
          h('span', { class: 'pill plain', title: 'Quem pode ver' }, AUDIENCE_LABELS[memory.audience] ?? memory.audience),
        ),
        h(
          'p',
          { class: 'muted small memory-provenance' },
          `Origem: ${SOURCE_LABELS[memory.source_kind] ?? memory.source_kind}`,
          memory.source_refs?.length ? ` (${memory.source_refs.length} ${memory.source_refs.length === 1 ? 'referência' : 'referências'})` : '',
          ` · criada em ${formatDateTime(memory.created_at, ctx.timeZone)}`,
          typeof memory.confidence === 'number' ? ` · confiança ${Math.round(memory.confidence * 100)}%` : '',
          memory.recall_count ? ` · usada ${memory.recall_count}×` : '',
        ),
        forgettable ? h('div', { class: 'row' }, button) : null,
      )
    }

    const render = (pager) => {
      const visible = state.onlyActive ? pager.items.filter((memory) => memory.status === 'active') : pager.items
      return {
        summary: state.query
          ? `${visible.length} ${visible.length === 1 ? 'memória encontrada' : 'memórias encontradas'} para "${state.query}".`
          : `${pager.total} ${pager.total === 1 ? 'memória' : 'memórias'} no total${state.onlyActive ? '; mostrando as ativas' : ''}.`,
        content: visible.length
          ? visible.map(card)
          : h('p', { class: 'empty' }, state.query ? 'Nada encontrado. Tente outras palavras.' : 'Nenhuma memória ainda. O que você pedir para o assistente lembrar, e o que ele aprender nas conversas, aparece aqui.'),
      }
    }

    /** Search on the server; a server without `?query=` (400) gets a text match over the listed page instead. */
    const fetchPage = async (cursor) => {
      if (!state.query) return ctx.api.get(path('/memories'), { limit: PAGE, cursor })
      try {
        return await ctx.api.get(path('/memories'), { query: state.query, limit: PAGE })
      } catch (error) {
        if (error.status !== 400) throw error
        const listed = await ctx.api.get(path('/memories'), { limit: 200 })
        const wanted = fold(state.query)
        const items = (listed.items ?? []).filter((memory) => fold(memory.text).includes(wanted))
        return { items, total: items.length, next_cursor: null }
      }
    }

    const loadCustomers = async () => {
      try {
        const answer = await ctx.api.get(path('/customers'), { limit: 200 })
        for (const customer of answer.items ?? []) customers.set(customer.customer_id, customer)
        if (memories.pager.items.length) memories.draw()
      } catch {
        // Names are a nicety; ids are shown without them.
      }
    }

    const search = (query) => {
      state.query = query
      void memories.load()
    }
    const clearSearch = () => {
      searchInput.value = ''
      search('')
    }
    const form = filterForm(
      { className: 'toolbar memory-search', role: 'search', submitLabel: 'Buscar', resetLabel: 'Limpar', onApply: () => search(searchInput.value.trim()), onReset: clearSearch },
      h('div', { class: 'field memory-search-field' }, h('label', { for: 'mem-search' }, 'Buscar na memória'), searchInput),
      h('div', { class: 'field field-check' }, activeBox, h('label', { for: 'mem-active' }, 'Só as ativas')),
    )
    activeBox.addEventListener('change', () => {
      state.onlyActive = activeBox.checked
      memories.draw()
    })
    const memories = createListCard({ id: 'mem', title: 'Memórias', toolbar: form, fetchPage, render, noun: 'as memórias', bodyClass: 'memory-list' })

    container.append(h('div', { class: 'memory-page split' }, memories.element, maintenance.element))
    void loadCustomers().then(() => memories.load())
    void maintenance.refresh()
    return () => maintenance.dispose()
  },
}
