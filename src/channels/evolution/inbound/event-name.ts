/**
 * Evolution event names come in three spellings (REPORT.md §1.2): the body's dotted lowercase
 * `messages.upsert`, the filter key `MESSAGES_UPSERT`, and the `webhookByEvents` URL suffix
 * `messages-upsert`. Evolution itself maps between them with `replace(/[.-]/g, '_').toUpperCase()`,
 * so we do the same and map the key back to the dotted name.
 */

/** Every event Evolution (v1.8 to 2.4.0-rc) can emit, by filter key → dotted name as sent in `event`. */
export const evolutionEventNames = {
  APPLICATION_STARTUP: 'application.startup',
  INSTANCE_CREATE: 'instance.create',
  INSTANCE_DELETE: 'instance.delete',
  QRCODE_UPDATED: 'qrcode.updated',
  CONNECTION_UPDATE: 'connection.update',
  STATUS_INSTANCE: 'status.instance',
  MESSAGES_SET: 'messages.set',
  MESSAGES_UPSERT: 'messages.upsert',
  MESSAGES_EDITED: 'messages.edited',
  MESSAGES_UPDATE: 'messages.update',
  MESSAGES_DELETE: 'messages.delete',
  SEND_MESSAGE: 'send.message',
  SEND_MESSAGE_UPDATE: 'send.message.update',
  CONTACTS_SET: 'contacts.set',
  CONTACTS_UPSERT: 'contacts.upsert',
  CONTACTS_UPDATE: 'contacts.update',
  PRESENCE_UPDATE: 'presence.update',
  CHATS_SET: 'chats.set',
  CHATS_UPSERT: 'chats.upsert',
  CHATS_UPDATE: 'chats.update',
  CHATS_DELETE: 'chats.delete',
  GROUPS_UPSERT: 'groups.upsert',
  GROUPS_UPDATE: 'groups.update',
  GROUP_UPDATE: 'groups.update',
  GROUP_PARTICIPANTS_UPDATE: 'group-participants.update',
  LABELS_EDIT: 'labels.edit',
  LABELS_ASSOCIATION: 'labels.association',
  CALL: 'call',
  TYPEBOT_START: 'typebot.start',
  TYPEBOT_CHANGE_STATUS: 'typebot.change-status',
  REMOVE_INSTANCE: 'remove.instance',
  LOGOUT_INSTANCE: 'logout.instance',
  MESSAGING_HISTORY_SET: 'messaging-history.set',
} as const satisfies Record<string, string>

/** The filter key Evolution derives from any spelling: `messages-upsert` → `MESSAGES_UPSERT`. */
export const eventKey = (name: string): string =>
  name
    .trim()
    .replace(/[.\-\s]+/g, '_')
    .toUpperCase()

/**
 * Any spelling → the dotted name (`MESSAGES_UPSERT`, `messages-upsert`, `messages.upsert` →
 * `messages.upsert`). Unknown names become lowercase with dots. Null for an empty name.
 */
export const normaliseEventName = (name: string): string | null => {
  const key = eventKey(name)
  if (key === '' || /^_+$/.test(key)) return null
  const known = (evolutionEventNames as Record<string, string>)[key]
  return known ?? key.toLowerCase().replace(/_+/g, '.')
}

/**
 * The event from a `webhookByEvents` URL suffix: the last path segment of `/messages-upsert`,
 * `messages-upsert` or a whole path like `/webhooks/evolution/t1/messages-upsert?x=1`.
 */
export const eventNameFromSuffix = (suffix: string): string | null => {
  const path = suffix.split(/[?#]/, 1)[0] ?? ''
  const segments = path.split('/').filter((segment) => segment.trim() !== '')
  const last = segments[segments.length - 1]
  if (last === undefined) return null
  let decoded = last
  try {
    decoded = decodeURIComponent(last)
  } catch {
    // keep the raw segment
  }
  return normaliseEventName(decoded)
}
