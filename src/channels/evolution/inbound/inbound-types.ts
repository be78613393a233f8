/**
 * The one normalised value an Evolution webhook becomes. Everything version-specific (v1 vs v2,
 * LID key shapes, protobuf serialisations) is resolved here, so later layers never look at `data`.
 */
import { z } from 'zod'

export const inboundMessageEvents = ['messages.upsert', 'send.message'] as const
export type InboundMessageEvent = (typeof inboundMessageEvents)[number]

export const chatKinds = ['direct', 'group', 'broadcast', 'newsletter', 'other'] as const
export type ChatKind = (typeof chatKinds)[number]

export const inboundMessageKinds = [
  'text',
  'audio',
  'image',
  'video',
  'document',
  'location',
  'reaction',
  'interactive_reply',
  'sticker',
  'contact',
  'unsupported',
] as const
export type InboundMessageKind = (typeof inboundMessageKinds)[number]

export const evolutionVersions = ['v1', 'v2'] as const
export type EvolutionVersion = (typeof evolutionVersions)[number]

export const inboundMediaSchema = z.object({
  mimetype: z.string().nullable(),
  /** Duration of audio and video. */
  seconds: z.number().nullable(),
  /** True for a voice note (audioMessage.ptt). */
  ptt: z.boolean(),
  fileName: z.string().nullable(),
  fileLength: z.number().nullable(),
  /** The file itself, base64, when the webhook has `base64: true` (data.message.base64). */
  base64: z.string().nullable(),
  /**
   * A plain download URL from Evolution's S3/MinIO storage (data.message.mediaUrl), when enabled.
   * The WhatsApp CDN URL (`…mmg.whatsapp.net….enc`) is encrypted and deliberately not exposed
   * here; without base64 or url, download with getBase64FromMediaMessage and `raw`.
   */
  url: z.string().nullable(),
})
export type InboundMedia = z.infer<typeof inboundMediaSchema>

export const inboundLocationSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().nullable(),
  address: z.string().nullable(),
})
export type InboundLocation = z.infer<typeof inboundLocationSchema>

export const inboundReactionSchema = z.object({
  /** "" when the reaction was removed. */
  emoji: z.string(),
  targetMessageId: z.string(),
})
export type InboundReaction = z.infer<typeof inboundReactionSchema>

export interface InboundMessage {
  /** `send.message` = a message sent through our own API call, echoed back. */
  event: InboundMessageEvent
  instance: string
  /** key.id: the WhatsApp message id, the dedupe key. */
  messageId: string
  /** True for our own sends and for messages a human typed on the business phone or WhatsApp Web. */
  fromMe: boolean
  /** key.remoteJid as delivered (may be @lid, @g.us, status@broadcast). */
  chatJid: string
  chatKind: ChatKind
  /**
   * Every id carried for the person (the peer in direct chats, the author in groups and statuses),
   * phone JIDs first, then LIDs; device suffixes removed, deduped.
   */
  contactJids: string[]
  /** Canonical phone (Brazilian 9th digit added) from the first phone JID. */
  contactPhone: string | null
  /** The LID user part ("162534879012345") if any LID was carried. */
  contactLid: string | null
  /**
   * Where to send a reply: the group JID for groups; for direct chats the phone JID exactly as
   * WhatsApp delivered it (12-digit Brazilian JIDs stay 12-digit), else the raw remoteJid (@lid is
   * accepted by Evolution ≥ 2.3.6); the raw remoteJid for anything else.
   */
  replyJid: string
  pushName: string | null
  /** messageTimestamp (unix seconds) as a Date. */
  timestamp: Date
  kind: InboundMessageKind
  /** The text, the media caption, or the text of an interactive reply. */
  text: string | null
  /** selectedButtonId / selectedRowId / selectedId / nativeFlow paramsJson id. */
  interactiveReplyId: string | null
  media: InboundMedia | null
  location: InboundLocation | null
  reaction: InboundReaction | null
  /** contextInfo.stanzaId of the quoted message. */
  quotedMessageId: string | null
  mentionedJids: string[]
  /** DELIVERY_ACK, SERVER_ACK, PENDING… (null in v1, which sends none). */
  status: string | null
  /** android / ios / web / desktop / unknown. */
  source: string | null
  evolutionVersion: EvolutionVersion
  /** The original `data` object, for getBase64FromMediaMessage and debugging. */
  raw: unknown
}

/** Baileys' WebMessageInfo.Status enum, in order: 0 ERROR … 5 PLAYED. Evolution adds DELETED. */
export const messageStatusNames = ['ERROR', 'PENDING', 'SERVER_ACK', 'DELIVERY_ACK', 'READ', 'PLAYED'] as const
export type KnownMessageStatus = (typeof messageStatusNames)[number] | 'DELETED'
export type MessageStatus = KnownMessageStatus | (string & {})

export interface MessageStatusChange {
  /** The WhatsApp message id (key.id / keyId), not Evolution's database id. */
  messageId: string
  chatJid: string | null
  fromMe: boolean | null
  status: MessageStatus
  /** When it changed, if the payload says; else the envelope's date_time (server-local clock). */
  at: Date | null
}

export interface StatusUpdate {
  instance: string
  updates: MessageStatusChange[]
}

export type ConnectionState = 'open' | 'connecting' | 'close' | 'refused' | (string & {})

export interface QrCodeData {
  code: string | null
  /** A data URL: "data:image/png;base64,…". */
  base64: string | null
  pairingCode: string | null
}

export interface ConnectionUpdate {
  instance: string
  /** `connection` for connection.update, `qrcode` for qrcode.updated. */
  kind: 'connection' | 'qrcode'
  state: ConnectionState | null
  statusReason: number | null
  /** The instance's own JID, once logged in. */
  wuid: string | null
  profileName: string | null
  qrCode: QrCodeData | null
  /** The envelope's date_time (server-local wall time with a trailing Z; exact only on a UTC server). */
  at: Date | null
}

/** Stable reasons for `ignored`, for logs and metrics. */
export const ignoredReasons = [
  'unhandled event',
  'batch',
  'message without key',
  'protocol message',
  'empty message',
  'status update without message id or status',
] as const
export type IgnoredReason = (typeof ignoredReasons)[number]

export type NormalisedWebhook =
  | { type: 'message'; message: InboundMessage }
  | { type: 'status'; status: StatusUpdate }
  | { type: 'connection'; connection: ConnectionUpdate }
  | { type: 'ignored'; event: string; instance: string; reason: IgnoredReason }

export interface NormaliseWebhookOptions {
  /** The `webhookByEvents` URL suffix (`messages-upsert` or `/messages-upsert`), used when the body has no `event`. */
  eventSuffix?: string
  /** Fallback for a message without a usable messageTimestamp or date_time; defaults to now. */
  receivedAt?: Date
}
