import type { CustomerService } from '../domains/customers/index.js'
import type { Page } from '../shared/pagination.js'
import type { Conversation, ConversationMessage } from './conversation.js'
import type { ConversationStore } from './conversation-store.js'

/** Long enough for a list row; the whole text is in the messages route. */
const previewChars = 200

export interface InboxLastMessage {
  direction: ConversationMessage['direction']
  author: ConversationMessage['author']
  kind: string
  /** The first 200 characters of the text, or null (media without caption). */
  text: string | null
  created_at: string
}

/** A conversation as the inbox lists it: the contact's name and phone, and the last message. */
export type InboxItem = Conversation & {
  display_name: string | null
  phone: string | null
  last_message: InboxLastMessage | null
}

const preview = (message: ConversationMessage): InboxLastMessage => ({
  direction: message.direction,
  author: message.author,
  kind: message.kind,
  text: message.text === null ? null : message.text.length > previewChars ? `${message.text.slice(0, previewChars)}…` : message.text,
  created_at: message.created_at,
})

/** One page of conversations, most recent first, each joined with its customer and last message. */
export const createListInbox =
  (deps: { conversations: ConversationStore; customers: Pick<CustomerService, 'getCustomer'> }) =>
  async (input: { tenantId: string; limit: number; cursor?: string }): Promise<Page<InboxItem>> => {
    const page = await deps.conversations.listConversations(input)
    const items = await Promise.all(
      page.items.map(async (conversation): Promise<InboxItem> => {
        const [customer, latest] = await Promise.all([
          deps.customers.getCustomer({ tenantId: input.tenantId, customerId: conversation.contact_id }),
          deps.conversations.listMessages({ tenantId: input.tenantId, contactId: conversation.contact_id, limit: 1, newestFirst: true }),
        ])
        const last = latest.items[0]
        return { ...conversation, display_name: customer?.display_name ?? null, phone: customer?.phone ?? null, last_message: last ? preview(last) : null }
      }),
    )
    return { ...page, items }
  }

export type ListInbox = ReturnType<typeof createListInbox>
