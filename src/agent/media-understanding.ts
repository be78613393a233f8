import type { LlmClient } from '../llm/index.js'
import type { Logger } from '../shared/logger.js'
import type { TenantConfig } from '../tenants/index.js'

/** Turns a voice note or an image into text the turn can carry; null when there is no LLM or it fails. */
export interface MediaUnderstanding {
  transcribe(input: { tenantId: string; config: TenantConfig; audio: Buffer; mimetype: string }): Promise<string | null>
  describeImage(input: { tenantId: string; config: TenantConfig; image: Buffer; mimetype: string; caption: string | null }): Promise<string | null>
}

const imagePrompt =
  'Descreva esta imagem em português do Brasil, em até três frases, com o que for útil para atender o cliente (texto visível, produto, documento, comprovante).'

export const createMediaUnderstanding = (deps: { clientFor: (tenantId: string, config: TenantConfig) => LlmClient | null; logger: Logger }): MediaUnderstanding => {
  const attempt = async <T>(tenantId: string, work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work()
    } catch (error) {
      deps.logger.warn({ tenant_id: tenantId, err: error }, 'media understanding failed')
      return null
    }
  }
  return {
    transcribe: async ({ tenantId, config, audio, mimetype }) => {
      const client = deps.clientFor(tenantId, config)
      if (!client) return null
      // The transcription API goes by the file name's extension; browsers record webm (or mp4).
      const extension = mimetype.includes('webm')
        ? 'webm'
        : mimetype.includes('mp4')
          ? 'm4a'
          : mimetype.includes('mpeg')
            ? 'mp3'
            : mimetype.includes('wav')
              ? 'wav'
              : 'ogg'
      const result = await attempt(tenantId, () => client.transcribe({ audio, fileName: `voice.${extension}`, mimetype }))
      return result?.text.trim() || null
    },
    describeImage: async ({ tenantId, config, image, mimetype, caption }) => {
      const client = deps.clientFor(tenantId, config)
      if (!client) return null
      const prompt = caption ? `${imagePrompt} Legenda enviada junto: "${caption}".` : imagePrompt
      const result = await attempt(tenantId, () => client.describeImage({ image, mimetype, prompt }))
      return result?.description.trim() || null
    },
  }
}

/** How a transcript or a description enters the turn, labelled so the model knows what it was. */
export const labelVoiceNote = (transcript: string) => `[mensagem de voz] ${transcript}`
export const labelImage = (description: string, caption: string | null) =>
  `[imagem: ${description}]${caption ? ` ${caption}` : ''}`
