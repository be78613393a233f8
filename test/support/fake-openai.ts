/**
 * A fake OpenAI API for tests: a real HTTP server on 127.0.0.1 (port 0) that answers the
 * endpoints fabio calls in the shapes the official SDK (openai@6) parses: chat completions
 * (text or tool calls), embeddings (float or base64), audio transcriptions (multipart), and
 * errors as `{error:{message,type,param,code}}`. Chat and transcription answers follow a script
 * played in order; every request is recorded, so a test can assert what was sent and answered.
 *
 * Error answers carry `retry-after-ms` (default 5) so the SDK's retries do not wait seconds.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeUsage {
  promptTokens?: number
  completionTokens?: number
}

interface Timing {
  /** Wait this long before answering. */
  delayMs?: number
}

export interface FakeError extends Timing {
  /** HTTP status: 429, 500, 401, 400… */
  error: number
  message?: string
  code?: string
  /** Sent as `retry-after-ms`, which the SDK obeys before retrying. Default 5. */
  retryAfterMs?: number
}

/** Never answers: the client times out (or the fake closes). */
export interface FakeHang {
  hang: true
}

export interface FakeToolCall {
  name: string
  arguments: Record<string, unknown>
}

export type FakeChatScriptItem =
  | ({ content: string; usage?: FakeUsage } & Timing)
  | ({ toolCalls: FakeToolCall[]; content?: string | null; usage?: FakeUsage } & Timing)
  | { delayMs: number }
  | FakeError
  | FakeHang

export type FakeTranscriptScriptItem = string | ({ text: string; seconds?: number } & Timing) | FakeError | FakeHang

export interface FakeUploadedFile {
  field: string
  fileName: string
  size: number
  contentType: string
}

export interface FakeMultipartSummary {
  fields: Record<string, string>
  files: FakeUploadedFile[]
}

export interface FakeOpenAIRequest {
  method: string
  /** e.g. '/v1/chat/completions'. */
  path: string
  /** Lowercase names. */
  headers: Record<string, string>
  /** Parsed JSON, a multipart summary, or the raw text. */
  body: any
}

export interface FakeOpenAIOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get OpenAI's 401. */
  apiKey?: string
  /** Embedding size when the request has no `dimensions`. Default 8. */
  defaultDimensions?: number
}

export interface FakeOpenAI {
  /** Base URL for the SDK, e.g. http://127.0.0.1:43211/v1. */
  url: string
  requests: FakeOpenAIRequest[]
  /** Appends chat answers, played one per POST /v1/chat/completions. */
  script(items: FakeChatScriptItem[]): void
  /** Appends transcription answers; without any left, answers 'transcricao de teste'. */
  scriptTranscripts(items: FakeTranscriptScriptItem[]): void
  /** Bodies of the chat requests received, in order. */
  chatRequests(): any[]
  embeddingRequests(): any[]
  transcriptionRequests(): FakeMultipartSummary[]
  /** Chat script items not played yet. */
  pendingScript(): number
  /** Clears requests and both scripts. */
  reset(): void
  close(): Promise<void>
}

export const defaultTranscript = 'transcricao de teste'
export const defaultTranscriptSeconds = 3

/** The vector the fake answers for `text`: hashed into `dimensions` float32 values, unit length. */
export const fakeEmbedding = (text: string, dimensions = 8): number[] => {
  const raw: number[] = []
  for (let index = 0; raw.length < dimensions; index += 1) {
    const digest = createHash('sha256').update(`${index}:${text}`).digest()
    for (let offset = 0; offset + 4 <= digest.length && raw.length < dimensions; offset += 4) {
      raw.push(digest.readUInt32LE(offset) / 0xffffffff - 0.5)
    }
  }
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1
  return raw.map((value) => Math.fround(value / norm))
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length

/** Rough prompt size: the words of every text part of every message (at least 1). */
const promptWords = (body: any): number => {
  const texts: string[] = []
  for (const message of Array.isArray(body?.messages) ? body.messages : []) {
    if (typeof message.content === 'string') texts.push(message.content)
    else if (Array.isArray(message.content)) {
      for (const part of message.content) if (part?.type === 'text') texts.push(String(part.text))
    }
  }
  return Math.max(1, wordCount(texts.join(' ')))
}

const randomId = (prefix: string, length = 24) => `${prefix}${randomBytes(length).toString('base64url').slice(0, length)}`

const errorTypes: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'fake-openai: bad request' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided: sk-fake****. You can find your API key at https://platform.openai.com/account/api-keys.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
}

class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

const errorAnswer = (item: FakeError): Answer => {
  const known = errorTypes[item.error] ?? errorTypes[item.error >= 500 ? 500 : 400]!
  return new Answer(
    item.error,
    { error: { message: item.message ?? known.message, type: known.type, param: null, code: item.code ?? known.code } },
    item.error === 429 || item.error >= 500 ? { 'retry-after-ms': String(item.retryAfterMs ?? 5) } : {},
  )
}

const noScriptLeft = (what: string): Answer =>
  new Answer(500, {
    error: { message: `fake-openai: no scripted response left (${what})`, type: 'fake_openai_error', param: null, code: 'no_script' },
  })

const chatAnswer = (item: Exclude<FakeChatScriptItem, FakeError | FakeHang>, body: any): Answer => {
  const toolCalls = 'toolCalls' in item ? item.toolCalls : []
  const content = 'content' in item ? (item.content ?? null) : 'toolCalls' in item ? null : 'ok'
  const usage = 'usage' in item ? item.usage : undefined
  const promptTokens = usage?.promptTokens ?? promptWords(body)
  const completionTokens = usage?.completionTokens ?? Math.max(1, wordCount(content ?? '') + toolCalls.length * 10)
  const message = {
    role: 'assistant',
    content,
    refusal: null,
    annotations: [],
    ...(toolCalls.length > 0
      ? {
          tool_calls: toolCalls.map((call) => ({
            id: randomId('call_'),
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          })),
        }
      : {}),
  }
  return new Answer(200, {
    id: randomId('chatcmpl-', 29),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(body?.model ?? 'gpt-4o-mini'),
    choices: [{ index: 0, message, logprobs: null, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop' }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  })
}

const embeddingsAnswer = (body: any, defaultDimensions: number): Answer => {
  const inputs: string[] = Array.isArray(body?.input) ? body.input.map(String) : [String(body?.input ?? '')]
  const dimensions = typeof body?.dimensions === 'number' ? body.dimensions : defaultDimensions
  const base64 = body?.encoding_format === 'base64'
  const tokens = inputs.reduce((sum, text) => sum + Math.max(1, wordCount(text)), 0)
  return new Answer(200, {
    object: 'list',
    data: inputs.map((text, index) => {
      const vector = fakeEmbedding(text, dimensions)
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
      }
    }),
    model: String(body?.model ?? 'text-embedding-3-small'),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  })
}

const transcriptionAnswer = (item: { text: string; seconds?: number }, summary: FakeMultipartSummary): Answer => {
  const seconds = item.seconds ?? defaultTranscriptSeconds
  if (summary.fields.response_format === 'text') return new Answer(200, item.text)
  return new Answer(200, { text: item.text, usage: { type: 'duration', seconds } })
}

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Parses multipart with the platform's own parser (undici's Request.formData). */
const parseMultipart = async (raw: Buffer, contentType: string): Promise<FakeMultipartSummary> => {
  const form = await new Request('http://fake-openai/upload', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData()
  const summary: FakeMultipartSummary = { fields: {}, files: [] }
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') summary.fields[field] = value
    else summary.files.push({ field, fileName: value.name, size: value.size, contentType: value.type })
  }
  return summary
}

const parseBody = async (request: IncomingMessage, raw: Buffer): Promise<unknown> => {
  const contentType = request.headers['content-type'] ?? ''
  if (raw.length === 0) return undefined
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType)
  const text = raw.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const lowercaseHeaders = (request: IncomingMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value ?? '')]))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const send = (response: ServerResponse, answer: Answer): void => {
  const isText = typeof answer.body === 'string'
  response.writeHead(answer.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    'x-request-id': randomId('req_', 16),
    ...answer.headers,
  })
  response.end(isText ? answer.body : JSON.stringify(answer.body))
}

export const startFakeOpenAI = async (options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> => {
  const requests: FakeOpenAIRequest[] = []
  let chatScript: FakeChatScriptItem[] = []
  let transcriptScript: FakeTranscriptScriptItem[] = []
  const defaultDimensions = options.defaultDimensions ?? 8

  /** Plays one script item: null means hang. */
  const play = async (item: FakeChatScriptItem | FakeTranscriptScriptItem, answer: () => Answer): Promise<Answer | null> => {
    if (typeof item === 'object' && 'hang' in item) return null
    if (typeof item === 'object' && item.delayMs) await sleep(item.delayMs)
    return typeof item === 'object' && 'error' in item ? errorAnswer(item) : answer()
  }

  const route = async (recorded: FakeOpenAIRequest): Promise<Answer | null> => {
    if (options.apiKey !== undefined && recorded.headers.authorization !== `Bearer ${options.apiKey}`) {
      return errorAnswer({ error: 401 })
    }
    if (recorded.method !== 'POST') return errorAnswer({ error: 404, message: `fake-openai: no route ${recorded.method} ${recorded.path}` })
    switch (recorded.path) {
      case '/v1/chat/completions': {
        const item = chatScript.shift()
        if (!item) return noScriptLeft('chat')
        return play(item, () => chatAnswer(item as Exclude<FakeChatScriptItem, FakeError | FakeHang>, recorded.body))
      }
      case '/v1/embeddings':
        return embeddingsAnswer(recorded.body, defaultDimensions)
      case '/v1/audio/transcriptions': {
        const item = transcriptScript.shift() ?? defaultTranscript
        const transcript = typeof item === 'string' ? { text: item } : (item as { text: string; seconds?: number })
        return play(item, () => transcriptionAnswer(transcript, recorded.body as FakeMultipartSummary))
      }
      default:
        return errorAnswer({ error: 404, message: `fake-openai: no route POST ${recorded.path}` })
    }
  }

  const server = createServer((request, response) => {
    void (async () => {
      const raw = await readBody(request)
      const recorded: FakeOpenAIRequest = {
        method: request.method ?? 'GET',
        path: (request.url ?? '/').split('?')[0] as string,
        headers: lowercaseHeaders(request),
        body: await parseBody(request, raw),
      }
      requests.push(recorded)
      const answer = await route(recorded)
      if (answer && !response.destroyed) send(response, answer)
    })().catch((error: unknown) => {
      if (!response.headersSent) send(response, new Answer(500, { error: { message: `fake-openai: ${String(error)}`, type: 'fake_openai_error', param: null, code: null } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const bodiesOf = (path: string) => requests.filter((request) => request.path === path).map((request) => request.body)

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (items) => {
      chatScript.push(...items)
    },
    scriptTranscripts: (items) => {
      transcriptScript.push(...items)
    },
    chatRequests: () => bodiesOf('/v1/chat/completions'),
    embeddingRequests: () => bodiesOf('/v1/embeddings'),
    transcriptionRequests: () => bodiesOf('/v1/audio/transcriptions') as FakeMultipartSummary[],
    pendingScript: () => chatScript.length,
    reset: () => {
      requests.length = 0
      chatScript = []
      transcriptScript = []
    },
    close: async () => {
      // Hung requests keep their sockets open; drop them so close() returns.
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}
