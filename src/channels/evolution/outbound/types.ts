import type { Logger } from '../../../shared/logger.js'

/** Evolution API generation: v2 (2.x, the default) or legacy v1 (1.8.x), which differ in request bodies. */
export type EvolutionApiVersion = 'v1' | 'v2'

/**
 * Where and how to reach one tenant's Evolution instance. One client serves every tenant, so
 * each call takes the connection. `apiKey` is the instance token or the global key: it is sent
 * in the `apikey` header and nowhere else (never logged, never put in error details).
 */
export interface EvolutionConnection {
  baseUrl: string
  apiKey: string
  /** The instance NAME (not its id); it ends every path, URL-encoded. */
  instance: string
  /** Default 'v2'. */
  version?: EvolutionApiVersion
}

export type EvolutionPresence = 'composing' | 'recording' | 'paused' | 'available'

export interface SendTextInput {
  /** Digits with country code, or a full JID (…@s.whatsapp.net, …@g.us, …@lid). */
  number: string
  text: string
  /**
   * Evolution shows "composing" for this long BEFORE sending, and the HTTP call blocks meanwhile;
   * the client adds it to its timeout for this call.
   */
  delayMs?: number
  /** WhatsApp message id to quote; Evolution loads the quoted message from its own DB by this id. */
  quotedMessageId?: string
}

export interface SendTextResult {
  /** The WhatsApp message id (`key.id`), the one later `messages.update` receipts carry. */
  messageId: string
  /** Evolution's status for the sent message, usually 'PENDING'. */
  status: string | null
  /** The JID Evolution actually sent to (after its number normalisation). */
  remoteJid: string | null
}

export interface SendPresenceInput {
  number: string
  presence: EvolutionPresence
  /** Evolution holds the presence this long, then sends 'paused', and only then answers. */
  delayMs: number
}

export interface ReadMessageKey {
  remoteJid: string
  fromMe: boolean
  id: string
}

export interface MarkMessageAsReadInput {
  /**
   * Sent as given. Evolution silently DROPS keys whose remoteJid ends in `@lid` (it keeps only
   * `@s.whatsapp.net` and `@g.us`) and still answers success, so pass the phone JID
   * (`key.remoteJidAlt` for LID-addressed chats).
   */
  messages: ReadMessageKey[]
}

export interface GetBase64Input {
  /**
   * The whole webhook `data` object (`key` + `message`). With `message` present Evolution skips
   * its DB lookup, which otherwise fails with "Message not found" when it does not store messages.
   */
  message: unknown
  /** Audio only: Evolution converts to audio/mp4. */
  convertToMp4?: boolean
}

export interface GetBase64Result {
  /** Plain base64, no `data:` prefix. */
  base64: string
  mimetype: string | null
  fileName: string | null
}

export type EvolutionConnectionStateName = 'open' | 'connecting' | 'close' | (string & {})

export interface ConnectionStateResult {
  /** Evolution's in-memory view; it can say 'open' while sends fail with "Connection Closed". */
  state: EvolutionConnectionStateName
}

export interface InstanceConnectInput {
  /** Digits with country code: Evolution then also answers a pairing code for that phone. */
  number?: string
}

/** A QR code to scan (or a pairing code to type) while the instance is connecting. */
export interface InstanceQrCode {
  /** The raw QR payload (`2@…`); render it when `base64` is absent. */
  code: string | null
  /** `data:image/png;base64,…`. */
  base64: string | null
  pairingCode: string | null
}

export interface InstanceConnectResult {
  /** 'open' when the instance was already connected (then `qr` is null); else usually 'connecting'. */
  state: EvolutionConnectionStateName
  qr: InstanceQrCode | null
}

export interface EvolutionClient {
  sendText(connection: EvolutionConnection, input: SendTextInput): Promise<SendTextResult>
  sendPresence(connection: EvolutionConnection, input: SendPresenceInput): Promise<void>
  markMessageAsRead(connection: EvolutionConnection, input: MarkMessageAsReadInput): Promise<void>
  getBase64FromMediaMessage(connection: EvolutionConnection, input: GetBase64Input): Promise<GetBase64Result>
  connectionState(connection: EvolutionConnection): Promise<ConnectionStateResult>
  /** `GET /instance/connect/{instance}`: starts (or continues) pairing and answers the QR code. */
  connectInstance(connection: EvolutionConnection, input?: InstanceConnectInput): Promise<InstanceConnectResult>
  /** `POST /instance/create` with a QR code: needs Evolution's global key, not an instance token. */
  createInstance(connection: EvolutionConnection, input?: InstanceConnectInput): Promise<InstanceConnectResult>
}

export interface EvolutionClientDeps {
  fetch?: typeof fetch
  logger: Logger
  /** Per attempt; calls with a `delay` get that delay added. Default 15000. */
  timeoutMs?: number
  /** Retries after the first attempt, for network errors, timeouts and 5xx. Default 3. */
  retries?: number
  /** Backoff before retry n is base·2^(n-1), ±20 % jitter. Default 500. */
  retryBaseDelayMs?: number
  sleep?: (ms: number) => Promise<void>
}
