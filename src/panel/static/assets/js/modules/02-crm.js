// 02 CRM WhatsApp: KPI cards on top and four tabs (Inbox, Pipeline, Follow-ups e campanhas,
// Simulador). Self-contained: the owner shell and /crm/ (crm-app.js) both mount it with a ctx.
import { h, replace } from '../dom.js'
import { createDirectory } from '../crm/directory.js'
import { mountInbox } from '../crm/inbox.js'
import { renderKpiCards } from '../crm/kpis.js'
import { mountOutreach } from '../crm/outreach.js'
import { mountPipeline } from '../crm/pipeline.js'
import { mountSimulator } from '../crm/simulator.js'
import { formAlert } from '../ui/forms.js'
import { modulePage } from '../ui/layout.js'
import { startPolling } from '../ui/polling.js'

const TABS = [
  { id: 'inbox', label: 'Inbox', mount: mountInbox },
  { id: 'pipeline', label: 'Pipeline', mount: mountPipeline },
  { id: 'outreach', label: 'Follow-ups e campanhas', mount: mountOutreach },
  { id: 'simulator', label: 'Simulador', mount: mountSimulator },
]

let instance = 0

export const module = {
  id: '02',
  slug: 'crm',
  title: '02 CRM WhatsApp',
  mount(container, ctx) {
    instance += 1
    const prefix = `crm${instance}`
    const kpiListeners = new Set()
    let lastKpis = null
    const kpiCards = h('div', { class: 'crm-kpis', 'aria-label': 'Indicadores de leads', role: 'group' })
    const kpiError = formAlert()

    const refreshKpis = async () => {
      try {
        lastKpis = await ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/leads/kpis'))
        kpiError.textContent = ''
        renderKpiCards(kpiCards, lastKpis)
        for (const listener of kpiListeners) listener(lastKpis)
      } catch (error) {
        kpiError.textContent = `Indicadores indisponíveis: ${error.message}`
      }
    }

    const crm = {
      directory: createDirectory(ctx.api, ctx.tenantId),
      selectedContact: null,
      refreshKpis,
      /** Subscribes to KPI updates (called at once with the last value); returns unsubscribe. */
      onKpis: (listener) => {
        kpiListeners.add(listener)
        if (lastKpis) listener(lastKpis)
        return () => kpiListeners.delete(listener)
      },
      openConversation: (contactId) => {
        crm.selectedContact = contactId
        show('inbox')
      },
    }

    const panel = h('div', { class: 'crm-tabpanel', role: 'tabpanel', id: `${prefix}-panel`, tabindex: '0' })
    const tabButtons = TABS.map((tab) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `${prefix}-tab-${tab.id}`,
          'aria-controls': panel.id,
          'aria-selected': 'false',
          tabindex: '-1',
          dataset: { tab: tab.id },
          onclick: () => show(tab.id),
        },
        tab.label,
      ),
    )
    const tabList = h('div', { class: 'crm-tabs', role: 'tablist', 'aria-label': 'Áreas do CRM' }, tabButtons)
    tabList.addEventListener('keydown', (event) => {
      const index = tabButtons.indexOf(document.activeElement)
      if (index < 0 || !['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return
      event.preventDefault()
      const next = event.key === 'Home' ? 0 : event.key === 'End' ? tabButtons.length - 1 : (index + (event.key === 'ArrowRight' ? 1 : -1) + tabButtons.length) % tabButtons.length
      tabButtons[next].focus()
      show(TABS[next].id)
    })

    let cleanupTab = null
    const show = (id) => {
      cleanupTab?.()
      cleanupTab = null
      for (const button of tabButtons) {
        const selected = button.dataset.tab === id
        button.setAttribute('aria-selected', String(selected))
        button.tabIndex = selected ? 0 : -1
        if (selected) panel.setAttribute('aria-labelledby', button.id)
      }
      panel.dataset.tab = id
      panel.replaceChildren()
      const tab = TABS.find((item) => item.id === id)
      cleanupTab = tab.mount(panel, ctx, crm) ?? null
    }

    replace(container, modulePage('crm-module', 'Conversas, funil de vendas, follow-ups e campanhas do WhatsApp do negócio.', kpiCards, kpiError, tabList, panel))
    show('inbox')
    const stopKpis = startPolling(refreshKpis, 15_000)
    return () => {
      stopKpis()
      cleanupTab?.()
      kpiListeners.clear()
    }
  },
}
