// Names and phones of a tenant's customers by id, for screens whose records carry only
// `customer_id` (leads, appointments, charges, follow-ups). Loaded in pages, refreshed on a miss.
import { formatPhone } from '../format.js'
import { pagesOf } from '../ui/paging.js'

const pageSize = 200
const maxPages = 10

export const createDirectory = (api, tenantId) => {
  const byId = new Map()
  let loading = null
  let loadedAt = 0

  const loadAll = async () => {
    for await (const customers of pagesOf(api, api.tenantPath(tenantId, '/customers'), { limit: pageSize }, maxPages)) {
      for (const customer of customers) byId.set(customer.customer_id, customer)
    }
    loadedAt = Date.now()
  }

  const reload = () => {
    loading ??= loadAll().finally(() => {
      loading = null
    })
    return loading
  }

  return {
    /** Makes sure every id is known (one reload at most, and not more than every 3 s). */
    ensure: async (ids) => {
      const missing = [...ids].some((id) => id && !byId.has(id))
      if (missing && Date.now() - loadedAt > 3000) await reload()
      else if (loading) await loading
    },
    reload,
    remember: (customer) => {
      if (customer?.customer_id) byId.set(customer.customer_id, customer)
    },
    get: (id) => byId.get(id) ?? null,
    /** The customer's name, else their phone, else the id. */
    label: (id) => {
      const customer = byId.get(id)
      if (!customer) return id ?? '—'
      return customer.display_name || (customer.phone ? formatPhone(customer.phone) : null) || customer.whatsapp_lid || id
    },
    phone: (id) => {
      const phone = byId.get(id)?.phone
      return phone ? formatPhone(phone) : ''
    },
  }
}
