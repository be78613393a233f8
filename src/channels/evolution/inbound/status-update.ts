/**
 * `messages.update`: delivery and read receipts (REPORT.md §2.10).
 * - v2: flat `{keyId, remoteJid, fromMe, participant?, status:'READ', instanceId, messageId}`,
 *   where `messageId` is Evolution's database id, not the WhatsApp one.
 * - v1 and raw Baileys: `{key:{id, remoteJid, fromMe}, update:{status: 4}}` or a flat key with
 *   `status` (name or protobuf enum number) and `datetime` (ms).
 * `data` may also be an array of those.
 */
import { readLong } from './protobuf-values.js'
import { asBoolean, asRecord, asText, unixTimeToDate } from './json-values.js'
import { messageStatusNames, type MessageStatus, type MessageStatusChange } from './inbound-types.js'

/** A status as a name: protobuf enum numbers 0..5 → ERROR … PLAYED; names are upper-cased. */
export const messageStatusName = (value: unknown): MessageStatus | null => {
  const code = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : null
  if (code !== null) return messageStatusNames[code] ?? null
  const name = asText(value)
  return name === null ? null : name.trim().toUpperCase()
}

/** One status change from one item; null when it has no message id or no status. */
export const readStatusChange = (item: unknown, fallbackAt: Date | null): MessageStatusChange | null => {
  const record = asRecord(item)
  if (!record) return null
  const key = asRecord(record.key)
  const update = asRecord(record.update)
  const messageId = asText(record.keyId) ?? asText(key?.id) ?? (key ? null : asText(record.id))
  const status = messageStatusName(record.status ?? update?.status)
  if (messageId === null || status === null) return null
  return {
    messageId,
    chatJid: asText(key?.remoteJid) ?? asText(record.remoteJid),
    fromMe: asBoolean(key?.fromMe) ?? asBoolean(record.fromMe),
    status,
    at: unixTimeToDate(readLong(record.datetime)) ?? fallbackAt,
  }
}

/** Every status change in `data` (an object or an array); items without id or status are skipped. */
export const readStatusChanges = (data: unknown, fallbackAt: Date | null): MessageStatusChange[] => {
  const items = Array.isArray(data) ? data : [data]
  return items
    .map((item) => readStatusChange(item, fallbackAt))
    .filter((change): change is MessageStatusChange => change !== null)
}
