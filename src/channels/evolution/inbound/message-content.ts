/**
 * The content of a WhatsApp message (`data.message`, a protobuf `Message` as JSON): unwrap the
 * containers, find the content type the way Baileys' getContentType does, and read text, media,
 * location, reaction and interactive replies from it (REPORT.md §2.4, fixtures README).
 */
import { readLong, readBytesBase64 } from './protobuf-values.js'
import { asNumber, asRecord, asString, asText, asTextArray, type JsonRecord } from './json-values.js'
import type { InboundLocation, InboundMedia, InboundMessageKind, InboundReaction } from './inbound-types.js'

/** Containers whose `.message` holds the real content. */
export const messageWrapperTypes = [
  'ephemeralMessage',
  'viewOnceMessage',
  'viewOnceMessageV2',
  'viewOnceMessageV2Extension',
  'documentWithCaptionMessage',
  'editedMessage',
] as const

const wrapperTypes = new Set<string>(messageWrapperTypes)

/** Content types that are not user content: edits, revokes, ephemeral settings, key material. */
export const protocolMessageTypes = ['protocolMessage', 'senderKeyDistributionMessage'] as const

const kindByContentType: Record<string, InboundMessageKind> = {
  conversation: 'text',
  extendedTextMessage: 'text',
  audioMessage: 'audio',
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'video',
  documentMessage: 'document',
  stickerMessage: 'sticker',
  locationMessage: 'location',
  liveLocationMessage: 'location',
  reactionMessage: 'reaction',
  contactMessage: 'contact',
  contactsArrayMessage: 'contact',
  buttonsResponseMessage: 'interactive_reply',
  listResponseMessage: 'interactive_reply',
  templateButtonReplyMessage: 'interactive_reply',
  interactiveResponseMessage: 'interactive_reply',
}

const mediaKinds = new Set<InboundMessageKind>(['audio', 'image', 'video', 'document', 'sticker'])

/**
 * The content type of a message: the first key, in order, that is `conversation` or contains
 * `Message`, skipping `senderKeyDistributionMessage` and empty values (Baileys getContentType).
 */
export const contentTypeOf = (message: JsonRecord): string | null => {
  for (const [type, value] of Object.entries(message)) {
    if (value === null || value === undefined) continue
    if (type === 'conversation') {
      if (typeof value === 'string' && value !== '') return type
      continue
    }
    if (type.includes('Message') && type !== 'senderKeyDistributionMessage') return type
  }
  return null
}

export interface UnwrappedMessage {
  /** The innermost message object (the one holding the content). */
  message: JsonRecord
  /** Its content type, e.g. `imageMessage`; null when it has none. */
  type: string | null
  /** The content object at `message[type]` (null for `conversation`, a string). */
  content: JsonRecord | null
  /** Wrapper types passed through, outermost first. */
  wrappers: string[]
}

/** Unwraps ephemeral, view-once, document-with-caption and edited containers (nested up to 5 deep). */
export const unwrapMessageContent = (message: JsonRecord): UnwrappedMessage => {
  let current = message
  const wrappers: string[] = []
  for (let depth = 0; depth < 5; depth += 1) {
    const type = contentTypeOf(current)
    const inner = type !== null && wrapperTypes.has(type) ? asRecord(asRecord(current[type])?.message) : null
    if (type === null || inner === null) {
      return { message: current, type, content: type === null ? null : asRecord(current[type]), wrappers }
    }
    wrappers.push(type)
    current = inner
  }
  const type = contentTypeOf(current)
  return { message: current, type, content: type === null ? null : asRecord(current[type]), wrappers }
}

export interface MessageContent {
  kind: InboundMessageKind
  /** The content type as found, e.g. `imageMessage`. */
  contentType: string
  text: string | null
  interactiveReplyId: string | null
  media: InboundMedia | null
  location: InboundLocation | null
  reaction: InboundReaction | null
  /** contextInfo of the content (quotes and mentions); the top-level data.contextInfo is read by the caller. */
  contextInfo: JsonRecord | null
}

export type MessageContentResult =
  | { ignored: false; content: MessageContent }
  | { ignored: true; reason: 'protocol message' | 'empty message' }

/** The id inside nativeFlowResponseMessage.paramsJson (`{"id":"…"}`), if it parses. */
const nativeFlowParams = (content: JsonRecord): JsonRecord | null => {
  const paramsJson = asText(asRecord(content.nativeFlowResponseMessage)?.paramsJson)
  if (paramsJson === null) return null
  try {
    return asRecord(JSON.parse(paramsJson))
  } catch {
    return null
  }
}

const idText = (value: unknown): string | null =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : asText(value)

const readInteractiveReply = (type: string, content: JsonRecord): { text: string | null; id: string | null } => {
  switch (type) {
    case 'buttonsResponseMessage':
      return { text: asText(content.selectedDisplayText), id: asText(content.selectedButtonId) }
    case 'listResponseMessage':
      return {
        text: asText(content.title) ?? asText(content.description),
        id: asText(asRecord(content.singleSelectReply)?.selectedRowId),
      }
    case 'templateButtonReplyMessage':
      return { text: asText(content.selectedDisplayText), id: asText(content.selectedId) }
    case 'interactiveResponseMessage': {
      const params = nativeFlowParams(content)
      return {
        text: asText(asRecord(content.body)?.text) ?? asText(params?.title) ?? asText(params?.display_text),
        id: idText(params?.id),
      }
    }
    default:
      return { text: null, id: null }
  }
}

const readMedia = (content: JsonRecord, containers: JsonRecord[]): InboundMedia => {
  // Evolution adds `base64` (webhook base64:true) and `mediaUrl` (S3) to data.message itself.
  const fromContainers = (field: string): unknown =>
    containers.map((container) => container[field]).find((value) => value !== undefined && value !== null)
  return {
    mimetype: asText(content.mimetype),
    seconds: readLong(content.seconds),
    ptt: content.ptt === true,
    fileName: asText(content.fileName),
    fileLength: readLong(content.fileLength),
    base64: readBytesBase64(fromContainers('base64') ?? content.base64),
    url: asText(fromContainers('mediaUrl')),
  }
}

const readLocation = (content: JsonRecord): InboundLocation | null => {
  const latitude = asNumber(content.degreesLatitude)
  const longitude = asNumber(content.degreesLongitude)
  if (latitude === null || longitude === null) return null
  return { latitude, longitude, name: asText(content.name), address: asText(content.address) }
}

const readReaction = (content: JsonRecord): InboundReaction | null => {
  const targetMessageId = asText(asRecord(content.key)?.id)
  if (targetMessageId === null) return null
  return { emoji: asString(content.text) ?? '', targetMessageId }
}

/** Reads `data.message`: kind, text, media, location, reaction, interactive reply. */
export const readMessageContent = (message: JsonRecord | null): MessageContentResult => {
  if (message === null) return { ignored: true, reason: 'empty message' }
  const unwrapped = unwrapMessageContent(message)
  const { type, content } = unwrapped
  if (type === null) {
    const hasKeyMaterial = protocolMessageTypes.some((protocolType) => unwrapped.message[protocolType] != null)
    return { ignored: true, reason: hasKeyMaterial ? 'protocol message' : 'empty message' }
  }
  if ((protocolMessageTypes as readonly string[]).includes(type)) return { ignored: true, reason: 'protocol message' }

  const kind = kindByContentType[type] ?? 'unsupported'
  const body = content ?? {}
  const result: MessageContent = {
    kind,
    contentType: type,
    text: null,
    interactiveReplyId: null,
    media: null,
    location: null,
    reaction: null,
    contextInfo: asRecord(body.contextInfo),
  }
  if (type === 'conversation') result.text = asText(unwrapped.message.conversation)
  else if (type === 'extendedTextMessage') result.text = asText(body.text)
  else if (kind === 'interactive_reply') {
    const reply = readInteractiveReply(type, body)
    result.text = reply.text
    result.interactiveReplyId = reply.id
  } else if (kind === 'reaction') result.reaction = readReaction(body)
  else if (kind === 'location') {
    result.location = readLocation(body)
    result.text = asText(body.caption) ?? asText(body.comment)
  } else if (mediaKinds.has(kind)) {
    result.media = readMedia(body, [message, unwrapped.message])
    result.text = asText(body.caption)
  }
  return { ignored: false, content: result }
}

/** The mentioned JIDs of a contextInfo. */
export const mentionedJidsOf = (contextInfo: JsonRecord | null): string[] => asTextArray(contextInfo?.mentionedJid)
