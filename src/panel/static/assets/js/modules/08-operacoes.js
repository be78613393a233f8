// 08 Operações: the tenant's event log (by type and by conversation) and the task queue with its
// dead letters. Both refresh every 5 s while the tab is visible.
import { h } from '../dom.js'
import { startPolling } from '../ui/polling.js'
import { contactLabel, createEventLog } from './08-operacoes/event-log.js'
import { createTaskQueue } from './08-operacoes/task-queue.js'

const POLL_MS = 5000

export const module = {
  id: '08',
  slug: 'operacoes',
  title: '08 Operações',

  mount(container, ctx) {
    const customers = new Map()
    const contactName = (contactId) => contactLabel(customers.get(contactId)) ?? contactId
    const events = createEventLog(ctx, { contactName })
    const tasks = createTaskQueue(ctx, { onRetried: () => events.load() })

    container.append(h('div', { class: 'operations-page stack' }, events.element, tasks.element))

    const loadContacts = async () => {
      try {
        const [people, conversations] = await Promise.all([
          ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/customers'), { limit: 200 }),
          ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/conversations'), { limit: 100 }),
        ])
        for (const customer of people.items ?? []) customers.set(customer.customer_id, customer)
        events.setContacts((conversations.items ?? []).map((conversation) => [conversation.contact_id, contactName(conversation.contact_id)]))
        events.rerender()
      } catch {
        // Without names the log shows contact ids.
      }
    }

    void loadContacts()
    void events.load()
    void tasks.load()
    return startPolling(() => Promise.all([events.poll(), tasks.poll()]), POLL_MS, { immediate: false })
  },
}
