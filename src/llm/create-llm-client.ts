import { toFile, type OpenAI } from 'openai'
import type { ChatCompletion } from 'openai/resources/chat/completions'
import { embeddingModelDimensions, llmDefaults } from './llm-defaults.js'
import type { ChatResult, ChatUsage, EmbedResult, LlmClient } from './llm-client.js'
import { toLlmError, type LlmOperation } from './llm-errors.js'

export interface LlmModels {
  chat: string
  embedding: string
  /** Asked of the provider only when set; otherwise the model's native size. */
  embeddingDimensions: number | undefined
  transcription: string
}

export interface CreateLlmClientOptions {
  sdk: OpenAI
  /** Only to mask it out of error messages. */
  apiKey: string
  models: LlmModels
}

const chatUsage = (completion: ChatCompletion): ChatUsage => ({
  promptTokens: completion.usage?.prompt_tokens ?? 0,
  completionTokens: completion.usage?.completion_tokens ?? 0,
})

const toChatResult = (completion: ChatCompletion): ChatResult => {
  const message = completion.choices[0]?.message
  return {
    message: {
      content: message?.content ?? null,
      toolCalls: (message?.tool_calls ?? []).flatMap((call) =>
        call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [],
      ),
    },
    usage: chatUsage(completion),
    model: completion.model,
  }
}

const batchesOf = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size))

/** The LlmClient over one configured SDK instance; every SDK error becomes an AppError. */
export const createLlmClient = ({ sdk, apiKey, models }: CreateLlmClientOptions): LlmClient => {
  const call = async <T>(operation: LlmOperation, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      throw toLlmError(error, { operation, apiKey })
    }
  }

  const embedBatch = (input: string[]) =>
    sdk.embeddings.create({
      model: models.embedding,
      input,
      ...(models.embeddingDimensions !== undefined ? { dimensions: models.embeddingDimensions } : {}),
    })

  return {
    chat: ({ messages, tools, model, temperature }) =>
      call('chat', async () => {
        const completion = await sdk.chat.completions.create({
          model: model ?? models.chat,
          messages,
          ...(tools && tools.length > 0 ? { tools } : {}),
          ...(temperature !== undefined ? { temperature } : {}),
        })
        return toChatResult(completion)
      }),

    embed: (texts) =>
      call('embed', async (): Promise<EmbedResult> => {
        const vectors: number[][] = []
        let tokens = 0
        let model: string = models.embedding
        // One batch after another: parallel batches would only meet the rate limit sooner.
        for (const batch of batchesOf(texts, llmDefaults.embeddingBatchSize)) {
          const response = await embedBatch(batch)
          const ordered = [...response.data].sort((a, b) => a.index - b.index)
          vectors.push(...ordered.map((item) => item.embedding))
          tokens += response.usage?.prompt_tokens ?? 0
          model = response.model
        }
        const dimensions = vectors[0]?.length ?? models.embeddingDimensions ?? embeddingModelDimensions[models.embedding] ?? 0
        return { vectors, model, dimensions, usage: { tokens } }
      }),

    transcribe: ({ audio, fileName, mimetype }) =>
      call('transcribe', async () => {
        const transcription = await sdk.audio.transcriptions.create({
          model: models.transcription,
          file: await toFile(audio, fileName, { type: mimetype }),
        })
        const usage = transcription.usage
        return { text: transcription.text, seconds: usage?.type === 'duration' ? usage.seconds : null }
      }),

    describeImage: ({ image, mimetype, prompt }) =>
      call('describe_image', async () => {
        const mediaType = mimetype.split(';')[0]?.trim() || 'image/jpeg'
        const completion = await sdk.chat.completions.create({
          model: models.chat,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: prompt },
                { type: 'image_url', image_url: { url: `data:${mediaType};base64,${image.toString('base64')}` } },
              ],
            },
          ],
        })
        const { message, usage } = toChatResult(completion)
        return { description: message.content ?? '', usage }
      }),
  }
}
