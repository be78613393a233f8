/**
 * Who a message is from and where to answer, across the LID key shapes of every Evolution
 * version (REPORT.md §2.2):
 * - 2.3.1–2.3.2: `remoteJid` swapped to the phone, LID in `previousRemoteJid`; `senderPn`/`senderLid`,
 *   `participantPn`/`participantLid` from Baileys 6.7.
 * - 2.3.3–2.3.4: `remoteJid` swapped to the phone, `remoteJidAlt` kept.
 * - 2.3.5–2.3.6: no swap: `remoteJid` LID + `remoteJidAlt` phone, or the reverse for PN chats.
 * - 2.3.7: both `remoteJid` and `remoteJidAlt` hold the phone. 2.4.0-rc: phone + LID alt.
 * - Groups: `participant` + `participantAlt` (one phone, one LID, either order).
 */
import { z } from 'zod'
import { parseWhatsappJid } from '../../../shared/phone-number.js'
import { asBoolean, asText } from './json-values.js'
import type { ChatKind } from './inbound-types.js'

const optionalText = z.unknown().optional().transform(asText)

/** The Baileys message key with every id field Evolution has ever sent; unknown fields pass. */
export const messageKeySchema = z.looseObject({
  id: optionalText,
  remoteJid: optionalText,
  fromMe: z.unknown().optional().transform(asBoolean),
  remoteJidAlt: optionalText,
  previousRemoteJid: optionalText,
  senderPn: optionalText,
  senderLid: optionalText,
  participant: optionalText,
  participantAlt: optionalText,
  participantPn: optionalText,
  participantLid: optionalText,
  addressingMode: optionalText,
})
export type MessageKey = z.output<typeof messageKeySchema>

export interface MessageParties {
  chatJid: string
  chatKind: ChatKind
  contactJids: string[]
  contactPhone: string | null
  contactLid: string | null
  replyJid: string
}

const directServers = new Set(['s.whatsapp.net', 'c.us', 'lid'])

/** The kind of chat a remoteJid names. */
export const chatKindOf = (remoteJid: string): ChatKind => {
  const server = /@([^@]+)$/.exec(remoteJid.trim())?.[1]?.toLowerCase()
  if (server === undefined) return 'other'
  if (directServers.has(server)) return 'direct'
  if (server === 'g.us') return 'group'
  if (server === 'broadcast') return 'broadcast'
  if (server === 'newsletter') return 'newsletter'
  return 'other'
}

interface PersonJid {
  jid: string
  kind: 'phone' | 'lid'
  user: string
  phone: string | null
}

/** A phone or LID JID without its device suffix; null for anything else. */
const personJid = (value: string | null): PersonJid | null => {
  if (value === null) return null
  const parsed = parseWhatsappJid(value)
  if (!parsed || (parsed.kind !== 'phone' && parsed.kind !== 'lid')) return null
  return { jid: `${parsed.user}@${parsed.server}`, kind: parsed.kind, user: parsed.user, phone: parsed.phone }
}

const candidateJids = (key: MessageKey, chatKind: ChatKind): Array<string | null> => {
  const participants = [key.participant, key.participantAlt, key.participantPn, key.participantLid]
  if (chatKind === 'direct') {
    return [key.remoteJid, key.remoteJidAlt, key.senderPn, key.senderLid, key.previousRemoteJid]
  }
  if (chatKind === 'group') return participants
  // status@broadcast and the rest: the author is the participant; remoteJidAlt may be their LID.
  return [...participants, key.remoteJidAlt, key.senderPn, key.senderLid]
}

/** Resolves chat, person and reply target from a message key whose remoteJid is known. */
export const resolveMessageParties = (key: MessageKey & { remoteJid: string }): MessageParties => {
  const chatJid = key.remoteJid
  const chatKind = chatKindOf(chatJid)
  const seen = new Set<string>()
  const phones: PersonJid[] = []
  const lids: PersonJid[] = []
  for (const candidate of candidateJids(key, chatKind)) {
    const person = personJid(candidate)
    if (!person || seen.has(person.jid)) continue
    seen.add(person.jid)
    ;(person.kind === 'phone' ? phones : lids).push(person)
  }
  const firstPhone = phones[0] ?? null
  const firstLid = lids[0] ?? null
  const replyJid = chatKind === 'direct' && firstPhone ? firstPhone.jid : chatJid
  return {
    chatJid,
    chatKind,
    contactJids: [...phones, ...lids].map((person) => person.jid),
    contactPhone: firstPhone?.phone ?? null,
    contactLid: firstLid?.user ?? null,
    replyJid,
  }
}
