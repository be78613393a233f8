// The owner's recent conversation (the same one WhatsApp uses), so 01 Chat IA opens where the
// owner left off. The contact is the customer record of the first owner number.
import { fetchAllPages } from '../../ui/paging.js'

const PAGE = 200
const MAX_PAGES = 5
const KEEP = 60

/** The owner contact's id, or null when the owner never talked to fabio yet. */
export const findOwnerContactId = async (ctx, ownerNumber) => {
  const answer = await ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/customers'), { q: ownerNumber, limit: 20 })
  return (answer.items ?? []).find((customer) => customer.phone === ownerNumber)?.customer_id ?? null
}

/** The last messages of the owner's conversation, oldest first ([] when there is none). */
export const loadOwnerHistory = async (ctx, contactId) => {
  const path = ctx.api.tenantPath(ctx.tenantId, `/conversations/${encodeURIComponent(contactId)}/messages`)
  try {
    return (await fetchAllPages(ctx.api, path, { limit: PAGE }, MAX_PAGES)).slice(-KEEP)
  } catch (error) {
    if (error.code === 'CONVERSATION_NOT_FOUND') return []
    throw error
  }
}
