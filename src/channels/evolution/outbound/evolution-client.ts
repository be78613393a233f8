import { z } from 'zod'
import { apiVersionOf } from './connection.js'
import { createEvolutionRequest } from './evolution-request.js'
import { createInstanceRequests } from './instance-requests.js'
import type {
  EvolutionClient,
  EvolutionClientDeps,
  EvolutionConnection,
  ReadMessageKey,
  SendTextInput,
} from './types.js'

/*
 * Response schemas: tolerant (loose objects, optional extras), only what we read is required.
 * Shapes from /work/shared/evolution/contract.json (v2 = Evolution 2.3.6, v1 = 1.8.2).
 */

/** sendText: v2 answers the prepared message (= send.message webhook data); v1 the raw WebMessageInfo. */
const sentMessageSchema = z.looseObject({
  key: z.looseObject({
    id: z.string().min(1),
    remoteJid: z.string().nullish(),
  }),
  // v2 and v1 send the enum name ("PENDING"); accept a number too (protobuf enum value).
  status: z.union([z.string(), z.number()]).nullish(),
})

/** sendPresence: `{presence}`; nothing in it is needed, so any JSON (or none) is accepted. */
const anyBodySchema = z.unknown()

/** markMessageAsRead: `{message:'Read messages', read:'success'}`. */
const readMessagesSchema = z.looseObject({ read: z.string().optional(), message: z.string().optional() }).nullish()

/** getBase64FromMediaMessage: `{mediaType, fileName, caption?, size, mimetype, base64, buffer}`. */
const base64Schema = z.looseObject({
  base64: z.string().min(1),
  mimetype: z.string().nullish(),
  fileName: z.string().nullish(),
})

/** connectionState: `{instance:{instanceName, state}}` (v1 and v2). */
const connectionStateSchema = z.looseObject({
  instance: z.looseObject({ state: z.string().min(1) }),
})

const wholeMs = (ms: number | undefined): number | undefined =>
  ms === undefined || !Number.isFinite(ms) ? undefined : Math.max(0, Math.round(ms))

/** Request bodies per API version, exactly as contract.json documents them. */
const textBody = (connection: EvolutionConnection, input: SendTextInput): Record<string, unknown> => {
  const delay = wholeMs(input.delayMs)
  // Only key.id: Evolution loads the quoted message from its DB (needs DATABASE_SAVE_DATA_NEW_MESSAGE).
  const quoted = input.quotedMessageId ? { key: { id: input.quotedMessageId } } : undefined
  if (apiVersionOf(connection) === 'v1') {
    return {
      number: input.number,
      options: {
        ...(delay === undefined ? {} : { delay }),
        presence: 'composing',
        ...(quoted ? { quoted } : {}),
      },
      textMessage: { text: input.text },
    }
  }
  return {
    number: input.number,
    text: input.text,
    ...(delay === undefined ? {} : { delay }),
    ...(quoted ? { quoted } : {}),
  }
}

const readKeys = (messages: ReadMessageKey[]) =>
  messages.map((message) => ({ remoteJid: message.remoteJid, fromMe: message.fromMe, id: message.id }))

/**
 * The outbound Evolution API client. One instance serves every tenant: each call takes the
 * tenant's connection. See `evolution-request.ts` for retries and the error mapping.
 */
export const createEvolutionClient = (deps: EvolutionClientDeps): EvolutionClient => {
  const logger = deps.logger
  const request = createEvolutionRequest({
    fetch: deps.fetch ?? globalThis.fetch,
    logger,
    timeoutMs: deps.timeoutMs ?? 15_000,
    retries: deps.retries ?? 3,
    retryBaseDelayMs: deps.retryBaseDelayMs ?? 500,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  })

  return {
    async sendText(connection, input) {
      const body = textBody(connection, input)
      const sent = await request(connection, {
        operation: 'sendText',
        method: 'POST',
        route: 'message/sendText',
        body,
        schema: sentMessageSchema,
        extraTimeoutMs: wholeMs(input.delayMs) ?? 0,
        number: input.number,
      })
      return {
        messageId: sent.key.id,
        status: sent.status === undefined || sent.status === null ? null : String(sent.status),
        remoteJid: sent.key.remoteJid ?? null,
      }
    },

    async sendPresence(connection, input) {
      const delay = wholeMs(input.delayMs) ?? 0
      const body =
        apiVersionOf(connection) === 'v1'
          ? { number: input.number, options: { presence: input.presence, delay } }
          : { number: input.number, presence: input.presence, delay }
      await request(connection, {
        operation: 'sendPresence',
        method: 'POST',
        route: 'chat/sendPresence',
        body,
        schema: anyBodySchema,
        extraTimeoutMs: delay,
        number: input.number,
      })
    },

    async markMessageAsRead(connection, input) {
      if (input.messages.length === 0) return
      const lidKeys = input.messages.filter((message) => message.remoteJid.endsWith('@lid')).length
      if (lidKeys > 0) {
        // Sent anyway: the caller decides. Evolution ignores these keys and still answers success.
        logger.debug({ instance: connection.instance, lidKeys }, 'markMessageAsRead: Evolution drops @lid keys; pass the phone JID')
      }
      const v1 = apiVersionOf(connection) === 'v1'
      await request(connection, {
        operation: 'markMessageAsRead',
        method: v1 ? 'PUT' : 'POST',
        route: 'chat/markMessageAsRead',
        body: v1 ? { read_messages: readKeys(input.messages) } : { readMessages: readKeys(input.messages) },
        schema: readMessagesSchema,
      })
    },

    async getBase64FromMediaMessage(connection, input) {
      const media = await request(connection, {
        operation: 'getBase64FromMediaMessage',
        method: 'POST',
        route: 'chat/getBase64FromMediaMessage',
        body: { message: input.message, convertToMp4: input.convertToMp4 ?? false },
        schema: base64Schema,
      })
      // Evolution sends plain base64; drop a data: prefix should a version ever add one.
      const base64 = media.base64.replace(/^data:[^,]*;base64,/, '')
      return { base64, mimetype: media.mimetype ?? null, fileName: media.fileName ?? null }
    },

    async connectionState(connection) {
      const answer = await request(connection, {
        operation: 'connectionState',
        method: 'GET',
        route: 'instance/connectionState',
        schema: connectionStateSchema,
      })
      return { state: answer.instance.state }
    },

    ...createInstanceRequests(request),
  }
}
