import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../shared/pagination.js'
import { wrapQueryError } from '../storage/postgres/index.js'
import { isStatusAdvance, type Conversation, type ConversationMessage } from './conversation.js'
import type { ConversationStore } from './conversation-store.js'

const iso = (value: Date | null): string | null => value?.toISOString() ?? null

const conversationColumns = `tenant_id, contact_id, instance, reply_jid, paused_until, pause_reason, unread_count,
  not_on_whatsapp, auto_reply_sent_at, last_message_at, created_at, updated_at, draft_reply`
const messageColumns = 'tenant_id, message_id, contact_id, direction, author, wa_message_id, kind, text, status, created_at, updated_at'

type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: Date | null }

const conversationFromRow = (row: Dated<Conversation, 'paused_until' | 'auto_reply_sent_at' | 'last_message_at' | 'created_at' | 'updated_at'>): Conversation => ({
  ...row,
  paused_until: iso(row.paused_until),
  auto_reply_sent_at: iso(row.auto_reply_sent_at),
  last_message_at: iso(row.last_message_at) as string,
  created_at: iso(row.created_at) as string,
  updated_at: iso(row.updated_at) as string,
})

const messageFromRow = (row: Dated<ConversationMessage, 'created_at' | 'updated_at'>): ConversationMessage => ({
  ...row,
  created_at: iso(row.created_at) as string,
  updated_at: iso(row.updated_at) as string,
})

export const createPostgresConversationStore = (pool: pg.Pool): ConversationStore => {
  const query = async (text: string, params: unknown[], context: string) => {
    try {
      return await pool.query(text, params)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  const page = async <T>(
    rowsSql: string,
    countSql: string,
    params: unknown[],
    cursorParams: unknown[],
    limit: number,
    map: (row: never) => T,
    position: (item: T) => { sort: string; id: string },
  ) => {
    const [rows, count] = await Promise.all([
      query(rowsSql, [...params, ...cursorParams, limit + 1], 'list'),
      query(countSql, params, 'count'),
    ])
    const items = rows.rows.slice(0, limit).map((row) => map(row as never))
    const last = items.at(-1)
    return { items, total: Number(count.rows[0]?.total ?? 0), next_cursor: rows.rows.length > limit && last ? encodeCursor(position(last)) : null }
  }

  return {
    getConversation: async ({ tenantId, contactId }) => {
      const result = await query(`SELECT ${conversationColumns} FROM conversations WHERE tenant_id = $1 AND contact_id = $2`, [tenantId, contactId], 'get conversation')
      return result.rows[0] ? conversationFromRow(result.rows[0]) : null
    },
    saveConversation: async ({ conversation: c }) => {
      await query(
        `INSERT INTO conversations (${conversationColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (tenant_id, contact_id) DO UPDATE SET instance = $3, reply_jid = $4, paused_until = $5, pause_reason = $6,
           unread_count = $7, not_on_whatsapp = $8, auto_reply_sent_at = $9, last_message_at = $10, updated_at = $12, draft_reply = $13`,
        [c.tenant_id, c.contact_id, c.instance, c.reply_jid, c.paused_until, c.pause_reason, c.unread_count, c.not_on_whatsapp, c.auto_reply_sent_at, c.last_message_at, c.created_at, c.updated_at, c.draft_reply ?? null],
        'save conversation',
      )
      return structuredClone(c)
    },
    listConversations: async ({ tenantId, limit, cursor }) => {
      const before = decodeCursor(cursor)
      return page(
        `SELECT ${conversationColumns} FROM conversations WHERE tenant_id = $1
         ${before ? 'AND (last_message_at, contact_id) < ($2::timestamptz, $3)' : ''}
         ORDER BY last_message_at DESC, contact_id DESC LIMIT $${before ? 4 : 2}`,
        'SELECT count(*) AS total FROM conversations WHERE tenant_id = $1',
        [tenantId],
        before ? [before.sort, before.id] : [],
        limit,
        conversationFromRow,
        (item) => ({ sort: item.last_message_at, id: item.contact_id }),
      )
    },
    appendMessage: async ({ message: m }) => {
      const inserted = await query(
        `INSERT INTO conversation_messages (${messageColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (tenant_id, message_id) DO NOTHING RETURNING ${messageColumns}`,
        [m.tenant_id, m.message_id, m.contact_id, m.direction, m.author, m.wa_message_id, m.kind, m.text, m.status, m.created_at, m.updated_at],
        'append message',
      )
      if (inserted.rows[0]) return { message: messageFromRow(inserted.rows[0]), created: true }
      const existing = await query(`SELECT ${messageColumns} FROM conversation_messages WHERE tenant_id = $1 AND message_id = $2`, [m.tenant_id, m.message_id], 'get message')
      return { message: messageFromRow(existing.rows[0]), created: false }
    },
    getMessageByWaId: async ({ tenantId, waMessageId }) => {
      const found = await query(`SELECT ${messageColumns} FROM conversation_messages WHERE tenant_id = $1 AND wa_message_id = $2 LIMIT 1`, [tenantId, waMessageId], 'get message by WhatsApp id')
      return found.rows[0] ? messageFromRow(found.rows[0]) : null
    },
    updateMessageStatus: async ({ tenantId, waMessageId, status, at }) => {
      const found = await query(`SELECT ${messageColumns} FROM conversation_messages WHERE tenant_id = $1 AND wa_message_id = $2 LIMIT 1`, [tenantId, waMessageId], 'find message')
      if (!found.rows[0]) return null
      const message = messageFromRow(found.rows[0])
      if (!isStatusAdvance(message.status, status)) return message
      await query(
        `UPDATE conversation_messages SET status = $3, updated_at = $4 WHERE tenant_id = $1 AND message_id = $2 AND status IS NOT DISTINCT FROM $5`,
        [tenantId, message.message_id, status, at, message.status],
        'update message status',
      )
      return { ...message, status, updated_at: at.toISOString() }
    },
    eraseContact: async ({ tenantId, contactId }) => {
      const deleted = await query('DELETE FROM conversation_messages WHERE tenant_id = $1 AND contact_id = $2', [tenantId, contactId], 'erase messages')
      await query('DELETE FROM conversations WHERE tenant_id = $1 AND contact_id = $2', [tenantId, contactId], 'erase conversation')
      return { messages: deleted.rowCount ?? 0 }
    },
    listMessages: async ({ tenantId, contactId, limit, cursor, newestFirst = false }) => {
      const after = decodeCursor(cursor)
      const [beyond, direction] = newestFirst ? ['<', 'DESC'] : ['>', 'ASC']
      return page(
        `SELECT ${messageColumns} FROM conversation_messages WHERE tenant_id = $1 AND contact_id = $2
         ${after ? `AND (created_at, message_id) ${beyond} ($3::timestamptz, $4)` : ''}
         ORDER BY created_at ${direction}, message_id ${direction} LIMIT $${after ? 5 : 3}`,
        'SELECT count(*) AS total FROM conversation_messages WHERE tenant_id = $1 AND contact_id = $2',
        [tenantId, contactId],
        after ? [after.sort, after.id] : [],
        limit,
        messageFromRow,
        (item) => ({ sort: item.created_at, id: item.message_id }),
      )
    },
  }
}
