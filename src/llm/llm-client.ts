import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions'

/** A chat message as OpenAI takes it (system, user with text or image parts, assistant, tool). */
export type ChatMessage = ChatCompletionMessageParam

/** A function tool: `{ type: 'function', function: { name, description, parameters } }` (JSON Schema). */
export type ToolDefinition = ChatCompletionFunctionTool

export interface ChatInput {
  messages: ChatMessage[]
  tools?: ToolDefinition[]
  /** Overrides the tenant's chat model for this call. */
  model?: string
  temperature?: number
}

export interface ToolCall {
  id: string
  name: string
  /** The JSON text the model wrote; parse and validate it with the tool's own schema. */
  arguments: string
}

export interface ChatUsage {
  promptTokens: number
  completionTokens: number
}

export interface ChatResult {
  message: { content: string | null; toolCalls: ToolCall[] }
  usage: ChatUsage
  /** The model that answered, as the provider names it. */
  model: string
}

export interface EmbedResult {
  /** One vector per input text, in the order given. */
  vectors: number[][]
  model: string
  dimensions: number
  usage: { tokens: number }
}

export interface TranscribeInput {
  audio: Buffer
  /** The name sent with the upload; its extension tells the provider the format (`voice.ogg`). */
  fileName: string
  /** e.g. `audio/ogg; codecs=opus`. */
  mimetype: string
}

export interface TranscribeResult {
  text: string
  /** Audio duration the provider billed, when it says. */
  seconds: number | null
}

export interface DescribeImageInput {
  image: Buffer
  mimetype: string
  /** The instruction, written by the caller (pt-BR). */
  prompt: string
}

export interface DescribeImageResult {
  description: string
  usage: ChatUsage
}

/**
 * One tenant's access to the LLM provider. Every method throws an AppError on failure:
 * LLM_AUTH_FAILED, LLM_RATE_LIMITED, LLM_TIMEOUT or LLM_REQUEST_FAILED (all third_party).
 */
export interface LlmClient {
  chat(input: ChatInput): Promise<ChatResult>
  /** Sends the texts in batches of up to 96 per request; no request for an empty list. */
  embed(texts: string[]): Promise<EmbedResult>
  transcribe(input: TranscribeInput): Promise<TranscribeResult>
  /** Asks the chat model about one image, sent inline as a data URL. */
  describeImage(input: DescribeImageInput): Promise<DescribeImageResult>
}
