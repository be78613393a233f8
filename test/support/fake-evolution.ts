/**
 * A fake Evolution API for tests: a real HTTP server on 127.0.0.1 (port 0) that answers the
 * endpoints fabio calls the way Evolution 2.3.6 does (or 1.8.2 with `version: 'v1'`), with
 * Evolution's guards in Evolution's order (route → instance exists → apikey → body schema),
 * its error shape `{status, error, response:{message}}`, and its success bodies. Shapes follow
 * /work/shared/evolution/contract.json.
 *
 * It records every request, can be told to fail the next requests, and can post webhooks to
 * fabio as Evolution does (axios-like headers, jwt_key → Bearer JWT, retries with backoff).
 * Pairing: GET /instance/connect answers a real QR PNG while the state is not 'open',
 * POST /instance/create adds an instance, and `completePairing()` opens the connection.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { resolve } from 'node:path'
import QRCode from 'qrcode'
import { evolutionFixturesDir } from './evolution-fixtures-dir.js'

export type FakeEvolutionVersion = 'v1' | 'v2'

export interface FakeEvolutionOptions {
  /** The key the `apikey` header must carry (Evolution's global key). Default: random. */
  apiKey?: string
  /** The instance name. Default 'loja-aurora' (the fixtures' instance). */
  instance?: string
  /** More instance names this server also knows (same apiKey). */
  instances?: string[]
  /** Which Evolution generation to imitate: request bodies and response shapes differ. Default 'v2'. */
  version?: FakeEvolutionVersion
  /**
   * Evolution holds the answer of sendText/sendPresence for the body's `delay` ms (it shows
   * "composing" meanwhile). Default true; false answers at once.
   */
  simulateDelays?: boolean
}

/**
 * - http500: 500 `{status:500, error:'Internal Server Error', response:{message:'Connection Closed'}}`
 * - timeout: never answers (until the client gives up or the fake closes)
 * - notOnWhatsapp: 400 `{…, response:{message:[{jid, exists:false, number}]}}` for the body's number
 * - http401: 401 Unauthorized in Evolution's shape
 * - reset: destroys the socket without answering (a network error for the client)
 */
export type FakeFailureKind = 'http500' | 'timeout' | 'notOnWhatsapp' | 'http401' | 'reset'

export interface FailNextOptions {
  /**
   * Only requests to this path fail. A string starting with '/' matches the start of the path
   * ('/message/sendText'); any other string matches the route action ('sendText',
   * 'markMessageAsRead', 'connectionState'); a RegExp is tested against the path.
   */
  path?: string | RegExp
}

export interface RecordedRequest {
  method: string
  /** The raw request path and query, e.g. '/message/sendText/loja%20aurora'. */
  path: string
  /** Lowercase header names. */
  headers: Record<string, string>
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown
  at: Date
}

export interface FakeSentText {
  instance: string
  number: string
  text: string
  messageId: string
  remoteJid: string
  delay: number | null
  quotedMessageId: string | null
  at: Date
}

export interface FakeReadKey {
  instance: string
  remoteJid: string
  fromMe: boolean
  id: string
}

export interface PostWebhookOptions {
  /** Extra headers, like the per-instance webhook `headers`; `jwt_key` becomes `Authorization: Bearer <HS256 JWT>`. */
  headers?: Record<string, string>
  /** Retries after the first attempt (Evolution 2.3: 9, i.e. 10 attempts). Default 9. */
  retries?: number
  /** Backoff before retry n: min(initial·2^(n-1), max) ±20 %, never below initial. Evolution: 5000 / 300000. Defaults 10 / 200. */
  initialDelayMs?: number
  maxDelayMs?: number
  /** Per attempt (Evolution: 30000). Default 5000. */
  timeoutMs?: number
  /** Answers that stop the retries at once (Evolution's default list). */
  nonRetryableStatuses?: number[]
}

export interface PostWebhookResult {
  /** The last HTTP status; 0 when the last attempt got no answer (timeout, connection error). */
  status: number
  attempts: number
  /** The last answer's body (parsed JSON, or text). */
  body: unknown
}

export interface FixtureOptions {
  /** Keep the fixture's `data.key.id` instead of generating a fresh one. */
  keepKeyId?: boolean
}

export interface FakeEvolution {
  /** Base URL, e.g. http://127.0.0.1:43211 (no trailing slash). */
  url: string
  apiKey: string
  instance: string
  version: FakeEvolutionVersion
  /** Every request received, in order (including failed and unanswered ones). */
  requests: RecordedRequest[]
  /** Texts Evolution accepted (answered 201). */
  sentTexts(): FakeSentText[]
  /** Polls until at least `count` texts were sent; rejects after `timeoutMs` listing what arrived. */
  waitForSentTexts(count: number, timeoutMs?: number): Promise<FakeSentText[]>
  /** Read keys Evolution would act on: like Evolution, keys whose remoteJid is `@lid` are dropped. */
  markedAsRead(): FakeReadKey[]
  /** The next `count` matching requests fail with `kind`, before any other check. */
  failNext(count: number, kind: FakeFailureKind, options?: FailNextOptions): void
  /**
   * What GET /instance/connectionState answers (default 'open'); sends are not affected. While it
   * is not 'open', GET /instance/connect answers a QR code (and moves it to 'connecting').
   */
  setConnectionState(state: string): void
  /** Whether Evolution knows the instance (default true); an unknown one answers 404 like Evolution, and POST /instance/create adds it. */
  setInstanceExists(exists: boolean, name?: string): void
  instanceExists(name?: string): boolean
  /**
   * The phone scanned the QR code: the connection state becomes 'open'. With `webhookUrl`, the
   * connection.update 'open' webhook (fixture connection-update.open.json) is posted there too.
   */
  completePairing(options?: { webhookUrl?: string; webhook?: PostWebhookOptions }): Promise<PostWebhookResult | null>
  /** sendText to this number answers 400 exists:false from now on (digits compared). */
  setNotOnWhatsapp(number: string): void
  /** The bytes getBase64FromMediaMessage returns; default `fake-media:<key.id>`. */
  setMediaBytes(bytes: Buffer | null): void
  /** Clears recorded requests, sent texts, read keys and pending failures. */
  reset(): void
  postWebhook(url: string, body: unknown, options?: PostWebhookOptions): Promise<PostWebhookResult>
  /**
   * A webhook body from /work/shared/fixtures/evolution (name with or without '.json'), with the
   * instance name replaced by this fake's and, unless `keepKeyId`, a fresh `data.key.id`.
   * `overrides` gets the body and returns the body to use (mutating and returning nothing works too).
   */
  fixture(name: string, overrides?: (body: any) => any, options?: FixtureOptions): any
  close(): Promise<void>
}

export { evolutionFixturesDir }

const fakeInstanceId = '7c9e6679-7425-40de-944b-e07fc1f90ae7'

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
}

/** Evolution's error body. */
const evolutionError = (status: number, message: unknown): HttpAnswer =>
  new HttpAnswer(status, { status, error: reasons[status] ?? 'Error', response: { message } })

const unauthorized = () => evolutionError(401, 'Unauthorized')
const connectionClosed = () => evolutionError(500, 'Connection Closed')
const badRequest = (messages: unknown[]) => evolutionError(400, messages)

const hex = (length: number) =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)
    .toUpperCase()

/** Baileys 7 `generateMessageIDV2`: '3EB0' + 18 hex; Baileys 6 (Evolution v1): 'BAE5' + 12 hex. */
export const fakeMessageId = (version: FakeEvolutionVersion = 'v2'): string =>
  version === 'v1' ? `BAE5${hex(12)}` : `3EB0${hex(18)}`

/** Evolution 2.3.6 `src/utils/createJid.ts`, including the Brazilian 9th-digit drop for DDD ≥ 31. */
export const evolutionCreateJid = (input: string): string => {
  let number = input.replace(/:\d+/, '')
  if (/@(g\.us|s\.whatsapp\.net|lid|broadcast)/.test(number)) return number
  number = number.replace(/[\s+()]/g, '').split(':')[0]!.split('@')[0]!
  if (number.includes('-') && number.length >= 24) return `${number.replace(/[^\d-]/g, '')}@g.us`
  number = number.replace(/\D/g, '')
  if (number.length >= 18) return `${number}@g.us`
  if ((number.startsWith('52') || number.startsWith('54')) && number.length === 13) {
    number = number.slice(0, 2) + number.slice(3)
  }
  const br = /^(\d{2})(\d{2})\d(\d{8})$/.exec(number)
  if (br && br[1] === '55') {
    const joker = Number(br[3]![0])
    const ddd = Number(br[2])
    if (!(joker < 7 || ddd < 31)) number = br[1] + br[2] + br[3]
  }
  return `${number}@s.whatsapp.net`
}

/* ---------- a tiny jsonschema-like validator producing Evolution's messages ---------- */

type Check = (value: unknown, path: string, problems: string[]) => void
const at = (path: string) => (path === '' ? 'instance' : path)
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const typeOk = (value: unknown, type: string) =>
  type === 'integer'
    ? Number.isInteger(value)
    : type === 'array'
      ? Array.isArray(value)
      : type === 'object'
        ? isObject(value)
        : typeof value === type

const typed =
  (type: string, description?: string): Check =>
  (value, path, problems) => {
    if (!typeOk(value, type)) problems.push(description ?? `${at(path)} is not of a type(s) ${type}`)
  }
const oneOf =
  (values: string[]): Check =>
  (value, path, problems) => {
    if (typeof value !== 'string') problems.push(`${at(path)} is not of a type(s) string`)
    else if (!values.includes(value)) problems.push(`${at(path)} is not one of enum values: ${values.join(',')}`)
  }
const object =
  (properties: Record<string, Check>, required: string[] = []): Check =>
  (value, path, problems) => {
    if (!isObject(value)) {
      problems.push(`${at(path)} is not of a type(s) object`)
      return
    }
    for (const [name, check] of Object.entries(properties)) {
      if (value[name] !== undefined) check(value[name], path === '' ? name : `${path}.${name}`, problems)
    }
    for (const name of required) if (value[name] === undefined) problems.push(`${at(path)} requires property "${name}"`)
  }
const arrayOf =
  (item: Check, minItems = 0): Check =>
  (value, path, problems) => {
    if (!Array.isArray(value)) {
      problems.push(`${at(path)} is not of a type(s) array`)
      return
    }
    if (value.length < minItems) problems.push(`${at(path)} does not meet minimum length of ${minItems}`)
    value.forEach((entry, index) => item(entry, `${path}[${index}]`, problems))
  }

const numberCheck = typed('string', 'Invalid format')
const quotedCheck = object({
  key: object({ id: typed('string'), remoteJid: typed('string'), fromMe: typed('boolean') }, ['id']),
  message: typed('object'),
})
const readKeyCheck = object({ id: typed('string'), fromMe: typed('boolean'), remoteJid: typed('string') }, ['id', 'fromMe', 'remoteJid'])
const presences = ['unavailable', 'available', 'composing', 'recording', 'paused']

/** E236 message.schema.ts / chat.schema.ts; E182 validate.schema.ts. */
const schemas = {
  v2: {
    sendText: object(
      {
        number: numberCheck,
        text: typed('string'),
        linkPreview: typed('boolean'),
        delay: typed('integer', 'Enter a value in milliseconds'),
        quoted: quotedCheck,
        mentionsEveryOne: typed('boolean'),
        mentioned: arrayOf(typed('string', '"mentioned" must be an array of numeric strings'), 1),
      },
      ['number', 'text'],
    ),
    sendPresence: object({ number: numberCheck, delay: typed('number'), presence: oneOf(presences) }, [
      'number',
      'presence',
      'delay',
    ]),
    markMessageAsRead: object({ readMessages: arrayOf(readKeyCheck, 1) }, ['readMessages']),
  },
  v1: {
    sendText: object(
      {
        number: numberCheck,
        options: object({
          delay: typed('integer', 'Enter a value in milliseconds'),
          presence: oneOf(presences),
          quoted: quotedCheck,
          linkPreview: typed('boolean'),
        }),
        textMessage: object({ text: typed('string') }, ['text']),
      },
      ['textMessage', 'number'],
    ),
    sendPresence: object(
      { number: numberCheck, options: object({ presence: oneOf(presences), delay: typed('number') }, ['presence', 'delay']) },
      ['number', 'options'],
    ),
    markMessageAsRead: object({ read_messages: arrayOf(readKeyCheck, 1) }, ['read_messages']),
  },
} as const

const validate = (check: Check, body: unknown) => {
  const problems: string[] = []
  check(body, '', problems)
  if (problems.length > 0) throw badRequest(problems)
}

/* ---------------------------------------------------------------------------------- */

const mediaTypes = ['imageMessage', 'documentMessage', 'audioMessage', 'videoMessage', 'stickerMessage', 'ptvMessage']
const wrappers = ['ephemeralMessage', 'documentWithCaptionMessage', 'viewOnceMessage', 'viewOnceMessageV2']
const extensions: Record<string, string> = {
  'audio/ogg': 'oga',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
}
const extensionOf = (mimetype: unknown) => {
  const base = typeof mimetype === 'string' ? mimetype.split(';')[0]!.trim().toLowerCase() : ''
  return extensions[base] ?? (base.split('/')[1] || 'bin')
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')))
    request.on('error', fail)
  })

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url')

/** Evolution 2.3 `generateJwtToken`: HS256 `{iat, exp: iat+600, app:'evolution', action:'webhook'}`. */
export const evolutionWebhookJwt = (secret: string, now = Date.now()): string => {
  const iat = Math.floor(now / 1000)
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const payload = base64url(JSON.stringify({ iat, exp: iat + 600, app: 'evolution', action: 'webhook' }))
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${signature}`
}

export const startFakeEvolution = async (options: FakeEvolutionOptions = {}): Promise<FakeEvolution> => {
  const apiKey = options.apiKey ?? `fake-evo-${randomBytes(12).toString('hex')}`
  const instance = options.instance ?? 'loja-aurora'
  const instances = new Set([instance, ...(options.instances ?? [])])
  const version = options.version ?? 'v2'
  const simulateDelays = options.simulateDelays ?? true
  const requests: RecordedRequest[] = []
  let sent: FakeSentText[] = []
  let read: FakeReadKey[] = []
  let failures: Array<{ remaining: number; kind: FakeFailureKind; path?: string | RegExp }> = []
  let connectionState = 'open'
  let mediaBytes: Buffer | null = null
  const notOnWhatsapp = new Set<string>()
  const sockets = new Set<Socket>()
  const hanging = new Set<ServerResponse>()

  const routes: Record<string, { method: string; action: string }> = {
    'message/sendText': { method: 'POST', action: 'sendText' },
    'chat/sendPresence': { method: 'POST', action: 'sendPresence' },
    'chat/markMessageAsRead': { method: version === 'v1' ? 'PUT' : 'POST', action: 'markMessageAsRead' },
    'chat/getBase64FromMediaMessage': { method: 'POST', action: 'getBase64FromMediaMessage' },
    'instance/connectionState': { method: 'GET', action: 'connectionState' },
    'instance/connect': { method: 'GET', action: 'connect' },
  }
  let qrCount = 0

  /** A fresh QR like Evolution's `{pairingCode, code, base64, count}`; a pairing code only for a number. */
  const qrCodeAnswer = async (number: string | null) => {
    qrCount += 1
    const code = `2@${randomBytes(36).toString('base64')},${randomBytes(32).toString('base64')},${randomBytes(32).toString('base64')}`
    const base64 = await QRCode.toDataURL(code, { margin: 1, width: 128 })
    return { pairingCode: number ? hex(8) : null, code, base64, count: qrCount }
  }

  /** POST /instance/create: Evolution's guards in order (name taken 403, global key 401, body 400). */
  const createInstance = async (headers: Record<string, string>, body: any): Promise<HttpAnswer> => {
    const name = isObject(body) && typeof body.instanceName === 'string' ? body.instanceName : null
    if (name !== null && instances.has(name)) return evolutionError(403, [`This name "${name}" is already in use.`])
    if (headers.apikey !== apiKey) return unauthorized()
    if (name === null || name.trim() === '') return badRequest(['instance requires property "instanceName"'])
    instances.add(name)
    connectionState = 'connecting'
    const qrcode = body.qrcode === true ? await qrCodeAnswer(typeof body.number === 'string' ? body.number : null) : { count: 0 }
    const token = randomUUID().toUpperCase()
    if (version === 'v1') {
      return new HttpAnswer(201, { instance: { instanceName: name, instanceId: randomUUID(), status: 'created' }, hash: { apikey: token }, qrcode })
    }
    return new HttpAnswer(201, {
      instance: { instanceName: name, instanceId: randomUUID(), integration: body.integration ?? 'WHATSAPP-BAILEYS', webhookWaBusiness: null, accessTokenWaBusiness: '', status: 'connecting' },
      hash: token,
      webhook: {},
      websocket: {},
      rabbitmq: {},
      sqs: {},
      settings: { rejectCall: false, msgCall: '', groupsIgnore: false, alwaysOnline: false, readMessages: false, readStatus: false, syncFullHistory: false, wavoipToken: '' },
      qrcode,
    })
  }

  const takeFailure = (pathname: string): FakeFailureKind | null => {
    const action = pathname.split('/')[2] ?? ''
    const failure = failures.find(({ remaining, path }) => {
      if (remaining <= 0) return false
      if (path === undefined) return true
      if (path instanceof RegExp) return path.test(pathname)
      return path.startsWith('/') ? pathname.startsWith(path) : action === path
    })
    if (!failure) return null
    failure.remaining -= 1
    failures = failures.filter(({ remaining }) => remaining > 0)
    return failure.kind
  }

  const notOnWhatsappAnswer = (number: string) =>
    badRequest([{ jid: evolutionCreateJid(number), exists: false, number }])

  const handlers: Record<string, (name: string, body: any, query: URLSearchParams) => Promise<HttpAnswer>> = {
    async sendText(name, body) {
      validate(schemas[version].sendText, body)
      const text: string = version === 'v1' ? body.textMessage.text : body.text
      const delay: number | undefined = version === 'v1' ? body.options?.delay : body.delay
      const quoted = version === 'v1' ? body.options?.quoted : body.quoted
      const number: string = body.number
      if (notOnWhatsapp.has(number.replace(/\D/g, ''))) throw notOnWhatsappAnswer(number)
      if (text.trim() === '') throw badRequest(['Text is required'])
      if (simulateDelays && delay) await sleep(delay)
      const remoteJid = evolutionCreateJid(number)
      const messageId = fakeMessageId(version)
      const now = Date.now()
      sent.push({
        instance: name,
        number,
        text,
        messageId,
        remoteJid,
        delay: delay ?? null,
        quotedMessageId: quoted?.key?.id ?? null,
        at: new Date(now),
      })
      const seconds = Math.floor(now / 1000)
      if (version === 'v1') {
        return new HttpAnswer(201, {
          key: { remoteJid, fromMe: true, id: messageId },
          message: { extendedTextMessage: { text } },
          messageTimestamp: String(seconds),
          status: 'PENDING',
        })
      }
      // Same body as the send.message webhook's data (fixtures/evolution/send-message.json).
      return new HttpAnswer(201, {
        key: { remoteJid, fromMe: true, id: messageId },
        pushName: 'Você',
        status: 'PENDING',
        message: { conversation: text },
        contextInfo: {
          ...(quoted ? { stanzaId: quoted.key.id, participant: quoted.key.remoteJid ?? remoteJid } : {}),
          mentionedJid: [],
          groupMentions: [],
          ephemeralSettingTimestamp: { low: seconds - 48 * 3600, high: 0, unsigned: false },
          disappearingMode: { initiator: 0 },
        },
        messageType: 'conversation',
        messageTimestamp: seconds,
        instanceId: fakeInstanceId,
        source: 'web',
      })
    },

    async sendPresence(_name, body) {
      validate(schemas[version].sendPresence, body)
      const presence = version === 'v1' ? body.options.presence : body.presence
      const delay: number = version === 'v1' ? body.options.delay : body.delay
      if (simulateDelays && delay > 0) await sleep(delay)
      return new HttpAnswer(201, { presence })
    },

    async markMessageAsRead(name, body) {
      validate(schemas[version].markMessageAsRead, body)
      const keys: Array<{ remoteJid: string; fromMe: boolean; id: string }> =
        version === 'v1' ? body.read_messages : body.readMessages
      for (const key of keys) {
        // WB markMessageAsRead keeps only isJidGroup || isPnUser: @lid keys are silently dropped.
        if (key.remoteJid.endsWith('@g.us') || key.remoteJid.endsWith('@s.whatsapp.net')) {
          read.push({ instance: name, remoteJid: key.remoteJid, fromMe: key.fromMe, id: key.id })
        }
      }
      return new HttpAnswer(201, { message: 'Read messages', read: 'success' })
    },

    async getBase64FromMediaMessage(_name, body) {
      // No JSON schema for this route (schema: null); errors are `[error.toString()]`.
      const m = isObject(body) ? body.message : undefined
      if (!isObject(m)) throw badRequest(["TypeError: Cannot read properties of undefined (reading 'key')"])
      if (!isObject(m.message)) throw badRequest(['Message not found']) // the fake keeps no message DB
      let message: Record<string, unknown> = m.message
      for (const wrapper of wrappers) {
        const inner = message[wrapper]
        if (isObject(inner) && isObject(inner.message)) message = inner.message
      }
      const mediaType = mediaTypes.find((type) => isObject(message[type]))
      if (!mediaType) throw badRequest(['The message is not of the media type'])
      const media = message[mediaType] as Record<string, unknown>
      const keyId = isObject(m.key) && typeof m.key.id === 'string' ? m.key.id : randomUUID()
      const convert = body.convertToMp4 === true && mediaType === 'audioMessage'
      const mimetype = convert ? 'audio/mp4' : media.mimetype
      const fileName = typeof media.fileName === 'string' ? media.fileName : `${keyId}.${extensionOf(mimetype)}`
      const bytes = mediaBytes ?? Buffer.from(`fake-media:${keyId}`)
      const size: Record<string, unknown> = { fileLength: media.fileLength ?? { low: bytes.length, high: 0, unsigned: true } }
      if (media.height !== undefined) size.height = media.height
      if (media.width !== undefined) size.width = media.width
      return new HttpAnswer(201, {
        mediaType,
        fileName,
        ...(typeof media.caption === 'string' ? { caption: media.caption } : {}),
        size,
        mimetype,
        base64: bytes.toString('base64'),
        ...(version === 'v2' ? { buffer: null } : {}),
      })
    },

    async connectionState(name) {
      return new HttpAnswer(200, { instance: { instanceName: name, state: connectionState } })
    },

    // An open instance answers its state (as connectionState does); otherwise pairing starts.
    async connect(name, _body, query) {
      if (connectionState === 'open') return new HttpAnswer(200, { instance: { instanceName: name, state: 'open' } })
      connectionState = 'connecting'
      return new HttpAnswer(200, await qrCodeAnswer(query.get('number')))
    },
  }

  const answer = (response: ServerResponse, result: HttpAnswer) => {
    if (response.writableEnded || response.destroyed) return
    const text = JSON.stringify(result.body)
    response.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
    response.end(text)
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const rawPath = request.url ?? '/'
    const pathname = rawPath.split('?')[0] ?? '/'
    const method = (request.method ?? 'GET').toUpperCase()
    const text = await readBody(request)
    const contentType = request.headers['content-type'] ?? ''
    let body: unknown
    let bodyError: string | null = null
    if (text !== '') {
      try {
        body = JSON.parse(text)
      } catch (error) {
        body = text
        if (contentType.includes('json')) bodyError = (error as Error).message
      }
    }
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    requests.push({ method, path: rawPath, headers, body, at: new Date() })

    const failure = takeFailure(pathname)
    if (failure === 'timeout') {
      hanging.add(response)
      response.on('close', () => hanging.delete(response))
      return
    }
    if (failure === 'reset') {
      request.socket.destroy()
      return
    }
    if (failure === 'http500') return answer(response, connectionClosed())
    if (failure === 'http401') return answer(response, unauthorized())
    if (failure === 'notOnWhatsapp') {
      const number = isObject(body) && typeof body.number === 'string' ? body.number : '0'
      return answer(response, notOnWhatsappAnswer(number))
    }

    if (method === 'GET' && pathname === '/') {
      return answer(
        response,
        new HttpAnswer(200, {
          status: 200,
          message: 'Welcome to the Evolution API, it is working!',
          version: version === 'v1' ? '1.8.2' : '2.3.6',
          clientName: 'evolution',
          documentation: 'https://doc.evolution-api.com',
        }),
      )
    }
    if (pathname === '/instance/create' && method === 'POST') {
      if (bodyError !== null) return answer(response, badRequest([bodyError]))
      return answer(response, await createInstance(headers, body ?? {}))
    }
    const match = /^\/([^/]+\/[^/]+)\/([^/]+)$/.exec(pathname)
    const route = match ? routes[match[1]!] : undefined
    if (!match || !route || route.method !== method) {
      return answer(response, evolutionError(404, [`Cannot ${method} ${pathname}`]))
    }
    let name: string
    try {
      name = decodeURIComponent(match[2]!)
    } catch {
      name = match[2]!
    }
    try {
      if (!instances.has(name)) throw evolutionError(404, [`The "${name}" instance does not exist`])
      if (headers.apikey !== apiKey) throw unauthorized()
      if (bodyError !== null) throw badRequest([bodyError])
      const query = new URLSearchParams(rawPath.includes('?') ? rawPath.slice(rawPath.indexOf('?') + 1) : '')
      answer(response, await handlers[route.action]!(name, contentType.includes('json') ? (body ?? {}) : {}, query))
    } catch (error) {
      if (error instanceof HttpAnswer) return answer(response, error)
      // An unexpected bug in the fake: Evolution-shaped 500 with the error text.
      answer(response, evolutionError(500, [String(error)]))
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => answer(response, evolutionError(500, [String(error)])))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`

  const sentTexts = () => sent.map((entry) => ({ ...entry }))

  const postOnce = async (target: string, body: string, headers: Record<string, string>, timeoutMs: number) => {
    try {
      const response = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = text === '' ? undefined : JSON.parse(text)
      } catch {
        // keep the text
      }
      return { status: response.status, body: parsed }
    } catch {
      return { status: 0, body: undefined }
    }
  }

  const fake: FakeEvolution = {
    url,
    apiKey,
    instance,
    version,
    requests,
    sentTexts,
    async waitForSentTexts(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while (sent.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `fake Evolution: expected ${count} sent texts within ${timeoutMs} ms, got ${sent.length}: ${JSON.stringify(sentTexts())}`,
          )
        }
        await sleep(10)
      }
      return sentTexts()
    },
    markedAsRead: () => read.map((entry) => ({ ...entry })),
    failNext(count, kind, failOptions = {}) {
      failures.push({ remaining: count, kind, ...(failOptions.path === undefined ? {} : { path: failOptions.path }) })
    },
    setConnectionState(state) {
      connectionState = state
    },
    setInstanceExists(exists, name = instance) {
      if (exists) instances.add(name)
      else instances.delete(name)
    },
    instanceExists: (name = instance) => instances.has(name),
    async completePairing(pairingOptions = {}) {
      connectionState = 'open'
      if (!pairingOptions.webhookUrl) return null
      return fake.postWebhook(pairingOptions.webhookUrl, fake.fixture('connection-update.open'), { retries: 0, ...pairingOptions.webhook })
    },
    setNotOnWhatsapp(number) {
      notOnWhatsapp.add(number.replace(/\D/g, ''))
    },
    setMediaBytes(bytes) {
      mediaBytes = bytes
    },
    reset() {
      requests.length = 0
      sent = []
      read = []
      failures = []
    },

    async postWebhook(target, body, webhookOptions = {}) {
      const retries = Math.max(0, webhookOptions.retries ?? 9)
      const initial = webhookOptions.initialDelayMs ?? 10
      const max = webhookOptions.maxDelayMs ?? 200
      const timeoutMs = webhookOptions.timeoutMs ?? 5000
      const nonRetryable = webhookOptions.nonRetryableStatuses ?? [400, 401, 403, 404, 422]
      // axios defaults, then the per-instance headers; jwt_key becomes a Bearer JWT (2.3.0+).
      const headers: Record<string, string> = {
        accept: 'application/json, text/plain, */*',
        'content-type': 'application/json',
        'user-agent': 'axios/1.7.9',
      }
      for (const [name, value] of Object.entries(webhookOptions.headers ?? {})) {
        if (name === 'jwt_key') headers.authorization = `Bearer ${evolutionWebhookJwt(value)}`
        else headers[name.toLowerCase()] = value
      }
      const payload = JSON.stringify(body)
      let last = { status: 0, body: undefined as unknown }
      for (let attempt = 1; ; attempt += 1) {
        last = await postOnce(target, payload, headers, timeoutMs)
        const ok = last.status >= 200 && last.status < 300
        if (ok || nonRetryable.includes(last.status) || attempt > retries) return { ...last, attempts: attempt }
        const backoff = Math.min(initial * 2 ** (attempt - 1), max)
        await sleep(Math.max(initial, Math.round(backoff * (0.8 + 0.4 * Math.random()))))
      }
    },

    fixture(name, overrides, fixtureOptions = {}) {
      const file = resolve(evolutionFixturesDir, name.endsWith('.json') ? name : `${name}.json`)
      const body = JSON.parse(readFileSync(file, 'utf8')) as any
      if (typeof body.instance === 'string') body.instance = instance
      if (isObject(body.data)) {
        if (typeof body.data.instance === 'string') body.data.instance = instance
        if (isObject(body.data.qrcode) && typeof body.data.qrcode.instance === 'string') body.data.qrcode.instance = instance
        if (!fixtureOptions.keepKeyId && isObject(body.data.key) && typeof body.data.key.id === 'string') {
          const old = body.data.key.id as string
          body.data.key.id = old.startsWith('3EB0') ? fakeMessageId('v2') : old.startsWith('BAE5') ? fakeMessageId('v1') : hex(Math.max(old.length, 16))
        }
      }
      if (!overrides) return body
      return overrides(body) ?? body
    },

    async close() {
      for (const response of hanging) response.destroy()
      hanging.clear()
      server.closeAllConnections()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
  return fake
}
