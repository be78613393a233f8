import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ToolDefinition } from '../../src/llm/index.js'
import { defaultTranscript, fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { fakeTenantClient, testApiKey } from './llm-test-helpers.js'

const bookTool: ToolDefinition = {
  type: 'function',
  function: {
    name: 'book_appointment',
    description: 'Books a slot. Returns the appointment.',
    parameters: { type: 'object', properties: { service: { type: 'string' }, starts_at: { type: 'string' } }, required: ['service', 'starts_at'] },
  },
}

describe('LlmClient against the fake OpenAI (real SDK, real sockets)', () => {
  let openai: FakeOpenAI

  beforeAll(async () => {
    openai = await startFakeOpenAI({ apiKey: testApiKey })
  })
  afterAll(() => openai.close())
  beforeEach(() => openai.reset())

  it('answers a chat with text, usage and the model that answered', async () => {
    openai.script([{ content: 'Olá! Como posso ajudar?', usage: { promptTokens: 42, completionTokens: 7 } }])
    const result = await fakeTenantClient(openai).chat({
      messages: [
        { role: 'system', content: 'Você é a assistente da loja.' },
        { role: 'user', content: 'oi' },
      ],
      temperature: 0.2,
    })
    expect(result).toEqual({
      message: { content: 'Olá! Como posso ajudar?', toolCalls: [] },
      usage: { promptTokens: 42, completionTokens: 7 },
      model: 'gpt-4o-mini',
    })
    const [request] = openai.chatRequests()
    expect(request).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, messages: [{ role: 'system' }, { role: 'user', content: 'oi' }] })
    expect(request).not.toHaveProperty('tools')
    expect(openai.requests[0]?.headers.authorization).toBe(`Bearer ${testApiKey}`)
  })

  it('returns tool calls and sends the tool results back in OpenAI shape', async () => {
    openai.script([{ toolCalls: [{ name: 'book_appointment', arguments: { service: 'Corte', starts_at: '2030-01-02T10:00' } }] }, { content: 'Agendado!' }])
    const client = fakeTenantClient(openai, {}, { chat_model: 'gpt-4.1-mini' })
    const first = await client.chat({ messages: [{ role: 'user', content: 'quero cortar amanhã às 10' }], tools: [bookTool] })
    expect(first.message.content).toBeNull()
    expect(first.message.toolCalls).toHaveLength(1)
    const call = first.message.toolCalls[0]!
    expect(call.id).toMatch(/^call_/)
    expect(call.name).toBe('book_appointment')
    expect(JSON.parse(call.arguments)).toEqual({ service: 'Corte', starts_at: '2030-01-02T10:00' })

    const second = await client.chat({
      messages: [
        { role: 'user', content: 'quero cortar amanhã às 10' },
        { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] },
        { role: 'tool', tool_call_id: call.id, content: 'booked apt_1' },
      ],
      tools: [bookTool],
    })
    expect(second.message).toEqual({ content: 'Agendado!', toolCalls: [] })
    const requests = openai.chatRequests()
    expect(requests[0]).toMatchObject({ model: 'gpt-4.1-mini', tools: [bookTool] })
    expect(requests[1].messages[2]).toEqual({ role: 'tool', tool_call_id: call.id, content: 'booked apt_1' })
  })

  it('embeds in batches of 96, in order, with deterministic vectors', async () => {
    const texts = Array.from({ length: 100 }, (_, index) => `texto número ${index}`)
    const client = fakeTenantClient(openai)
    const result = await client.embed(texts)
    expect(openai.embeddingRequests().map((body) => body.input.length)).toEqual([96, 4])
    expect(openai.embeddingRequests()[0]).toMatchObject({ model: 'text-embedding-3-small' })
    expect(result.vectors).toHaveLength(100)
    expect(result.vectors[99]).toEqual(fakeEmbedding('texto número 99'))
    expect(result).toMatchObject({ model: 'text-embedding-3-small', dimensions: 8, usage: { tokens: 300 } })
    expect((await client.embed(['texto número 99'])).vectors).toEqual([result.vectors[99]])
  })

  it('asks for the configured embedding model and dimensions', async () => {
    const result = await fakeTenantClient(openai, {}, { embedding_model: 'text-embedding-3-large', embedding_dimensions: 16 }).embed(['a'])
    expect(openai.embeddingRequests()[0]).toMatchObject({ model: 'text-embedding-3-large', dimensions: 16 })
    expect(result).toMatchObject({ model: 'text-embedding-3-large', dimensions: 16 })
    expect(result.vectors[0]).toHaveLength(16)
  })

  it('makes no request to embed nothing', async () => {
    expect(await fakeTenantClient(openai).embed([])).toEqual({ vectors: [], model: 'text-embedding-3-small', dimensions: 1536, usage: { tokens: 0 } })
    expect(openai.requests).toEqual([])
  })

  it('uploads audio for transcription and returns the text and billed seconds', async () => {
    const audio = Buffer.from('OggS fake opus bytes')
    const client = fakeTenantClient(openai)
    openai.scriptTranscripts([{ text: 'quero marcar um horário', seconds: 9 }])
    expect(await client.transcribe({ audio, fileName: 'voice.ogg', mimetype: 'audio/ogg; codecs=opus' })).toEqual({
      text: 'quero marcar um horário',
      seconds: 9,
    })
    expect((await client.transcribe({ audio, fileName: 'voice.ogg', mimetype: 'audio/ogg' })).text).toBe(defaultTranscript)
    const [upload] = openai.transcriptionRequests()
    expect(upload?.fields.model).toBe('whisper-1')
    expect(upload?.files).toEqual([{ field: 'file', fileName: 'voice.ogg', size: audio.length, contentType: 'audio/ogg; codecs=opus' }])
  })

  it('describes an image by sending it to the chat model as a data URL', async () => {
    openai.script([{ content: 'Um comprovante de Pix de R$ 50,00.', usage: { promptTokens: 300, completionTokens: 12 } }])
    const image = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])
    const result = await fakeTenantClient(openai).describeImage({ image, mimetype: 'image/jpeg', prompt: 'Descreva a imagem em português.' })
    expect(result).toEqual({ description: 'Um comprovante de Pix de R$ 50,00.', usage: { promptTokens: 300, completionTokens: 12 } })
    const [request] = openai.chatRequests()
    expect(request.model).toBe('gpt-4o-mini')
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Descreva a imagem em português.' },
          { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${image.toString('base64')}` } },
        ],
      },
    ])
  })
})
